/**
 * Core: AWS Signature Version 4. Parsing an Authorization header or a presigned query, canonicalizing the request,
 * deriving (and caching) signing keys and verifying a signature in constant time; a signer for tests and tools.
 * Checked against AWS's published test suite (src/test/resources/sigv4-test-suite).
 *
 * <p>May import: the JDK and {@code dev.opensts.text}. It knows requests only through
 * {@link dev.opensts.sigv4.HttpRequestView}, never an HTTP framework's types.
 */
package dev.opensts.sigv4;
