/**
 * The composition root: CDI producers build the core's, the view's and the application layer's objects and the
 * adapters that implement the ports ({@link dev.opensts.config.CoreBeans}); {@link dev.opensts.config.Lifecycle}
 * starts a replica (migrations, snapshot, feeders) and stops it; readiness and metrics.
 *
 * <p>May import anything of ours but the launcher. Nothing imports it: it only wires. Enforced by
 * {@code ArchitectureTest}.
 */
package dev.opensts.config;
