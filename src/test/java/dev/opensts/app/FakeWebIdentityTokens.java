package dev.opensts.app;

import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.app.sts.webidentity.WebIdentityProvider;
import dev.opensts.app.sts.webidentity.WebIdentityTokens.Unverified;
import dev.opensts.app.sts.webidentity.WebIdentityTokens;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The web identity port in process: tokens are names the test gives a verdict (the claims it verifies to, or the
 * error it fails with). What verifies a real token is OidcTokenVerifierTest's; here the use case is under test. Like
 * the real verifier, a token verifies only for the provider whose URL is its issuer, and only for audiences in the
 * provider's ClientIDList.
 */
public final class FakeWebIdentityTokens implements WebIdentityTokens {
    private final Map<String, VerifiedToken> valid = new ConcurrentHashMap<>();
    private final Map<String, AwsException> invalid = new ConcurrentHashMap<>();
    private final Map<String, String> issuers = new ConcurrentHashMap<>();
    /** The providers verify was asked with, in order. */
    public final List<WebIdentityProvider> asked = new ArrayList<>();

    /** {@code token} verifies to {@code claims} (its issuer is theirs). */
    public FakeWebIdentityTokens valid(String token, VerifiedToken claims) {
        valid.put(token, claims);
        issuers.put(token, WebIdentityProvider.normalize(claims.issuer()));
        return this;
    }

    /** {@code token} names {@code issuer} but fails verification with {@code error}. */
    public FakeWebIdentityTokens invalid(String token, String issuer, AwsException error) {
        invalid.put(token, error);
        issuers.put(token, WebIdentityProvider.normalize(issuer));
        return this;
    }

    /** A token the fake read: the token itself, and the issuer it names. */
    private record Read(String token, String issuer) implements Unverified {
    }

    @Override
    public synchronized Uni<VerifiedToken> verify(Unverified read, WebIdentityProvider provider) {
        asked.add(provider);
        String token = ((Read) read).token();
        AwsException error = invalid.get(token);
        if (error != null) {
            return Uni.createFrom().failure(error);
        }
        VerifiedToken t = valid.get(token);
        if (t == null || !provider.isIssuer(t.issuer())) {
            return Uni.createFrom().failure(new AwsException(ErrorCode.InvalidIdentityToken, "not a valid token"));
        }
        if (!provider.clientIds().contains(t.audience())) {
            return Uni.createFrom().failure(new AwsException(ErrorCode.InvalidIdentityToken, "Incorrect token audience"));
        }
        return Uni.createFrom().item(t);
    }

    /** Tokens the test named read as naming their issuer; any other text as a token whose issuer is unknown. */
    @Override
    public Unverified read(String token) {
        String iss = issuers.get(token);
        return new Read(token, iss == null ? "unknown.invalid" : iss);
    }
}
