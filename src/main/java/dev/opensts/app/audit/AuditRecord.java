package dev.opensts.app.audit;

import dev.opensts.policy.DecidingStatement;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One CloudTrail-like record on the audit topic: an STS call that issues credentials, granted or denied, or a
 * revoked session presented again. It never holds a secret access key, a session token or an MFA code: only the
 * issued access key id and expiry. Built by {@link AuditRecords} only, so that every kind is spelled the same
 * way; docs/audit-events.md describes it field by field.
 *
 * @param requestParameters the request's parameters in lower camel case, in the order AWS lists them
 * @param response          what was issued; null for a denial
 * @param errorCode         AWS's error code for a denial; null when granted
 */
public record AuditRecord(Kind kind, Instant eventTime, String requestId, String accountId,
                          UserIdentity userIdentity, String sourceIpAddress, String userAgent,
                          Map<String, Object> requestParameters, Response response, String errorCode,
                          String errorMessage, Decision decision, List<DecidingStatement> decidingStatements) {

    /** The record kinds; the event name is the CloudEvents type's last part. */
    public enum Kind {
        AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken, RevokedSessionPresented;

        /** The CloudEvents type, e.g. dev.opensts.sts.AssumeRole. */
        public String type() {
            return "dev.opensts.sts." + name();
        }
    }

    /** What decided: Allow, Deny (nothing allowed, or a rule outside the policies refused), ExplicitDeny. */
    public enum Decision {
        Allow, Deny, ExplicitDeny
    }

    /**
     * CloudTrail's userIdentity: who called, never with a secret.
     *
     * @param type             Root, IAMUser, AssumedRole, WebIdentityUser (as CloudTrail spells them)
     * @param userName         IAM users only; for a web identity its {@code sub}
     * @param sessionContext   callers with temporary credentials only
     * @param identityProvider a web identity's provider (its URL without the scheme); null for everyone else
     */
    public record UserIdentity(String type, String principalId, String arn, String accountId, String accessKeyId,
                               String userName, SessionContext sessionContext, String identityProvider) {
        public UserIdentity(String type, String principalId, String arn, String accountId, String accessKeyId,
                            String userName, SessionContext sessionContext) {
            this(type, principalId, arn, accountId, accessKeyId, userName, sessionContext, null);
        }
    }

    /**
     * @param sessionIssuer    the role a role session was issued for; null for GetSessionToken sessions
     * @param creationDate     when the session was issued
     * @param mfaAuthenticated whether MFA was presented when the session was issued
     */
    public record SessionContext(SessionIssuer sessionIssuer, Instant creationDate, boolean mfaAuthenticated,
                                 String sourceIdentity) {
    }

    /** The role behind a role session. */
    public record SessionIssuer(String principalId, String arn, String accountId, String userName) {
    }

    /**
     * What was issued: the access key id and expiry (never the secret or token), the role session's user, the
     * packed policy size and source identity when there are.
     */
    public record Response(String accessKeyId, Instant expiration, String assumedRoleId, String assumedRoleArn,
                           Integer packedPolicySize, String sourceIdentity, WebIdentity webIdentity) {
        public Response(String accessKeyId, Instant expiration, String assumedRoleId, String assumedRoleArn,
                        Integer packedPolicySize, String sourceIdentity) {
            this(accessKeyId, expiration, assumedRoleId, assumedRoleArn, packedPolicySize, sourceIdentity, null);
        }
    }

    /**
     * What AssumeRoleWithWebIdentity answers about the identity (never the token).
     *
     * @param provider the token's {@code iss}
     * @param audience the token's audience that the provider's ClientIDList holds
     */
    public record WebIdentity(String subjectFromWebIdentityToken, String provider, String audience) {
    }
}
