/**
 * The application layer: every use case has its home in a sub-package ({@code iam, sts, revocation, decisions,
 * audit, auth}). A use case takes a typed request, decides (authorization, ids, the clock, rules across
 * aggregates), and answers a typed result as a Mutiny {@code Uni}; it reaches the outside only through the ports it
 * defines (event appender, revocation log, audit log), which adapters implement and {@code dev.opensts.config}
 * wires. This package holds what all use cases share: the authenticated {@link dev.opensts.app.Caller}.
 *
 * <p>May import: the JDK, the core, {@code dev.opensts.view}, {@code dev.opensts.app..}, Mutiny and JBoss Logging.
 * No framework, no adapter, no settings, no wiring. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.app;
