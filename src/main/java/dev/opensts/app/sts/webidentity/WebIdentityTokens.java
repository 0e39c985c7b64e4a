package dev.opensts.app.sts.webidentity;

import io.smallrye.mutiny.Uni;

/**
 * Port: verifies web identity tokens. Implemented by {@code dev.opensts.adapter.oidc.OidcTokenVerifier}.
 *
 * <p>Failures are {@link dev.opensts.error.AwsException}s with AWS's codes: {@code InvalidIdentityToken} (malformed,
 * too large, not signed with an allowed asymmetric algorithm, bad signature, unknown key, wrong issuer, audience not
 * in the ClientIDList, not yet valid), {@code ExpiredTokenException}, {@code IDPRejectedClaim} (a well-signed token
 * whose AWS claims, session tags or source identity, are unusable) and {@code IDPCommunicationError} (the issuer's
 * keys could not be fetched; retryable). No message ever contains the token.
 */
public interface WebIdentityTokens {

    /**
     * A token read but not verified: what finds its provider, and what the adapter parsed, so that verifying it does
     * not parse it again. Only {@link #verify(Unverified, WebIdentityProvider)} of the port that read it takes it.
     */
    interface Unverified {
        /**
         * The token's {@code iss}, not verified, in the form AWS stores a provider's url (see
         * {@link WebIdentityProvider#normalize}): what finds the provider in the role's account.
         */
        String issuer();
    }

    /**
     * Reads a token without verifying it. Fails with {@code InvalidIdentityToken} when it is too large, malformed,
     * not a JWS of an allowed algorithm, or has no issuer.
     */
    Unverified read(String token);

    /** Verifies a token read by {@link #read} as issued by {@code provider}; never blocks the calling thread. */
    Uni<VerifiedToken> verify(Unverified token, WebIdentityProvider provider);

    /** Reads and verifies {@code token}; a token that cannot be read is a failed {@code Uni}. */
    default Uni<VerifiedToken> verify(String token, WebIdentityProvider provider) {
        return Uni.createFrom().deferred(() -> verify(read(token), provider));
    }
}
