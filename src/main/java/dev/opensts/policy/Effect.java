package dev.opensts.policy;

/** A statement's Effect element. */
public enum Effect {
    ALLOW,
    DENY
}
