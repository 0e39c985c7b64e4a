package dev.opensts.adapter.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWT;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.JWTParser;
import com.nimbusds.jwt.SignedJWT;
import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.app.sts.webidentity.WebIdentityProvider;
import dev.opensts.app.sts.webidentity.WebIdentityTokens.Unverified;
import dev.opensts.app.sts.webidentity.WebIdentityTokens;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.security.Key;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Verifies web identity tokens with nimbus-jose-jwt against keys fetched from the issuer (docs/workload-identity.md,
 * "Token verification").
 *
 * <ul>
 *   <li>A token longer than {@link Limits#maxTokenChars} is refused before it is parsed.</li>
 *   <li>Only JWS with RS256/384/512, PS256/384/512 or ES256/384/512 are accepted: never {@code none}, an HMAC or an
 *       encrypted JWT. Only RSA and EC public keys of the JWKS are used.</li>
 *   <li>The claims are checked before any key is fetched, so a token for another issuer or audience never causes a
 *       fetch: {@code iss} names the provider ({@link WebIdentityProvider#isIssuer}); {@code sub} and {@code exp} are
 *       present; {@code exp}, {@code nbf} and {@code iat} hold on the injected clock within
 *       {@link Limits#clockSkew}; an {@code aud} value (or, failing that, {@code azp}) is in the ClientIDList.</li>
 *   <li>Keys: {@code ISSUER/.well-known/openid-configuration} names {@code jwks_uri} (https); the JWKS is cached per
 *       issuer (url, thumbprints and in-cluster setting: two providers with the same url and different trust never
 *       share keys) for {@link Limits#keyTtl}. A {@code kid} not in the cache triggers a refresh, but at most one
 *       fetch per issuer starts per {@link Limits#refreshInterval} (initial load included) and concurrent callers
 *       share the one in flight: an unsigned caller cannot make open-sts fetch in a loop. A failed fetch is not
 *       retried within the interval either. When a TTL refresh fails, the previous keys stay in use.</li>
 *   <li>Fetches run on the JDK {@code HttpClient} asynchronously (on this verifier's small pool, never the
 *       caller's thread), with connect and request timeouts and a size limit per document; redirects are not
 *       followed. TLS: {@link ProviderTrust}.</li>
 * </ul>
 * Messages and log lines never contain the token, nor any value read from an unverified token.
 */
public final class OidcTokenVerifier implements WebIdentityTokens, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(OidcTokenVerifier.class);

    /** The asymmetric JWS algorithms a web identity token may use. */
    public static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512,
            JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.ES512);

    /** Most fetches of one issuer URL started per refresh interval, over all the trusts it is fetched under. */
    static final int MAX_FETCHES_PER_URL = 3;

    /** Most keys a token's signature is tried against: keys sharing a kid are a rotation's, not a collection. */
    static final int MAX_KEYS_TRIED = 2;

    static final String COMMUNICATION_ERROR = "Couldn't retrieve verification key from your identity provider,"
            + " please reference AssumeRoleWithWebIdentity documentation for requirements";

    /**
     * @param maxTokenChars     longest token accepted (AWS's WebIdentityToken allows 20,000)
     * @param clockSkew         tolerance on {@code exp}, {@code nbf} and {@code iat}
     * @param keyTtl            how long fetched keys are used before they are fetched again
     * @param refreshInterval   at most one fetch per issuer starts within this interval
     * @param connectTimeout    TCP and TLS connect timeout of a fetch
     * @param requestTimeout    timeout of each HTTP exchange of a fetch
     * @param maxDiscoveryBytes largest discovery document accepted
     * @param maxJwksBytes      largest JWKS document accepted
     */
    public record Limits(int maxTokenChars, Duration clockSkew, Duration keyTtl, Duration refreshInterval,
                         Duration connectTimeout, Duration requestTimeout, int maxDiscoveryBytes, int maxJwksBytes) {
        public static final Limits DEFAULTS = new Limits(20_000, Duration.ofSeconds(60), Duration.ofHours(1),
                Duration.ofSeconds(60), Duration.ofSeconds(5), Duration.ofSeconds(10), 64 * 1024, 256 * 1024);
    }

    /** One issuer's keys and fetch state; guarded by its own monitor. */
    private static final class IssuerKeys {
        final IssuerId id;
        JWKSet keys;
        Instant fetchedAt;
        Instant lastAttempt;
        Instant lastUsed;
        CompletableFuture<JWKSet> inFlight;

        IssuerKeys(IssuerId id) {
            this.id = id;
        }
    }

    private final Clock clock;
    private final Limits limits;
    private final JwksFetcher fetcher;
    private final ConcurrentHashMap<IssuerId, IssuerKeys> issuers = new ConcurrentHashMap<>();
    private final AtomicReference<Instant> lastEviction;
    private final DefaultJWSVerifierFactory verifiers = new DefaultJWSVerifierFactory();

    public OidcTokenVerifier(Clock clock, Limits limits) {
        this.clock = clock;
        this.limits = limits;
        this.lastEviction = new AtomicReference<>(clock.instant());
        this.fetcher = new JwksFetcher(limits);
    }

    @Override
    public void close() {
        fetcher.close();
    }

    /** A token parsed once: its JWS and claims, and its issuer as AWS stores a provider's url. */
    private record Parsed(SignedJWT jwt, JWTClaimsSet claims, String issuer) implements Unverified {
    }

    @Override
    public Unverified read(String token) {
        SignedJWT jwt = parse(token);
        JWTClaimsSet claims;
        try {
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw invalid("The web identity token is malformed");
        }
        String iss = claims.getIssuer();
        if (iss == null || iss.isBlank()) {
            throw invalid("The web identity token has no issuer");
        }
        return new Parsed(jwt, claims, WebIdentityProvider.normalize(iss));
    }

    @Override
    public Uni<VerifiedToken> verify(Unverified token, WebIdentityProvider provider) {
        return Uni.createFrom().deferred(() -> {
            if (!(token instanceof Parsed parsed)) {
                throw new IllegalArgumentException("a token read by another verifier");
            }
            SignedJWT jwt = parsed.jwt();
            JWTClaimsSet claims = parsed.claims();
            String audience = checkClaims(claims, provider);
            evictIdle();
            IssuerKeys issuer = issuers.computeIfAbsent(IssuerId.of(provider), IssuerKeys::new);
            CompletableFuture<VerifiedToken> verified = keys(issuer, false).thenCompose(keys -> {
                List<? extends Key> candidates = candidates(jwt.getHeader(), keys);
                if (!candidates.isEmpty()) {
                    return CompletableFuture.completedFuture(candidates);
                }
                return keys(issuer, true).thenApply(refreshed -> {
                    List<? extends Key> again = candidates(jwt.getHeader(), refreshed);
                    if (again.isEmpty()) {
                        throw invalid("No key of the identity provider matches the web identity token's key id");
                    }
                    return again;
                });
            }).thenApply(candidates -> {
                checkSignature(jwt, candidates);
                return AwsClaims.of(claims, audience);
            });
            return Uni.createFrom().completionStage(verified)
                    .onFailure(CompletionException.class).transform(Throwable::getCause);
        }).onFailure(AwsException.class).invoke(e -> LOG.debugf("Web identity token refused for %s: %s (%s)",
                provider.arn(), ((AwsException) e).code(), e.getMessage()));
    }

    // --- the token itself -------------------------------------------------------------------------------

    private SignedJWT parse(String token) {
        if (token == null || token.isEmpty()) {
            throw invalid("The web identity token is empty");
        }
        if (token.length() > limits.maxTokenChars()) {
            throw invalid("The web identity token is longer than " + limits.maxTokenChars() + " characters");
        }
        JWT jwt;
        try {
            jwt = JWTParser.parse(token);
        } catch (ParseException | RuntimeException e) {
            throw invalid("The web identity token is malformed");
        }
        if (!(jwt instanceof SignedJWT signed)) {
            throw invalid("The web identity token is not a signed JWT (JWS)");
        }
        if (!ALGORITHMS.contains(signed.getHeader().getAlgorithm())) {
            throw invalid("The web identity token's signing algorithm is not allowed: use RS256, RS384, RS512, PS256,"
                    + " PS384, PS512, ES256, ES384 or ES512");
        }
        return signed;
    }

    /** The checks that need no key; answers the audience that matched the ClientIDList. */
    private String checkClaims(JWTClaimsSet claims, WebIdentityProvider provider) {
        String iss = claims.getIssuer();
        if (!provider.isIssuer(iss)) {
            throw invalid("The web identity token's issuer does not match the identity provider");
        }
        if (claims.getSubject() == null || claims.getSubject().isEmpty()) {
            throw invalid("The web identity token has no subject (sub)");
        }
        Instant now = clock.instant();
        Duration skew = limits.clockSkew();
        Date exp = claims.getExpirationTime();
        if (exp == null) {
            throw invalid("The web identity token has no expiration time (exp)");
        }
        if (now.isAfter(exp.toInstant().plus(skew))) {
            // the token's own times are not repeated: nothing read from a token before it verified is
            throw new AwsException(ErrorCode.ExpiredTokenException, "Token expired: current date/time " + now
                    + " is after the token's expiration time");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && now.plus(skew).isBefore(nbf.toInstant())) {
            throw invalid("The web identity token is not valid yet (nbf)");
        }
        Date iat = claims.getIssueTime();
        if (iat != null && now.plus(skew).isBefore(iat.toInstant())) {
            throw invalid("The web identity token was issued in the future (iat)");
        }
        for (String aud : claims.getAudience()) {
            if (provider.clientIds().contains(aud)) {
                return aud;
            }
        }
        Object azp = claims.getClaim("azp");
        if (azp instanceof String a && provider.clientIds().contains(a)) {
            return a;
        }
        throw invalid("Incorrect token audience");
    }

    private static List<? extends Key> candidates(JWSHeader header, JWKSet keys) {
        try {
            return new JWSVerificationKeySelector<SecurityContext>(ALGORITHMS, new ImmutableJWKSet<>(keys))
                    .selectJWSKeys(header, null);
        } catch (KeySourceException e) {
            return List.of();
        }
    }

    /**
     * Tries at most {@value #MAX_KEYS_TRIED} keys: a token that names no key ({@code kid}) is verified only when the
     * issuer has exactly one key of its type, so that no token makes open-sts try every key of a large JWKS on the
     * caller's thread (a JWKS of a thousand P-521 keys would otherwise cost seconds per unsigned call).
     */
    private void checkSignature(SignedJWT jwt, List<? extends Key> candidates) {
        if (jwt.getHeader().getKeyID() == null && candidates.size() > 1) {
            throw invalid("The web identity token names no key (kid) and the identity provider has several");
        }
        for (Key key : candidates.subList(0, Math.min(MAX_KEYS_TRIED, candidates.size()))) {
            try {
                if (jwt.verify(verifiers.createJWSVerifier(jwt.getHeader(), key))) {
                    return;
                }
            } catch (JOSEException | RuntimeException e) {
                // a key unusable for this algorithm (e.g. an EC key of another curve): try the next one
            }
        }
        throw invalid("The web identity token's signature is not valid");
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidIdentityToken, message);
    }

    // --- keys ----------------------------------------------------------------------------------------------

    /**
     * Forgets, at most once per refresh interval, the issuers not used for four key TTLs (a deleted
     * provider, or one whose thumbprints changed: its trust is part of the cache key).
     */
    private void evictIdle() {
        Instant now = clock.instant();
        Instant last = lastEviction.get();
        if (now.isBefore(last.plus(limits.refreshInterval())) || !lastEviction.compareAndSet(last, now)) {
            return;
        }
        Instant idleSince = now.minus(limits.keyTtl().multipliedBy(4));
        long windowEnd = now.toEpochMilli() - limits.refreshInterval().toMillis();
        urlFetches.values().removeIf(w -> w[0] <= windowEnd);
        issuers.values().removeIf(e -> {
            synchronized (e) {
                return e.inFlight == null && e.lastUsed != null && e.lastUsed.isBefore(idleSince);
            }
        });
    }

    /** How many issuers' keys and clients are held (for tests). */
    int cachedIssuers() {
        return issuers.size();
    }

    /**
     * The issuer's keys: the cached ones while fresh (or, with {@code refresh}, while a fetch started within the
     * refresh interval), the fetch in flight if there is one, else a new fetch if the interval allows one.
     */
    private CompletableFuture<JWKSet> keys(IssuerKeys issuer, boolean refresh) {
        Instant now = clock.instant();
        synchronized (issuer) {
            issuer.lastUsed = now;
            boolean fresh = issuer.keys != null && now.isBefore(issuer.fetchedAt.plus(limits.keyTtl()));
            if (fresh && !refresh) {
                return CompletableFuture.completedFuture(issuer.keys);
            }
            if (issuer.inFlight != null) {
                return issuer.inFlight;
            }
            if (issuer.lastAttempt != null && now.isBefore(issuer.lastAttempt.plus(limits.refreshInterval()))) {
                if (issuer.keys != null) {
                    return CompletableFuture.completedFuture(issuer.keys);
                }
                return CompletableFuture.failedFuture(
                        new AwsException(ErrorCode.IDPCommunicationError, COMMUNICATION_ERROR));
            }
            if (!mayFetch(issuer.id, now)) {
                LOG.warnf("Keys of %s not fetched: %d fetches of this URL already started within %s (providers of "
                        + "the URL with other thumbprints)", issuer.id.issuerUrl(), MAX_FETCHES_PER_URL,
                        limits.refreshInterval());
                if (issuer.keys != null) {
                    return CompletableFuture.completedFuture(issuer.keys);
                }
                return CompletableFuture.failedFuture(
                        new AwsException(ErrorCode.IDPCommunicationError, COMMUNICATION_ERROR));
            }
            issuer.lastAttempt = now;
            JWKSet previous = issuer.keys;
            CompletableFuture<JWKSet> fetch = fetcher.fetch(issuer.id).handle((keys, failure) -> {
                synchronized (issuer) {
                    issuer.inFlight = null;
                    if (failure == null) {
                        issuer.keys = keys;
                        issuer.fetchedAt = clock.instant();
                        return keys;
                    }
                }
                Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                LOG.warnf("Could not fetch the keys of the identity provider %s: %s", issuer.id.issuerUrl(),
                        describe(cause));
                if (previous != null && !refresh) {
                    return previous;
                }
                throw new AwsException(ErrorCode.IDPCommunicationError, COMMUNICATION_ERROR);
            });
            issuer.inFlight = fetch;
            if (fetch.isDone()) {
                issuer.inFlight = null;
            }
            return fetch;
        }
    }

    /** Fetches started per URL (host case-folded) in the current window: {window start, count}. */
    private final ConcurrentHashMap<String, long[]> urlFetches = new ConcurrentHashMap<>();

    /**
     * Whether a fetch of this issuer's URL may start: at most {@value #MAX_FETCHES_PER_URL} per refresh interval for
     * one URL, whatever the thumbprints or in-cluster setting (each a cache entry of its own). Without it, a tenant
     * changing a provider's thumbprints (or creating and deleting providers of a URL) would make open-sts fetch a URL
     * of its choice once per IAM call.
     */
    private boolean mayFetch(IssuerId id, Instant now) {
        long t = now.toEpochMilli();
        long window = limits.refreshInterval().toMillis();
        boolean[] allowed = {false};
        urlFetches.compute(dev.opensts.iam.OidcProviderUrl.key(id.url()), (k, w) -> {
            if (w == null || t - w[0] >= window) {
                allowed[0] = true;
                return new long[] {t, 1};
            }
            if (w[1] < MAX_FETCHES_PER_URL) {
                allowed[0] = true;
                w[1]++;
            }
            return w;
        });
        return allowed[0];
    }

    private static String describe(Throwable t) {
        StringBuilder s = new StringBuilder(t.getClass().getSimpleName() + ": " + t.getMessage());
        for (Throwable c = t.getCause(); c != null && c != t; c = c.getCause()) {
            s.append(" / ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
            if (c.getCause() == c) {
                break;
            }
        }
        return s.toString();
    }

}
