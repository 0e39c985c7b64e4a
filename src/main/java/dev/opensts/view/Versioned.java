package dev.opensts.view;

/**
 * An aggregate as the view holds it: its version (the number of events applied), its state (null
 * before creation and after deletion) and its policies compiled once, when the event was applied.
 */
public record Versioned(long version, Object state, Object compiled) {
    public static final Versioned ABSENT = new Versioned(0, null, null);
}
