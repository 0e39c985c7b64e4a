package dev.opensts.view;

import dev.opensts.iam.AggregateState;

/**
 * An aggregate as a snapshot hands it to {@link LiveView#load}: its version and either its state (null for a deleted
 * aggregate) or its stored form, decoded when the view first needs it.
 */
public record Stored(long version, AggregateState state, DeferredState deferred) {

    public Stored {
        if (state != null && deferred != null) {
            throw new IllegalArgumentException("a stored aggregate is either decoded or deferred");
        }
    }

    public static Stored of(long version, AggregateState state) {
        return new Stored(version, state, null);
    }

    public static Stored deferred(long version, DeferredState deferred) {
        return new Stored(version, null, deferred);
    }
}
