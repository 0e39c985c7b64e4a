package dev.opensts.view;

import dev.opensts.iam.AggregateState;

/**
 * An aggregate's state as a snapshot stores it, decoded on first use: what {@link LiveView#load} may be given
 * instead of a state, so that a replica need not build 100,000 roles' records at start when few of them will be
 * read. The bytes it holds are usually smaller than the records they decode to.
 */
public interface DeferredState {
    /** The record it decodes to (RoleState, ManagedPolicyState, ...), known without decoding. */
    Class<? extends AggregateState> type();

    /**
     * The state; a new record on each call (the view keeps the first).
     *
     * @throws IllegalStateException when the stored form cannot be read
     */
    AggregateState decode();
}
