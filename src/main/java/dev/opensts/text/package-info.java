/**
 * Core: small text formats shared by the core (ISO-8601 times as AWS writes them).
 *
 * <p>May import: the JDK only.
 */
package dev.opensts.text;
