/**
 * The typed settings ({@link dev.opensts.settings.OpenStsConfig}, every {@code OPENSTS_*} variable of
 * docs/operations.md) and the config source that turns a TLS switch into Quarkus's settings. A leaf: adapters and the
 * wiring read settings without importing each other.
 *
 * <p>May import: the JDK, SmallRye Config and MicroProfile Config only. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.settings;
