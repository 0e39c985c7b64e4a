package dev.opensts.policy;

/** AWS's three evaluation results: an explicit Deny beats any Allow; no applicable Allow is an implicit deny. */
public enum Outcome {
    ALLOW,
    EXPLICIT_DENY,
    IMPLICIT_DENY
}
