package dev.opensts.app.sts;

/**
 * Where an unsigned request came from: all that is known of its caller before its web identity token is verified
 * (aws:SourceIp, aws:SecureTransport, aws:UserAgent, and the audit record's sourceIPAddress and userAgent).
 */
public record Origin(String sourceIp, boolean secure, String userAgent, dev.opensts.app.Tls tls) {
    /** An origin whose TLS connection is not known (or plain HTTP). */
    public Origin(String sourceIp, boolean secure, String userAgent) {
        this(sourceIp, secure, userAgent, null);
    }
}
