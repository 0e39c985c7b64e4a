package dev.opensts.adapter.http.sts;

import dev.opensts.adapter.http.iam.Handler;
import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.auth.Caller;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.app.sts.AssumeRole;
import dev.opensts.app.sts.AssumeRoleRequest;
import dev.opensts.app.sts.GetSessionToken;
import dev.opensts.app.sts.IssuedCredentials;
import dev.opensts.app.sts.Issuer;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The STS actions (Version 2011-06-15) on the shared Query endpoint. */
public final class StsActions {
    private final AssumeRole assumeRole;
    private final GetSessionToken getSessionToken;
    private final Issuer issuer;
    private final String defaultAccount;
    private final String defaultRootKeyId;
    private final RevokeSessions revokeSessions;

    public StsActions(AssumeRole assumeRole, GetSessionToken getSessionToken, Issuer issuer, String defaultAccount,
                      String defaultRootKeyId, RevokeSessions revokeSessions) {
        this.revokeSessions = revokeSessions;
        this.assumeRole = assumeRole;
        this.getSessionToken = getSessionToken;
        this.issuer = issuer;
        this.defaultAccount = defaultAccount;
        this.defaultRootKeyId = defaultRootKeyId;
    }

    public Map<String, Handler> all() {
        return Map.of(
                // the issuing actions complete with the audit record's acknowledgement (Issuer's future)
                "AssumeRole", (c, i, r) -> Uni.createFrom().completionStage(() -> assumeRole(c, i, r)),
                "GetSessionToken", (c, i, r) -> Uni.createFrom().completionStage(() -> getSessionToken(c, i, r)),
                "GetCallerIdentity", this::getCallerIdentity,
                "GetAccessKeyInfo", this::getAccessKeyInfo,
                "RevokeSessions", this::revokeSessions);
    }

    private CompletionStage<Map<String, Object>> assumeRole(Caller caller, QueryInput in, String requestId) {
        var tags = new LinkedHashMap<String, String>();
        for (QueryInput t : in.structures("Tags")) {
            if (tags.putIfAbsent(t.string("Key"), t.string("Value")) != null) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        List<String> policyArns = in.structures("PolicyArns").stream().map(p -> p.string("arn")).toList();
        var req = new AssumeRoleRequest(in.string("RoleArn"), in.string("RoleSessionName"),
                in.integer("DurationSeconds"), in.string("Policy"), policyArns, tags, in.strings("TransitiveTagKeys"),
                in.string("ExternalId"), in.string("SerialNumber"), in.string("TokenCode"),
                in.string("SourceIdentity"));
        var params = new LinkedHashMap<String, Object>();
        params.put("roleArn", req.roleArn());
        params.put("roleSessionName", req.roleSessionName());
        putIf(params, "durationSeconds", req.durationSeconds());
        putIf(params, "externalId", req.externalId());
        putIf(params, "policy", req.policy());
        if (!policyArns.isEmpty()) {
            params.put("policyArns", policyArns);
        }
        if (!tags.isEmpty()) {
            params.put("tags", tags.entrySet().stream().map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                    .toList());
        }
        if (!req.transitiveTagKeys().isEmpty()) {
            params.put("transitiveTagKeys", req.transitiveTagKeys());
        }
        putIf(params, "sourceIdentity", req.sourceIdentity());
        putIf(params, "serialNumber", req.serialNumber());
        AssumeRole.Result result = assumeRole.decide(caller, req);
        return issuer.complete("AssumeRole", caller, requestId, params, result).thenApply(issued -> {
            SessionClaims c = issued.claims();
            var out = new LinkedHashMap<String, Object>();
            out.put("Credentials", credentials(issued));
            out.put("AssumedRoleUser", Map.of("AssumedRoleId", c.principalId(), "Arn", c.principalArn()));
            if (issued.packedPolicySize() != null) {
                out.put("PackedPolicySize", issued.packedPolicySize());
            }
            if (c.sourceIdentity() != null) {
                out.put("SourceIdentity", c.sourceIdentity());
            }
            return out;
        });
    }

    private CompletionStage<Map<String, Object>> getSessionToken(Caller caller, QueryInput in, String requestId) {
        Integer duration = in.integer("DurationSeconds");
        var params = new LinkedHashMap<String, Object>();
        putIf(params, "durationSeconds", duration);
        putIf(params, "serialNumber", in.string("SerialNumber"));
        AssumeRole.Result result = getSessionToken.decide(caller, duration, in.string("SerialNumber"),
                in.string("TokenCode"));
        return issuer.complete("GetSessionToken", caller, requestId, params, result)
                .thenApply(issued -> Map.of("Credentials", credentials(issued)));
    }

    /** Never denied: it only tells callers who they are. */
    private Uni<Map<String, Object>> getCallerIdentity(Caller caller, QueryInput in, String requestId) {
        var out = new LinkedHashMap<String, Object>();
        out.put("UserId", caller.userId());
        out.put("Account", caller.accountId());
        out.put("Arn", caller.arn());
        return Uni.createFrom().item(out);
    }

    /** The account is encoded in the key id itself: no lookup, as in AWS. */
    private Uni<Map<String, Object>> getAccessKeyInfo(Caller caller, QueryInput in, String requestId) {
        String keyId = in.string("AccessKeyId");
        String account = keyId.equals(defaultRootKeyId) ? defaultAccount : CredentialIds.accountOf(keyId);
        if (account == null) {
            throw new AwsException(ErrorCode.InvalidParameterValue,
                    "The access key id is not in the form open-sts issues.");
        }
        return Uni.createFrom().item(Map.of("Account", account));
    }

    /**
     * An AssumeRole or GetSessionToken that failed the model's validation is a denial too: it gets
     * its audit record, with the parameters as sent (the TokenCode, a one-time secret, left out).
     */
    public void rejected(String action, Caller caller, String requestId, Map<String, List<String>> params,
                         AwsException error) {
        if (!action.equals("AssumeRole") && !action.equals("GetSessionToken")) {
            return;
        }
        var sent = new LinkedHashMap<String, Object>();
        params.forEach((name, values) -> {
            if (!name.isEmpty() && !name.equals("Action") && !name.equals("Version") && !name.startsWith("X-Amz-")
                    && !name.equals("TokenCode") && !values.isEmpty()) {
                String key = Character.toLowerCase(name.charAt(0)) + name.substring(1);
                sent.put(key, values.get(0).length() > 2048 ? values.get(0).substring(0, 2048) : values.get(0));
            }
        });
        // only the record is wanted here: the endpoint answers the error itself
        issuer.complete(action, caller, requestId, sent, new AssumeRole.Result(null, error, null));
    }

    /** open-sts's extension: see app/revocation/RevokeSessions and docs/api.md. */
    private Uni<Map<String, Object>> revokeSessions(Caller caller, QueryInput in, String requestId) {
        var req = new RevokeSessions.Request(in.string("RoleArn"), in.timestamp("IssuedBefore"),
                in.string("AccessKeyId"), in.string("SourceIdentity"), in.string("PrincipalArn"));
        return revokeSessions.revoke(caller, req, requestId).map(r -> {
            var out = new LinkedHashMap<String, Object>();
            out.put("RevocationId", r.revocationId());
            out.put("EffectiveAt", r.effectiveAt());
            return out;
        });
    }

    private static Map<String, Object> credentials(IssuedCredentials issued) {
        SessionClaims c = issued.claims();
        var m = new LinkedHashMap<String, Object>();
        m.put("AccessKeyId", c.accessKeyId());
        m.put("SecretAccessKey", c.secretAccessKey());
        m.put("SessionToken", issued.sessionToken());
        m.put("Expiration", c.expiresAt());
        return m;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
