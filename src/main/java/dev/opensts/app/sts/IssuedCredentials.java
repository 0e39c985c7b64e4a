package dev.opensts.app.sts;

import dev.opensts.credentials.SessionClaims;

/** A session just minted: its claims (with the secret) and its token. */
public record IssuedCredentials(SessionClaims claims, String sessionToken, Integer packedPolicySize) {
}
