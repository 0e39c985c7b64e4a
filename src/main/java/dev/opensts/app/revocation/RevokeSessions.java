package dev.opensts.app.revocation;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import dev.opensts.iam.VersionRule;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;

/**
 * RevokeSessions (an open-sts extension of STS): decides a revocation from exactly one selector,
 * authorizes it as {@code opensts:RevokeSessions} on the revoked subject's ARN, appends it to the
 * revocations topic and completes once the local revocation index has applied it
 * (read-your-writes). It takes effect at its record's time on the topic, which the answer reports.
 *
 * <p>Resources checked: the role's ARN, as the role has it (with its path), for RoleArn; the user's ARN for a
 * user PrincipalArn (as the user has it when it exists), the session ARN for an assumed-role PrincipalArn;
 * {@code arn:aws:sts::<account>:session/<AccessKeyId>} for AccessKeyId (the account is encoded in
 * the key id); {@code arn:aws:sts::<caller's account>:source-identity/<SourceIdentity>} for
 * SourceIdentity. A PrincipalArn revokes that principal's own sessions (a user's or root's GetSessionToken
 * sessions; the named role session itself) and every session it created. A RoleArn names its role by account
 * and name, whatever path or letter case it is written
 * with (IAM names are case-insensitive); one that names no role is NoSuchEntity, so that a RevocationId always
 * means the named sessions are refused. A user PrincipalArn may name a user that no longer exists: the
 * sessions it created can outlive it. An OpenID Connect provider's PrincipalArn revokes every session obtained with
 * its tokens; WebIdentitySubject with WebIdentityProvider those of one {@code sub} (e.g. every session of
 * {@code system:serviceaccount:team-a:builder}); both are authorized on the provider's ARN.
 */
public final class RevokeSessions {
    public static final String ACTION = "opensts:RevokeSessions";

    /**
     * The request: exactly one of roleArn, accessKeyId, sourceIdentity, principalArn, webIdentitySubject (the last
     * with webIdentityProvider, an OpenID Connect provider's ARN); issuedBefore only with roleArn.
     */
    public record Request(String roleArn, Instant issuedBefore, String accessKeyId, String sourceIdentity,
                          String principalArn, String webIdentityProvider, String webIdentitySubject) {
        public Request(String roleArn, Instant issuedBefore, String accessKeyId, String sourceIdentity,
                       String principalArn) {
            this(roleArn, issuedBefore, accessKeyId, sourceIdentity, principalArn, null, null);
        }
    }

    /** What the caller is told: the revocation's id and when it took effect (its record's time). */
    public record Revoked(String revocationId, Instant effectiveAt) {
    }

    /**
     * The write port of the revocations topic: appends when subscribed to; completes with the record's time on the
     * topic (when the revocation takes effect) once the broker acknowledged it.
     */
    @FunctionalInterface
    public interface Appender {
        Uni<Instant> append(EventEnvelope<Revocation> revocation);
    }

    private final Authorizer authorizer;
    private final LiveView view;
    private final Revocations index;
    private final Appender log;
    private final Clock clock;
    private final CredentialIds ids;
    private final Duration timeout;
    private final String source;

    /** @param source the envelope's source: this replica ({@code /opensts/<replica id>}) */
    public RevokeSessions(Authorizer authorizer, LiveView view, Revocations index, Appender log, Clock clock,
                          CredentialIds ids, String source, Duration timeout) {
        this.ids = ids;
        this.source = source;
        this.authorizer = authorizer;
        this.view = view;
        this.index = index;
        this.log = log;
        this.clock = clock;
        this.timeout = timeout;
    }

    /** Validates and authorizes; answers the revocation to append. Throws AwsException to refuse. */
    public Revocation decide(Caller caller, Request req) {
        var given = new ArrayList<String>();
        if (req.roleArn() != null) {
            given.add("RoleArn");
        }
        if (req.accessKeyId() != null) {
            given.add("AccessKeyId");
        }
        if (req.sourceIdentity() != null) {
            given.add("SourceIdentity");
        }
        if (req.principalArn() != null) {
            given.add("PrincipalArn");
        }
        if (req.webIdentitySubject() != null) {
            given.add("WebIdentitySubject");
        }
        if (given.isEmpty()) {
            throw new AwsException(ErrorCode.ValidationError, "RevokeSessions needs exactly one of RoleArn, "
                    + "AccessKeyId, SourceIdentity, PrincipalArn or WebIdentitySubject; none was given.");
        }
        if (given.size() > 1) {
            throw new AwsException(ErrorCode.InvalidParameterCombination, "RevokeSessions takes exactly one of "
                    + "RoleArn, AccessKeyId, SourceIdentity, PrincipalArn or WebIdentitySubject; "
                    + String.join(" and ", given) + " were given.");
        }
        if ((req.webIdentityProvider() != null) != (req.webIdentitySubject() != null)) {
            throw new AwsException(ErrorCode.InvalidParameterCombination,
                    "WebIdentitySubject and WebIdentityProvider are given together, or not at all.");
        }
        if (req.issuedBefore() != null && req.roleArn() == null) {
            throw new AwsException(ErrorCode.InvalidParameterCombination,
                    "IssuedBefore can only be given with RoleArn.");
        }
        String id = ids.eventId();
        if (req.roleArn() != null) {
            return role(caller, req, id);
        }
        if (req.accessKeyId() != null) {
            String account = CredentialIds.accountOf(req.accessKeyId());
            if (!req.accessKeyId().startsWith("ASIA") || account == null) {
                throw new AwsException(ErrorCode.ValidationError,
                        "AccessKeyId must be the ASIA access key id of temporary credentials open-sts issued.");
            }
            authorizer.require(caller, ACTION, Arn.sts(account, "session", req.accessKeyId()).toString());
            return new Revocation(id, account, Revocation.Kind.ACCESS_KEY, req.accessKeyId(), null);
        }
        if (req.sourceIdentity() != null) {
            String account = caller.accountId();
            authorizer.require(caller, ACTION, Arn.sts(account, "source-identity", req.sourceIdentity()).toString());
            return new Revocation(id, account, Revocation.Kind.SOURCE_IDENTITY, req.sourceIdentity(), null);
        }
        if (req.webIdentitySubject() != null) {
            Arn provider = provider(req.webIdentityProvider());
            if (provider == null) {
                throw new AwsException(ErrorCode.ValidationError, "WebIdentityProvider must be an OpenID Connect "
                        + "provider ARN (arn:aws:iam::123456789012:oidc-provider/HOST[/PATH]).");
            }
            authorizer.require(caller, ACTION, provider.toString());
            return new Revocation(id, provider.account(), Revocation.Kind.WEB_IDENTITY, req.webIdentitySubject(),
                    null, provider.toString());
        }
        return principal(caller, req.principalArn(), id);
    }

    /**
     * An OpenID Connect provider's ARN with the host in lower case, as providers are stored, so that a Deny on the
     * provider's ARN holds whatever case the caller writes the host in; null when the text is no such ARN. A provider
     * that does not exist (any more) may still be named: the sessions it gave can outlive it.
     */
    private static Arn provider(String text) {
        Arn arn = Arn.parseIamOidcProvider(text);
        return arn == null ? null
                : Arn.iamOidcProvider(arn.account(), dev.opensts.iam.OidcProviderUrl.key(arn.oidcProviderUrl()));
    }

    private Revocation role(Caller caller, Request req, String id) {
        Arn arn = Arn.parseIamRole(req.roleArn());
        if (arn == null) {
            throw new AwsException(ErrorCode.ValidationError,
                    "Invalid RoleArn: it must look like arn:aws:iam::123456789012:role/NAME");
        }
        String account = arn.account();
        if (!account.equals(caller.accountId())) {
            // another account's roles are not looked up: the answer must not tell whether one exists
            authorizer.require(caller, ACTION, req.roleArn());
        }
        RoleState role = view.role(account, arn.name());
        authorizer.require(caller, ACTION, role != null ? role.arn() : req.roleArn());
        if (role == null) {
            throw AwsException.noSuchEntity("The role with name " + arn.name() + " cannot be found.");
        }
        return new Revocation(id, account, Revocation.Kind.ROLE, role.arn(), req.issuedBefore());
    }

    private Revocation principal(Caller caller, String principalArn, String id) {
        Arn root = Arn.parseIamRoot(principalArn);
        Arn user = Arn.parseIamUser(principalArn);
        Arn session = Arn.parseAssumedRole(principalArn);
        Arn provider = provider(principalArn);
        Arn federated = federatedUser(principalArn);
        String account;
        String subject = principalArn;
        if (root != null) {
            account = root.account();
        } else if (provider != null) {
            // every session obtained with a token of this provider, and every session chained from them
            account = provider.account();
            subject = provider.toString();
        } else if (user != null) {
            account = user.account();
            if (!account.equals(caller.accountId())) {
                authorizer.require(caller, ACTION, principalArn);
            }
            UserState u = view.user(account, user.name());
            subject = u != null ? u.arn() : principalArn;
        } else if (session != null) {
            account = session.account();
            if (!account.equals(caller.accountId())) {
                authorizer.require(caller, ACTION, principalArn);
            }
            // sessions match their role's name in any case: the revocation, and what it is authorized on, name the
            // role as it is stored, so that a Deny on the session's ARN holds whatever case the caller writes
            RoleState r = view.role(account, session.assumedRoleName());
            subject = r != null ? Arn.assumedRole(account, r.roleName(), session.name()).toString() : principalArn;
        } else if (federated != null) {
            // every GetFederationToken session of that name in its account (names are case-sensitive, as issued)
            account = federated.account();
            if (!account.equals(caller.accountId())) {
                authorizer.require(caller, ACTION, principalArn);
            }
        } else {
            throw new AwsException(ErrorCode.ValidationError, "PrincipalArn must be an account's root ARN "
                    + "(arn:aws:iam::123456789012:root), a user ARN (arn:aws:iam::123456789012:user/NAME), an "
                    + "assumed-role session ARN (arn:aws:sts::123456789012:assumed-role/ROLE/SESSION), a federated "
                    + "user ARN (arn:aws:sts::123456789012:federated-user/NAME) or an OpenID "
                    + "Connect provider ARN (arn:aws:iam::123456789012:oidc-provider/HOST).");
        }
        authorizer.require(caller, ACTION, subject);
        return new Revocation(id, account, Revocation.Kind.PRINCIPAL, subject, null);
    }

    /** Decides and executes a caller's RevokeSessions. */
    public Uni<Revoked> revoke(Caller caller, Request req, String requestId) {
        return Uni.createFrom().deferred(() -> execute(decide(caller, req), caller.actor(), requestId));
    }

    /**
     * Appends the decided revocation; completes once the local index has applied it.
     *
     * @param actor who revoked: the revocation's record names it
     */
    public Uni<Revoked> execute(Revocation r, Actor actor, String requestId) {
        return Uni.createFrom().deferred(() -> {
            // a revocation is a stream of its own: its first record applies, a later copy would be skipped
            var envelope = new EventEnvelope<>(r.revocationId(), r.streamId(), VersionRule.INITIAL, clock.instant(),
                    source, requestId, actor, r);
            Uni<Boolean> applied = index.awaitApplied(envelope.id());
            return log.append(envelope)
                    .onFailure().transform(e -> new AwsException(ErrorCode.ServiceUnavailable,
                            "The revocation log is unavailable; nothing was revoked."))
                    .chain(recordTime -> applied
                            .ifNoItem().after(timeout).failWith(() -> new AwsException(ErrorCode.ServiceUnavailable,
                                    "The revocation was written but not confirmed in time; it will still take effect."))
                            .map(x -> new Revoked(r.revocationId(), recordTime)))
                    .onFailure(e -> !(e instanceof AwsException)).transform(e -> new AwsException(
                            ErrorCode.ServiceUnavailable, "The revocation could not be confirmed."))
                    .onTermination().invoke(() -> index.forget(r.revocationId()));
        });
    }

    private static final java.util.regex.Pattern FEDERATED_NAME = java.util.regex.Pattern.compile("[\\w+=,.@-]{2,32}");

    /** A federated user's ARN ({@code arn:aws:sts::ACCOUNT:federated-user/NAME}), or null. */
    private static Arn federatedUser(String text) {
        Arn a = Arn.parse(text);
        if (a == null || !a.partition().equals(Arn.AWS) || !a.service().equals("sts") || !a.region().isEmpty()
                || !Arn.isAccountId(a.account()) || !a.resource().startsWith("federated-user/")) {
            return null;
        }
        return FEDERATED_NAME.matcher(a.resource().substring("federated-user/".length())).matches() ? a : null;
    }
}
