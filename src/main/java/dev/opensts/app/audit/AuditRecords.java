package dev.opensts.app.audit;

import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord.Decision;
import dev.opensts.app.audit.AuditRecord.Kind;
import dev.opensts.app.audit.AuditRecord.Response;
import dev.opensts.app.audit.AuditRecord.SessionContext;
import dev.opensts.app.audit.AuditRecord.SessionIssuer;
import dev.opensts.app.audit.AuditRecord.UserIdentity;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.policy.Outcome;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The one place audit records are made: from the caller, the request's parameters, and what came out (the
 * session issued, or the error and the policy decision that refused it). Every kind names its caller the same
 * way (CloudTrail's userIdentity), whichever part of the service saw the request.
 */
public final class AuditRecords {
    /** Longest parameter value a record repeats (a session policy is at most 2,048 characters). */
    static final int MAX_PARAMETER_CHARS = 2048;

    private final Clock clock;

    public AuditRecords(Clock clock) {
        this.clock = clock;
    }

    /**
     * A granted issuance.
     *
     * @param parameters       the request's parameters, by {@link #parameters} or a request's own rendering
     * @param issued           the session issued (only its access key id and expiry are recorded)
     * @param packedPolicySize AWS's packed policy size in percent; null when the request had no policy or tag
     * @param decision         the policy decision that allowed it; null when no policy was evaluated
     */
    public AuditRecord granted(Kind kind, String requestId, Caller caller, Map<String, Object> parameters,
                               SessionClaims issued, Integer packedPolicySize,
                               dev.opensts.policy.Decision decision) {
        var response = new Response(issued.accessKeyId(), issued.expiresAt(),
                issued.roleArn() != null ? issued.principalId() : null,
                issued.roleArn() != null ? issued.principalArn() : null, packedPolicySize, issued.sourceIdentity());
        return new AuditRecord(kind, clock.instant(), requestId, issued.accountId(), identity(caller),
                caller.sourceIp(), caller.userAgent(), parameters, response, null, null, Decision.Allow,
                decision == null ? List.of() : decision.deciding());
    }

    /**
     * A denied issuance.
     *
     * @param accountId the account the credentials would have belonged to (the role's); null: the caller's
     * @param decision  the policy decision that refused it (or that allowed it before a later rule refused);
     *                  null when it was refused before any policy was evaluated
     */
    public AuditRecord denied(Kind kind, String requestId, Caller caller, Map<String, Object> parameters,
                              String accountId, AwsException error, dev.opensts.policy.Decision decision) {
        Decision outcome = decision != null && decision.outcome() == Outcome.EXPLICIT_DENY
                ? Decision.ExplicitDeny : Decision.Deny;
        return new AuditRecord(kind, clock.instant(), requestId, accountId != null ? accountId : caller.accountId(),
                identity(caller), caller.sourceIp(), caller.userAgent(), parameters, null, error.code().name(),
                error.getMessage(), outcome, decision == null ? List.of() : decision.deciding());
    }

    /**
     * A web identity whose token verified: CloudTrail's WebIdentityUser, named by its provider's URL, the audience and
     * its {@code sub}. Before the token verified nothing of it is known: {@link #unverifiedWebIdentity()}.
     */
    public static UserIdentity webIdentity(String providerUrl, String audience, String subject) {
        return new UserIdentity("WebIdentityUser", providerUrl + ":" + audience + ":" + subject, null, null, null,
                subject, null, providerUrl);
    }

    /** A web identity whose token did not verify: only its type; nothing read from the token is recorded. */
    public static UserIdentity unverifiedWebIdentity() {
        return new UserIdentity("WebIdentityUser", null, null, null, null, null, null, null);
    }

    /** An issuance to an unsigned caller (a web identity): granted. */
    public AuditRecord granted(Kind kind, String requestId, UserIdentity identity, String sourceIp, String userAgent,
                               Map<String, Object> parameters, SessionClaims issued, Integer packedPolicySize,
                               AuditRecord.WebIdentity webIdentity, dev.opensts.policy.Decision decision) {
        var response = new Response(issued.accessKeyId(), issued.expiresAt(), issued.principalId(),
                issued.principalArn(), packedPolicySize, issued.sourceIdentity(), webIdentity);
        return new AuditRecord(kind, clock.instant(), requestId, issued.accountId(), identity, sourceIp, userAgent,
                parameters, response, null, null, Decision.Allow,
                decision == null ? List.of() : decision.deciding());
    }

    /** An issuance to an unsigned caller (a web identity): denied, keyed by the account named by the role ARN. */
    public AuditRecord denied(Kind kind, String requestId, UserIdentity identity, String sourceIp, String userAgent,
                              Map<String, Object> parameters, String accountId, AwsException error,
                              dev.opensts.policy.Decision decision) {
        Decision outcome = decision != null && decision.outcome() == Outcome.EXPLICIT_DENY
                ? Decision.ExplicitDeny : Decision.Deny;
        return new AuditRecord(kind, clock.instant(), requestId, accountId, identity, sourceIp, userAgent, parameters,
                null, error.code().name(), error.getMessage(), outcome,
                decision == null ? List.of() : decision.deciding());
    }

    /**
     * A revoked session presented again: refused like an invalid one, recorded so that auditors see who still
     * holds it. No caller exists for it; its identity is the session's, as it would have been.
     */
    public AuditRecord revokedSessionPresented(String requestId, SessionClaims s, String sourceIp,
                                               String userAgent) {
        var params = new LinkedHashMap<String, Object>();
        params.put("issuedAt", s.issuedAt().toString());
        params.put("expiresAt", s.expiresAt().toString());
        putIf(params, "roleArn", s.roleArn());
        putIf(params, "sourceIdentity", s.sourceIdentity());
        var identity = new UserIdentity(type(s), s.principalId(), s.principalArn(), s.accountId(), s.accessKeyId(),
                s.userName(), sessionContext(s));
        return new AuditRecord(Kind.RevokedSessionPresented, clock.instant(), requestId, s.accountId(), identity,
                sourceIp, userAgent, params, null, "InvalidClientTokenId",
                "The security token included in the request is invalid.", Decision.Deny, List.of());
    }

    /**
     * The parameters of a request the model refused (so that no typed request exists): as sent, in lower camel
     * case, each value at most {@value #MAX_PARAMETER_CHARS} characters; the protocol's own (Action, Version,
     * X-Amz-*), the MFA TokenCode (a one-time secret) and a WebIdentityToken (a bearer credential) left out.
     */
    public static Map<String, Object> parameters(Map<String, List<String>> sent) {
        var out = new LinkedHashMap<String, Object>();
        sent.forEach((name, values) -> {
            if (!name.isEmpty() && !name.equals("Action") && !name.equals("Version") && !name.startsWith("X-Amz-")
                    && !name.equals("TokenCode") && !name.equals("WebIdentityToken") && !values.isEmpty()) {
                String key = Character.toLowerCase(name.charAt(0)) + name.substring(1);
                String value = values.get(0);
                out.put(key, value.length() > MAX_PARAMETER_CHARS ? value.substring(0, MAX_PARAMETER_CHARS) : value);
            }
        });
        return out;
    }

    /** CloudTrail's userIdentity of a caller. */
    public static UserIdentity identity(Caller caller) {
        String type = switch (caller.type()) {
            case ROOT -> "Root";
            case USER -> "IAMUser";
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED -> "FederatedUser";
            case SERVICE -> "AWSService";
            case ANONYMOUS -> "Unknown";
        };
        SessionClaims s = caller.session();
        return new UserIdentity(type, caller.userId(), caller.arn(), caller.accountId(), caller.accessKeyId(),
                caller.userName(), s == null ? null : sessionContext(s));
    }

    private static String type(SessionClaims s) {
        return switch (s.kind()) {
            case ASSUMED_ROLE -> "AssumedRole";
            case USER_SESSION -> "IAMUser";
            case ROOT_SESSION -> "Root";
        };
    }

    private static SessionContext sessionContext(SessionClaims s) {
        SessionIssuer issuer = s.roleArn() == null ? null
                : new SessionIssuer(s.roleId(), s.roleArn(), s.accountId(), s.roleName());
        return new SessionContext(issuer, s.issuedAt(), s.mfaPresent(), s.sourceIdentity());
    }

    static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
