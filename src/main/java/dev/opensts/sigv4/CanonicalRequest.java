package dev.opensts.sigv4;

import java.util.List;

/** The six parts of a SigV4 canonical request; {@link #text()} joins them as the spec says. */
record CanonicalRequest(String method, String path, String query, String headers, List<String> signedHeaders,
                        String payloadHash) {

    String text() {
        return method + '\n' + path + '\n' + query + '\n' + headers + '\n' + String.join(";", signedHeaders) + '\n'
                + payloadHash;
    }
}
