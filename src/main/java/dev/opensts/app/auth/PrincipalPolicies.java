package dev.opensts.app.auth;

import dev.opensts.policy.NamedPolicy;

import java.util.List;

/**
 * The policies that bound what a principal may do: its identity policies and, for a session, the
 * session policies passed when it was created (null when there were none: no further limit), and
 * the permissions boundary of the user or role (null when it has none).
 */
public record PrincipalPolicies(List<NamedPolicy> identity, List<NamedPolicy> session, NamedPolicy boundary) {
}
