package dev.opensts.app.audit;

import dev.opensts.policy.DecidingStatement;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One record of the audit trail (schema version 2): a CloudTrail record of one request to any of open-sts's APIs,
 * granted, denied or failed, or a revoked session presented again. It never holds a secret access key, a session
 * token, a password, a web identity token or an MFA code. Built by {@link AuditRecords} only, so that every kind
 * is spelled the same way; docs/audit-events.md describes it field by field, docs/audit-record.schema.json
 * pins it.
 *
 * @param eventId             a random UUID, once per record: the CloudEvents id, on which consumers deduplicate
 * @param eventName           the action (AssumeRole, CreateRole, Authorize, CreateAccount, ...)
 * @param readOnly            whether the action only reads (Get*, List*, ...): its record is written asynchronously
 * @param eventType           AwsApiCall, or AwsServiceEvent for what no caller asked (RevokedSessionPresented)
 * @param recipientAccountId  the account the request was about: the Kafka key
 * @param awsRegion           the region the request was signed for; null when unknown
 * @param requestParameters   the request's parameters in lower camel case, never a secret
 * @param responseElements    what identifies a granted write's result; null for denials and read-only actions
 * @param errorCode           AWS's error code when denied or failed; null when granted
 * @param resources           the resources the action named (possibly none)
 * @param tlsDetails          when the request came over TLS; null otherwise
 * @param decision            the policy decision, when one was made (or the request was refused); null when none
 * @param decidingStatements  the statements that decided
 * @param additional          open-sts's other additions (revocationId, principalArn, action, resource, ...)
 */
public record AuditRecord(String eventId, Service service, String eventName, boolean readOnly, String eventType,
                          Instant eventTime, String requestId, String recipientAccountId, String awsRegion,
                          UserIdentity userIdentity, String sourceIpAddress, String userAgent,
                          Map<String, Object> requestParameters, Map<String, Object> responseElements,
                          String errorCode, String errorMessage, List<Resource> resources, TlsDetails tlsDetails,
                          Decision decision, List<DecidingStatement> decidingStatements,
                          Map<String, Object> additional) {

    /** The services whose actions are recorded: the record's eventSource and the CloudEvents type's middle part. */
    public enum Service {
        sts, iam, eks, cloudtrail, opensts;

        /** CloudTrail's eventSource, e.g. sts.amazonaws.com. */
        public String eventSource() {
            return name() + ".amazonaws.com";
        }
    }

    /** The STS kinds that issue credentials, recorded by their use cases with what was issued. */
    public enum Kind {
        AssumeRole, AssumeRoleWithWebIdentity, GetSessionToken, RevokedSessionPresented, GetFederationToken;

        /** The CloudEvents type, e.g. dev.opensts.sts.AssumeRole. */
        public String type() {
            return "dev.opensts.sts." + name();
        }
    }

    /** What decided: Allow, Deny (nothing allowed, or a rule outside the policies refused), ExplicitDeny. */
    public enum Decision {
        Allow, Deny, ExplicitDeny
    }

    /** The CloudEvents type: dev.opensts.SERVICE.EVENTNAME. */
    public String type() {
        return "dev.opensts." + service.name() + "." + eventName;
    }

    public String eventSource() {
        return service.eventSource();
    }

    /** The record of a request that was granted: no error. */
    public boolean granted() {
        return errorCode == null;
    }

    /**
     * CloudTrail's userIdentity: who called, never with a secret.
     *
     * @param type             Root, IAMUser, AssumedRole, WebIdentityUser, Unknown (as CloudTrail spells them), or
     *                         open-sts's OpenStsAdmin (the admin API) and OpenStsResourceService (the decision
     *                         endpoint's caller)
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

        /** An identity known only by its type. */
        public static UserIdentity ofType(String type) {
            return new UserIdentity(type, null, null, null, null, null, null, null);
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

    /** CloudTrail's resources entry: {@code ARN}, {@code accountId}, {@code type} (e.g. AWS::IAM::Role). */
    public record Resource(String arn, String accountId, String type) {
    }

    /** CloudTrail's tlsDetails. */
    public record TlsDetails(String tlsVersion, String cipherSuite, String clientProvidedHostHeader) {
    }

    /**
     * What an issuance granted: the access key id and expiry (never the secret or token), the role session's user,
     * the packed policy size and source identity when there are; the responseElements of an issuing action.
     */
    public record Response(String accessKeyId, Instant expiration, String assumedRoleId, String assumedRoleArn,
                           Integer packedPolicySize, String sourceIdentity, WebIdentity webIdentity) {
        public Response(String accessKeyId, Instant expiration, String assumedRoleId, String assumedRoleArn,
                        Integer packedPolicySize, String sourceIdentity) {
            this(accessKeyId, expiration, assumedRoleId, assumedRoleArn, packedPolicySize, sourceIdentity, null);
        }

        /** As responseElements: credentials, assumedRoleUser, packedPolicySize, sourceIdentity, web identity's. */
        public Map<String, Object> elements() {
            var out = new LinkedHashMap<String, Object>();
            var credentials = new LinkedHashMap<String, Object>();
            credentials.put("accessKeyId", accessKeyId);
            credentials.put("expiration", expiration);
            out.put("credentials", credentials);
            if (assumedRoleArn != null) {
                var user = new LinkedHashMap<String, Object>();
                user.put("assumedRoleId", assumedRoleId);
                user.put("arn", assumedRoleArn);
                out.put("assumedRoleUser", user);
            }
            AuditRecords.putIf(out, "packedPolicySize", packedPolicySize);
            AuditRecords.putIf(out, "sourceIdentity", sourceIdentity);
            if (webIdentity != null) {
                out.put("subjectFromWebIdentityToken", webIdentity.subjectFromWebIdentityToken());
                out.put("provider", webIdentity.provider());
                out.put("audience", webIdentity.audience());
            }
            return out;
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
