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

    /** Verifies {@code token} as issued by {@code provider}; never blocks the calling thread. */
    Uni<VerifiedToken> verify(String token, WebIdentityProvider provider);

    /**
     * The {@code iss} of a token, not verified, in the form AWS stores a provider's url (see
     * {@link WebIdentityProvider#normalize}): what finds the provider in the role's account. Fails with
     * {@code InvalidIdentityToken} when the token is too large, malformed or has no issuer.
     */
    String unverifiedIssuer(String token);
}
