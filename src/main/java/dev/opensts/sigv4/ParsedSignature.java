package dev.opensts.sigv4;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Phase-1 result: who claims to have signed, for which scope, and when. Contains no secret.
 *
 * @param date          credential scope date, {@code yyyyMMdd}
 * @param signedHeaders names exactly as the client listed them (SigV4 clients send them lower-case and sorted)
 * @param requestTime   from X-Amz-Date (header or query), else the Date header
 * @param expires       presigned only (X-Amz-Expires), else null
 * @param securityToken X-Amz-Security-Token from the header or the query, or null
 */
public record ParsedSignature(String accessKeyId, String date, String region, String service,
                              List<String> signedHeaders, String signature, Instant requestTime,
                              boolean presigned, Duration expires, String securityToken) {

    public ParsedSignature {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** {@code date/region/service/aws4_request}. */
    public String credentialScope() {
        return date + "/" + region + "/" + service + "/" + SigV4Constants.TERMINATOR;
    }

    /** The token is a bearer credential: keep it out of logs. */
    @Override
    public String toString() {
        return "ParsedSignature[accessKeyId=" + accessKeyId + ", scope=" + credentialScope()
                + ", signedHeaders=" + signedHeaders + ", requestTime=" + requestTime + ", presigned=" + presigned
                + ", expires=" + expires + ", securityToken=" + (securityToken == null ? "null" : "***") + "]";
    }
}
