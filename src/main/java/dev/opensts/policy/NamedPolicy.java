package dev.opensts.policy;

import java.util.Objects;

/** A compiled policy with the name decisions report it under, e.g. "role/Admin inline Read" or a policy ARN. */
public record NamedPolicy(String name, Policy policy) {
    public NamedPolicy {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(policy, "policy");
    }
}
