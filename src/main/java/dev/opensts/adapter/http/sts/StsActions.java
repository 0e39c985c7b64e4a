package dev.opensts.adapter.http.sts;

import dev.opensts.adapter.http.iam.Handler;
import dev.opensts.adapter.http.iam.UnsignedHandler;
import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.Caller;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.app.sts.AssumeRoleRequest;
import dev.opensts.app.sts.IssuedCredentials;
import dev.opensts.app.sts.SessionTokenRequest;
import dev.opensts.app.sts.Origin;
import dev.opensts.app.sts.Sts;
import dev.opensts.app.sts.WebIdentityIssued;
import dev.opensts.app.sts.WebIdentityRequest;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The STS actions (Version 2011-06-15) on the shared Query endpoint: Query input to requests, results to shapes. */
public final class StsActions {
    private final Sts sts;
    private final RevokeSessions revokeSessions;

    public StsActions(Sts sts, RevokeSessions revokeSessions) {
        this.sts = sts;
        this.revokeSessions = revokeSessions;
    }

    public Map<String, Handler> all() {
        return Map.of(
                "AssumeRole", (c, in, rid) -> sts.assumeRole(c, assumeRoleRequest(in), rid).map(StsActions::assumed),
                "GetSessionToken", (c, in, rid) -> sts.getSessionToken(c, new SessionTokenRequest(
                                in.integer("DurationSeconds"), in.string("SerialNumber"), in.string("TokenCode")), rid)
                        .map(issued -> Map.of("Credentials", credentials(issued))),
                "GetCallerIdentity", (c, in, rid) -> Uni.createFrom().item(() -> {
                    Sts.CallerIdentity id = sts.callerIdentity(c);
                    var out = new LinkedHashMap<String, Object>();
                    out.put("UserId", id.userId());
                    out.put("Account", id.account());
                    out.put("Arn", id.arn());
                    return out;
                }),
                "GetAccessKeyInfo", (c, in, rid) -> Uni.createFrom().item(() ->
                        Map.of("Account", sts.accessKeyAccount(c, in.string("AccessKeyId")))),
                "RevokeSessions", this::revokeSessions);
    }

    /** The actions the model marks unsigned. */
    public Map<String, UnsignedHandler> unsigned() {
        return Map.of("AssumeRoleWithWebIdentity", (origin, in, rid) -> sts.assumeRoleWithWebIdentity(origin,
                new WebIdentityRequest(in.string("RoleArn"), in.string("RoleSessionName"),
                        in.string("WebIdentityToken"), in.string("ProviderId"), in.integer("DurationSeconds"),
                        in.string("Policy"), policyArns(in)),
                rid).map(StsActions::withWebIdentity));
    }

    private static Map<String, Object> withWebIdentity(WebIdentityIssued issued) {
        SessionClaims c = issued.credentials().claims();
        var out = new LinkedHashMap<String, Object>();
        out.put("Credentials", credentials(issued.credentials()));
        out.put("SubjectFromWebIdentityToken", issued.token().subject());
        out.put("AssumedRoleUser", Map.of("AssumedRoleId", c.principalId(), "Arn", c.principalArn()));
        if (issued.credentials().packedPolicySize() != null) {
            out.put("PackedPolicySize", issued.credentials().packedPolicySize());
        }
        out.put("Provider", issued.provider());
        out.put("Audience", issued.token().audience());
        if (c.sourceIdentity() != null) {
            out.put("SourceIdentity", c.sourceIdentity());
        }
        return out;
    }

    private static AssumeRoleRequest assumeRoleRequest(QueryInput in) {
        var tags = sessionTags(in);
        List<String> policyArns = policyArns(in);
        return new AssumeRoleRequest(in.string("RoleArn"), in.string("RoleSessionName"),
                in.integer("DurationSeconds"), in.string("Policy"), policyArns, tags, in.strings("TransitiveTagKeys"),
                in.string("ExternalId"), in.string("SerialNumber"), in.string("TokenCode"),
                in.string("SourceIdentity"));
    }

    private static Map<String, Object> assumed(IssuedCredentials issued) {
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
    }

    /** An issuing request that failed the model's validation: recorded as a denial. */
    public void rejected(String action, Caller caller, String requestId, Map<String, List<String>> params,
                         AwsException error) {
        sts.rejected(action, caller, requestId, params, error);
    }

    /** An unsigned AssumeRoleWithWebIdentity that failed the model's validation: recorded as a denial too. */
    public void rejected(String action, Origin origin, String requestId, Map<String, List<String>> params,
                         AwsException error) {
        if (action.equals("AssumeRoleWithWebIdentity")) {
            sts.rejectedWebIdentity(origin, requestId, params, error);
        }
    }

    /** open-sts's extension: see app/revocation/RevokeSessions and docs/api.md. */
    private Uni<Map<String, Object>> revokeSessions(Caller caller, QueryInput in, String requestId) {
        var req = new RevokeSessions.Request(in.string("RoleArn"), in.timestamp("IssuedBefore"),
                in.string("AccessKeyId"), in.string("SourceIdentity"), in.string("PrincipalArn"),
                in.string("WebIdentityProvider"), in.string("WebIdentitySubject"));
        return revokeSessions.revoke(caller, req, requestId).map(r -> {
            var out = new LinkedHashMap<String, Object>();
            out.put("RevocationId", r.revocationId());
            out.put("EffectiveAt", r.effectiveAt());
            return out;
        });
    }

    /** Tags.member.N of an issuing request, in order; a key given twice is InvalidParameterValue. */
    static Map<String, String> sessionTags(QueryInput in) {
        var tags = new LinkedHashMap<String, String>();
        for (QueryInput t : in.structures("Tags")) {
            if (tags.putIfAbsent(t.string("Key"), t.string("Value")) != null) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        return tags;
    }

    /** PolicyArns.member.N.arn of an issuing request. */
    static List<String> policyArns(QueryInput in) {
        return in.structures("PolicyArns").stream().map(p -> p.string("arn")).toList();
    }

    static Map<String, Object> credentials(IssuedCredentials issued) {
        SessionClaims c = issued.claims();
        var m = new LinkedHashMap<String, Object>();
        m.put("AccessKeyId", c.accessKeyId());
        m.put("SecretAccessKey", c.secretAccessKey());
        m.put("SessionToken", issued.sessionToken());
        m.put("Expiration", c.expiresAt());
        return m;
    }
}
