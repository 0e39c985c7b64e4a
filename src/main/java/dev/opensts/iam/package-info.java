/**
 * Core: the IAM domain as event-sourced aggregates (accounts, users, roles, customer-managed policies, OpenID Connect
 * providers, EKS Pod Identity associations, instance profiles). Each
 * aggregate has sealed commands and events, an immutable state, and a pure decider ({@code decide(command, state)}
 * gives events or an {@link dev.opensts.error.AwsException}; {@code evolve(state, event)} gives the next state).
 * {@link dev.opensts.iam.EventEnvelope} carries an event with its stream id and versions; stream ids are
 * case-folded, pathless ARNs (docs/adr/0002).
 *
 * <p>May import: the JDK, {@code arn}, {@code policy}, {@code error}, {@code credentials} (TOTP, for MFA devices). No clock, no randomness, no I/O: time and
 * ids come in with the command. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.iam;
