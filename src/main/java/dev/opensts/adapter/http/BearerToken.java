package dev.opensts.adapter.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A configured bearer token and the check of an Authorization header against it, in constant time. No token
 * configured matches nothing: an endpoint guarded by an unset token refuses everyone.
 */
final class BearerToken {
    private final byte[] token;

    BearerToken(String token) {
        this.token = token == null || token.isBlank() ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    boolean matches(String authorizationHeader) {
        if (token == null || authorizationHeader == null || !authorizationHeader.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token, authorizationHeader.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }
}
