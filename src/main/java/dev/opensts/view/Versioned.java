package dev.opensts.view;

import dev.opensts.iam.AggregateState;

/**
 * An aggregate as a writer reads it from the view: its version (the number of events applied) and its state (null
 * before creation and after deletion).
 */
public record Versioned(long version, AggregateState state) {
    public static final Versioned ABSENT = new Versioned(0, null);
}
