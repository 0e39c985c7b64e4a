/**
 * Core: temporary and long-term credentials. Access key ids and secrets ({@link dev.opensts.credentials.CredentialIds},
 * {@link dev.opensts.credentials.BufferedRandom}), the self-contained session token (claims sealed with AES-256-GCM
 * under the {@link dev.opensts.credentials.KeyRing}, docs/adr/0006) and the sealing of stored secrets.
 *
 * <p>May import: the JDK (including {@code javax.crypto}) only.
 */
package dev.opensts.credentials;
