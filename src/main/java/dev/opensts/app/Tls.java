package dev.opensts.app;

/**
 * The TLS connection a request came over, as the audit record's tlsDetails names it; absent (null) over plain HTTP.
 *
 * @param version     the negotiated protocol, e.g. TLSv1.3
 * @param cipherSuite the negotiated cipher suite
 * @param host        the Host header the client sent
 */
public record Tls(String version, String cipherSuite, String host) {
}
