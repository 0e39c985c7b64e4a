/**
 * Adapter: OpenID Connect. {@link dev.opensts.adapter.oidc.OidcTokenVerifier} implements the application layer's
 * {@code WebIdentityTokens} port with nimbus-jose-jwt (parsing and signature verification) and a key cache per
 * issuer; {@link dev.opensts.adapter.oidc.JwksFetcher} fetches discovery and JWKS with the JDK's {@code HttpClient}
 * (asynchronously, with size limits and timeouts); {@link dev.opensts.adapter.oidc.AwsClaims} reads AWS's and
 * Kubernetes's claims;
 * {@link dev.opensts.adapter.oidc.ProviderTrust} is the TLS rule for an issuer (JVM trust store, in-cluster CA, or a
 * ThumbprintList entry). docs/workload-identity.md, "Token verification".
 *
 * <p>May import: the application layer, the core, nimbus-jose-jwt, Mutiny, JBoss Logging and the JDK (networking,
 * TLS). Never another adapter nor the wiring. Enforced by {@code ArchitectureTest}.
 */
package dev.opensts.adapter.oidc;
