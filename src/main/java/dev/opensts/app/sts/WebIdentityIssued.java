package dev.opensts.app.sts;

import dev.opensts.app.sts.webidentity.VerifiedToken;

/**
 * AssumeRoleWithWebIdentity's answer: the session, and the identity it was issued to.
 *
 * @param providerArn the OpenID Connect provider that vouched for the token
 * @param provider    AWS's Provider in the answer: the token's {@code iss}
 */
public record WebIdentityIssued(IssuedCredentials credentials, VerifiedToken token, String providerArn,
                                String provider) {
}
