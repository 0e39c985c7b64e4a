package dev.opensts.app.sts;

import dev.opensts.app.audit.IssuanceLog;
import dev.opensts.app.audit.IssuanceRecord;
import dev.opensts.app.auth.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.Decision;
import dev.opensts.text.IsoTime;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Publishes the audit record of every issuance and denial, then answers. With synchronous audit
 * (the default) credentials are handed out only after the broker acknowledged their record; when
 * the broker does not answer within the timeout, issuance fails closed with ServiceUnavailable.
 */
public final class Issuer {
    private static final Logger LOG = Logger.getLogger(Issuer.class);

    private final IssuanceLog log;
    private final Clock clock;
    private final boolean waitForAck;

    public Issuer(IssuanceLog log, Clock clock, boolean waitForAck) {
        this.log = log;
        this.clock = clock;
        this.waitForAck = waitForAck;
    }

    /**
     * The answer once the record is written: the log's acknowledgement as a future, which the log
     * bounds by the audit timeout (a record the broker does not acknowledge in time fails the
     * issuance closed). The actions hand it to Mutiny at their boundary.
     */
    public CompletableFuture<IssuedCredentials> complete(String eventName, Caller caller, String requestId,
                                                         Map<String, Object> requestParameters,
                                                         AssumeRole.Result result) {
        IssuanceRecord record = record(eventName, caller, requestId, requestParameters, result);
        CompletableFuture<Void> published;
        try {
            published = log.publish(record);
        } catch (RuntimeException e) {
            published = CompletableFuture.failedFuture(e);
        }
        if (result.error() != null) {
            // a denial is answered whether or not its record made it: nothing was issued either way
            published.whenComplete((x, e) -> {
                if (e != null) {
                    LOG.warnf("audit record of denied %s %s not written: %s", eventName, requestId, e.toString());
                }
            });
            return CompletableFuture.failedFuture(result.error());
        }
        if (!waitForAck) {
            published.whenComplete((x, e) -> {
                if (e != null) {
                    LOG.errorf("audit record of %s %s not written: %s", eventName, requestId, e.toString());
                }
            });
            return CompletableFuture.completedFuture(result.issued());
        }
        // No orTimeout here: it armed a timer on a shared scheduler thread and woke it for every
        // request (about a tenth of the service's CPU under load); the producer's delivery timeout
        // is the same bound at no cost per request.
        return published.handle((x, e) -> {
            if (e != null) {
                LOG.warnf("audit log unavailable, %s %s refused: %s", eventName, requestId,
                        (e instanceof CompletionException && e.getCause() != null ? e.getCause() : e).toString());
                throw new CompletionException(new AwsException(ErrorCode.ServiceUnavailable,
                        "The audit log is unavailable; no credentials were issued. Retry later."));
            }
            return result.issued();
        });
    }

    private IssuanceRecord record(String eventName, Caller caller, String requestId, Map<String, Object> params,
                                  AssumeRole.Result result) {
        Map<String, Object> response = null;
        String account = caller.accountId();
        if (result.issued() != null) {
            SessionClaims c = result.issued().claims();
            account = c.accountId();
            response = new LinkedHashMap<>();
            response.put("credentials", Map.of("accessKeyId", c.accessKeyId(),
                    "expiration", IsoTime.instant(c.expiresAt())));
            if (c.roleArn() != null) {
                response.put("assumedRoleUser", Map.of("assumedRoleId", c.principalId(), "arn", c.principalArn()));
            }
            if (result.issued().packedPolicySize() != null) {
                response.put("packedPolicySize", result.issued().packedPolicySize());
            }
            if (c.sourceIdentity() != null) {
                response.put("sourceIdentity", c.sourceIdentity());
            }
        } else if (params.get("roleArn") instanceof String roleArn && Arn.parse(roleArn) instanceof Arn arn
                && arn.isIam() && Arn.isAccountId(arn.account())) {
            account = arn.account();
        }
        Decision d = result.decision();
        String decision = result.error() == null ? "Allow"
                : d != null && d.outcome() == dev.opensts.policy.Outcome.EXPLICIT_DENY ? "ExplicitDeny" : "Deny";
        return new IssuanceRecord(eventName, clock.instant(), requestId, account, userIdentity(caller),
                caller.sourceIp(), caller.userAgent(), params, response,
                result.error() == null ? null : result.error().code().name(),
                result.error() == null ? null : result.error().getMessage(), decision,
                d == null ? List.of() : d.deciding());
    }

    /** CloudTrail's userIdentity: who called, never with a secret. */
    static Map<String, Object> userIdentity(Caller caller) {
        var m = new LinkedHashMap<String, Object>();
        m.put("type", switch (caller.type()) {
            case ROOT -> "Root";
            case USER -> "IAMUser";
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED -> "FederatedUser";
            case SERVICE -> "AWSService";
            case ANONYMOUS -> "Unknown";
        });
        m.put("principalId", caller.userId());
        m.put("arn", caller.arn());
        m.put("accountId", caller.accountId());
        m.put("accessKeyId", caller.accessKeyId());
        if (caller.userName() != null) {
            m.put("userName", caller.userName());
        }
        SessionClaims s = caller.session();
        if (s != null) {
            var ctx = new LinkedHashMap<String, Object>();
            if (s.roleArn() != null) {
                ctx.put("sessionIssuer", Map.of("type", "Role", "principalId", s.roleId(), "arn", s.roleArn(),
                        "accountId", s.accountId(), "userName", s.roleName()));
            }
            ctx.put("attributes", Map.of("creationDate", IsoTime.instant(s.issuedAt()),
                    "mfaAuthenticated", String.valueOf(s.mfaPresent())));
            if (s.sourceIdentity() != null) {
                ctx.put("sourceIdentity", s.sourceIdentity());
            }
            m.put("sessionContext", ctx);
        }
        return m;
    }
}
