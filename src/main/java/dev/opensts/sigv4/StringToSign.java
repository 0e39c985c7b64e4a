package dev.opensts.sigv4;

import java.time.Instant;

/** AWS4-HMAC-SHA256, the request time, the credential scope and the hash of the canonical request. */
final class StringToSign {

    private StringToSign() {
    }

    static String of(Instant requestTime, String scope, CanonicalRequest canonical) {
        return SigV4Constants.ALGORITHM + '\n' + AmzDate.format(requestTime) + '\n' + scope + '\n'
                + Crypto.sha256Hex(canonical.text());
    }
}
