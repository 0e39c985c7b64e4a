package dev.opensts.sts;

import dev.opensts.control.Authorizer;
import dev.opensts.control.Caller;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * RevokeSessions (an open-sts extension of STS): decides a revocation from exactly one selector,
 * authorizes it as {@code opensts:RevokeSessions} on the revoked subject's ARN, appends it to the
 * revocations topic and completes once the local revocation index has applied it
 * (read-your-writes).
 *
 * <p>Resources checked: the role ARN for RoleArn; the principal ARN for PrincipalArn;
 * {@code arn:aws:sts::<account>:session/<AccessKeyId>} for AccessKeyId (the account is encoded in
 * the key id); {@code arn:aws:sts::<caller's account>:source-identity/<SourceIdentity>} for
 * SourceIdentity.
 */
public final class RevokeSessions {
    public static final String ACTION = "opensts:RevokeSessions";
    /** The longest any session lives (a user session: 36 hours): a revocation is useless after that. */
    public static final Duration LONGEST_SESSION = Duration.ofHours(36);

    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/[\\u0021-\\u007E]*");
    private static final Pattern PRINCIPAL_ARN = Pattern.compile(
            "arn:aws:iam::(\\d{12}):user/[\\u0021-\\u007E]+|arn:aws:sts::(\\d{12}):assumed-role/[\\w+=,.@-]+/[\\w+=,.@-]+");

    /** The request: exactly one of roleArn, accessKeyId, sourceIdentity, principalArn; issuedBefore only with roleArn. */
    public record Request(String roleArn, Instant issuedBefore, String accessKeyId, String sourceIdentity,
                          String principalArn) {
    }

    /** Appends a revocation event; completes when the broker acknowledged it. */
    @FunctionalInterface
    public interface Appender {
        CompletableFuture<Void> append(Revocation revocation, String requestId);
    }

    private final Authorizer authorizer;
    private final Revocations index;
    private final Appender log;
    private final Clock clock;
    private final Duration timeout;

    public RevokeSessions(Authorizer authorizer, Revocations index, Appender log, Clock clock, Duration timeout) {
        this.authorizer = authorizer;
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
        if (given.isEmpty()) {
            throw new AwsException(ErrorCode.ValidationError, "RevokeSessions needs exactly one of RoleArn, "
                    + "AccessKeyId, SourceIdentity or PrincipalArn; none was given.");
        }
        if (given.size() > 1) {
            throw new AwsException(ErrorCode.InvalidParameterCombination, "RevokeSessions takes exactly one of "
                    + "RoleArn, AccessKeyId, SourceIdentity or PrincipalArn; " + String.join(" and ", given)
                    + " were given.");
        }
        if (req.issuedBefore() != null && req.roleArn() == null) {
            throw new AwsException(ErrorCode.InvalidParameterCombination,
                    "IssuedBefore can only be given with RoleArn.");
        }
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        Revocation.Kind kind;
        String subject;
        String account;
        String resource;
        Instant issuedBefore = now;
        Instant expiresAt;
        if (req.roleArn() != null) {
            Matcher m = ROLE_ARN.matcher(req.roleArn());
            if (!m.matches()) {
                throw new AwsException(ErrorCode.ValidationError,
                        "Invalid RoleArn: it must look like arn:aws:iam::123456789012:role/NAME");
            }
            kind = Revocation.Kind.ROLE;
            subject = req.roleArn();
            account = m.group(1);
            resource = subject;
            if (req.issuedBefore() != null && req.issuedBefore().isBefore(now)) {
                issuedBefore = req.issuedBefore(); // a later one is clamped to now: new sessions stay unaffected
            }
            expiresAt = issuedBefore.plus(LONGEST_SESSION);
        } else if (req.accessKeyId() != null) {
            account = CredentialIds.accountOf(req.accessKeyId());
            if (!req.accessKeyId().startsWith("ASIA") || account == null) {
                throw new AwsException(ErrorCode.ValidationError,
                        "AccessKeyId must be the ASIA access key id of temporary credentials open-sts issued.");
            }
            kind = Revocation.Kind.ACCESS_KEY;
            subject = req.accessKeyId();
            resource = "arn:aws:sts::" + account + ":session/" + subject;
            expiresAt = now.plus(LONGEST_SESSION);
        } else if (req.sourceIdentity() != null) {
            kind = Revocation.Kind.SOURCE_IDENTITY;
            subject = req.sourceIdentity();
            account = caller.accountId();
            resource = "arn:aws:sts::" + account + ":source-identity/" + subject;
            expiresAt = now.plus(LONGEST_SESSION);
        } else {
            Matcher m = PRINCIPAL_ARN.matcher(req.principalArn());
            if (!m.matches()) {
                throw new AwsException(ErrorCode.ValidationError, "PrincipalArn must be a user ARN "
                        + "(arn:aws:iam::123456789012:user/NAME) or an assumed-role session ARN "
                        + "(arn:aws:sts::123456789012:assumed-role/ROLE/SESSION).");
            }
            kind = Revocation.Kind.PRINCIPAL;
            subject = req.principalArn();
            account = m.group(1) != null ? m.group(1) : m.group(2);
            resource = subject;
            expiresAt = now.plus(LONGEST_SESSION);
        }
        authorizer.require(caller, ACTION, resource);
        return new Revocation(id, account, kind, subject, issuedBefore, now, expiresAt);
    }

    /** Appends the decided revocation; completes once the local index has applied it. */
    public CompletableFuture<Revocation> execute(Revocation r, String requestId) {
        CompletableFuture<Void> applied = index.awaitApplied(r.revocationId());
        return log.append(r, requestId)
                .handle((ok, err) -> {
                    if (err != null) {
                        index.forget(r.revocationId());
                        throw new AwsException(ErrorCode.ServiceUnavailable,
                                "The revocation log is unavailable; nothing was revoked.");
                    }
                    return null;
                })
                .thenCompose(x -> applied.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS))
                .handle((ok, err) -> {
                    index.forget(r.revocationId());
                    if (err != null) {
                        Throwable cause = err instanceof java.util.concurrent.CompletionException ? err.getCause() : err;
                        if (cause instanceof AwsException aws) {
                            throw aws;
                        }
                        if (cause instanceof TimeoutException) {
                            throw new AwsException(ErrorCode.ServiceUnavailable, "The revocation was written but "
                                    + "not confirmed in time; it will still take effect.");
                        }
                        throw new AwsException(ErrorCode.ServiceUnavailable, "The revocation could not be confirmed.");
                    }
                    return r;
                });
    }
}
