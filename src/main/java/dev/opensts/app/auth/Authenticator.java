package dev.opensts.app.auth;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.SessionPrincipals;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.InvalidSessionTokenException;
import dev.opensts.credentials.KeyRing;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.UserState;
import dev.opensts.policy.PrincipalType;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.ParsedSignature;
import dev.opensts.sigv4.SigV4Verifier;
import dev.opensts.view.KeyOwner;
import dev.opensts.view.LiveView;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.function.BooleanSupplier;

/**
 * Turns a SigV4-signed request into its caller: checks the signature's scope (service and region), finds
 * the secret of the access key (the default account's root key from configuration, other keys from the live
 * view), verifies the signature, and names the principal. Unknown and inactive keys get the same answer, so
 * that a caller cannot tell which keys exist. Temporary credentials are refused once revoked, and once the
 * principal they were issued for no longer exists or is another one of the same name. Until this replica's
 * view and revocation index have caught up with their topics, nothing is authenticated (ServiceUnavailable):
 * a replica that has not read a deletion or a revocation yet must not honour what it revoked.
 */
public final class Authenticator {
    private static final Logger LOG = Logger.getLogger(Authenticator.class);
    private static final String INVALID_KEY = "The security token included in the request is invalid.";

    private final LiveView view;
    private final KeyRing keyRing;
    private final SigV4Verifier verifier;
    private final String defaultAccount;
    private final String defaultRootKeyId;
    private final String defaultRootSecret;
    private final SessionTokenCodec tokens;
    private final Clock clock;
    private final RevocationCheck revocations;
    private final SessionPrincipals principals;
    private final BooleanSupplier caughtUp;

    public Authenticator(LiveView view, KeyRing keyRing, SigV4Verifier verifier, String defaultAccount,
                         String defaultRootKeyId, String defaultRootSecret, SessionTokenCodec tokens, Clock clock,
                         RevocationCheck revocations, SessionPrincipals principals, BooleanSupplier caughtUp) {
        this.revocations = revocations;
        this.tokens = tokens;
        this.clock = clock;
        this.view = view;
        this.keyRing = keyRing;
        this.verifier = verifier;
        this.defaultAccount = defaultAccount;
        this.defaultRootKeyId = defaultRootKeyId;
        this.defaultRootSecret = defaultRootSecret;
        this.principals = principals;
        this.caughtUp = caughtUp;
    }

    /** @param parsed the request's signature, already parsed ({@link dev.opensts.sigv4.SigV4Parser}) */
    public Caller authenticate(HttpRequestView request, ParsedSignature parsed, RequestInfo info) {
        info.scope().check(parsed);
        if (!caughtUp.getAsBoolean()) {
            throw new AwsException(ErrorCode.ServiceUnavailable, "This replica is still reading the event log and "
                    + "cannot authenticate requests yet. Retry shortly.");
        }
        String keyId = parsed.accessKeyId();
        if (keyId.startsWith("ASIA")) {
            return session(request, parsed, info);
        }
        if (parsed.securityToken() != null) {
            // a long-term key never comes with a session token: AWS refuses the pair
            throw new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
        }
        if (keyId.equals(defaultRootKeyId)) {
            verify(request, parsed, defaultRootSecret, info);
            return root(defaultAccount, keyId, info, parsed);
        }
        KeyOwner owner = view.accessKeyOwner(keyId);
        if (owner == null) {
            throw new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
        }
        if (owner.isRoot()) {
            AccountState account = view.account(owner.accountId());
            if (account == null || !keyId.equals(account.rootAccessKeyId())) {
                throw new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
            }
            verify(request, parsed, open(account.encryptedRootSecret(), keyId), info);
            return root(owner.accountId(), keyId, info, parsed);
        }
        UserState user = view.user(owner.accountId(), owner.userName());
        AccessKey key = user == null ? null : user.accessKey(keyId);
        if (key == null || key.status() != AccessKeyStatus.Active) {
            throw new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
        }
        verify(request, parsed, open(key.encryptedSecret(), keyId), info);
        return new Caller(user.accountId(), user.arn(), PrincipalType.USER, user.userId(), user.userName(), keyId,
                info.sourceIp(), info.secure(), info.userAgent(), null, requestedRegion(parsed), info.tls());
    }

    /**
     * Temporary credentials: the token is self-contained, sealed under the key ring and bound to
     * its access key id, so any replica can open it. The signature is checked before the expiry,
     * so that only the holder of the secret learns that a token has expired.
     */
    private Caller session(HttpRequestView request, ParsedSignature parsed, RequestInfo info) {
        if (parsed.securityToken() == null) {
            throw new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
        }
        SessionClaims claims;
        try {
            claims = tokens.decode(parsed.securityToken(), parsed.accessKeyId());
        } catch (InvalidSessionTokenException e) {
            throw new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
        }
        verify(request, parsed, claims.secretAccessKey(), info);
        if (!clock.instant().isBefore(claims.expiresAt())) {
            throw new AwsException(ErrorCode.ExpiredToken, "The security token included in the request is expired");
        }
        // after signature and expiry: a revoked session, or one whose principal is gone or was re-created under
        // its name, is refused like an invalid one
        if (revocations.revoked(claims, info) || !principals.current(claims)) {
            throw new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
        }
        PrincipalType type = switch (claims.kind()) {
            case ASSUMED_ROLE -> PrincipalType.ASSUMED_ROLE;
            case USER_SESSION -> PrincipalType.USER;
            case ROOT_SESSION -> PrincipalType.ROOT;
            case FEDERATED_USER -> PrincipalType.FEDERATED;
        };
        // a federated user has no aws:username: the IAM user behind it stays in its claims (issuer)
        String userName = type == PrincipalType.FEDERATED ? null : claims.userName();
        return new Caller(claims.accountId(), claims.principalArn(), type, claims.principalId(), userName,
                claims.accessKeyId(), info.sourceIp(), info.secure(), info.userAgent(), claims, requestedRegion(parsed),
                info.tls());
    }

    private void verify(HttpRequestView request, ParsedSignature parsed, String secret, RequestInfo info) {
        verifier.verify(request, parsed, secret, info.normalizePath(), info.payloadHash());
    }

    /**
     * A stored secret this replica's key ring cannot open (its key was removed before the secret was re-sealed
     * under a newer one) authenticates nobody: the caller gets the answer of an unknown key, the operator an
     * error in the log naming the key, never the secret.
     */
    private String open(String sealed, String keyId) {
        return keyRing.openString(sealed, keyId).orElseThrow(() -> {
            LOG.errorf("the stored secret of access key %s cannot be opened with the key ring (sealed under key "
                    + "'%s'): re-seal stored secrets before removing a key (docs/operations.md)", keyId,
                    KeyRing.keyIdOf(sealed));
            return new AwsException(ErrorCode.InvalidClientTokenId, INVALID_KEY);
        });
    }

    private static Caller root(String account, String keyId, RequestInfo info, ParsedSignature parsed) {
        return new Caller(account, Arn.iamRoot(account).toString(), PrincipalType.ROOT, account, null, keyId, info.sourceIp(),
                info.secure(), info.userAgent(), null, requestedRegion(parsed), info.tls());
    }

    /** aws:RequestedRegion: the region signed for, with the SDKs' "aws-global" named as AWS names it. */
    private static String requestedRegion(ParsedSignature parsed) {
        return parsed.region().equals("aws-global") ? "us-east-1" : parsed.region();
    }
}
