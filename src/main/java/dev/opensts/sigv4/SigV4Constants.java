package dev.opensts.sigv4;

import java.time.Duration;

/** Names and limits fixed by the SigV4 specification. */
final class SigV4Constants {

    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    static final String TERMINATOR = "aws4_request";
    static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";

    static final String AUTHORIZATION = "Authorization";
    static final String HOST = "host";
    static final String X_AMZ_DATE = "X-Amz-Date";
    static final String DATE = "Date";
    static final String X_AMZ_SECURITY_TOKEN = "X-Amz-Security-Token";
    static final String X_AMZ_CONTENT_SHA256 = "x-amz-content-sha256";

    static final String Q_ALGORITHM = "X-Amz-Algorithm";
    static final String Q_CREDENTIAL = "X-Amz-Credential";
    static final String Q_DATE = "X-Amz-Date";
    static final String Q_SIGNED_HEADERS = "X-Amz-SignedHeaders";
    static final String Q_EXPIRES = "X-Amz-Expires";
    static final String Q_SECURITY_TOKEN = "X-Amz-Security-Token";
    static final String Q_SIGNATURE = "X-Amz-Signature";

    /** AWS accepts header-signed requests up to 15 minutes away from its clock, either direction. */
    static final Duration MAX_SKEW = Duration.ofMinutes(15);
    /** A signing key is only valid for seven days, hence the cap on X-Amz-Expires. */
    static final long MAX_EXPIRES_SECONDS = 604_800;
    /** STS lets a presigned URL live 15 minutes when X-Amz-Expires is absent. */
    static final Duration DEFAULT_PRESIGN_EXPIRES = Duration.ofMinutes(15);

    private SigV4Constants() {
    }
}
