/**
 * Use-case layer: web identities. The port {@link dev.opensts.app.sts.webidentity.WebIdentityTokens} verifies a
 * web identity token (a JWS from an OpenID Connect issuer: Kubernetes, GitHub Actions, Keycloak, ...) against a
 * {@link dev.opensts.app.sts.webidentity.WebIdentityProvider} and answers the
 * {@link dev.opensts.app.sts.webidentity.VerifiedToken} AssumeRoleWithWebIdentity decides on, or fails with AWS's
 * error ({@code InvalidIdentityToken}, {@code ExpiredTokenException}, {@code IDPRejectedClaim},
 * {@code IDPCommunicationError}). The port is plain Java: the JOSE library lives in {@code dev.opensts.adapter.oidc}.
 * docs/workload-identity.md, "Token verification".
 *
 * <p>May import: as {@code dev.opensts.app}.
 */
package dev.opensts.app.sts.webidentity;
