package dev.opensts.app.sts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AssumeRoleWithWebIdentity's parameters. {@link #toString()} never prints the token.
 *
 * @param providerId AWS's OAuth 2.0 provider (www.amazon.com, graph.facebook.com): open-sts takes OpenID Connect ID
 *                   tokens only, so a request that names one is refused
 */
public record WebIdentityRequest(String roleArn, String roleSessionName, String webIdentityToken, String providerId,
                                 Integer durationSeconds, String policy, List<String> policyArns) {
    public WebIdentityRequest {
        policyArns = policyArns == null ? List.of() : List.copyOf(policyArns);
    }

    /** The parameters as the audit record names them; never the token. */
    Map<String, Object> auditParameters() {
        var params = new LinkedHashMap<String, Object>();
        params.put("roleArn", roleArn);
        params.put("roleSessionName", roleSessionName);
        putIf(params, "providerId", providerId);
        putIf(params, "durationSeconds", durationSeconds);
        putIf(params, "policy", policy);
        if (!policyArns.isEmpty()) {
            params.put("policyArns", policyArns);
        }
        return params;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    @Override
    public String toString() {
        return "WebIdentityRequest[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName
                + ", webIdentityToken=<redacted>, providerId=" + providerId + ", durationSeconds=" + durationSeconds
                + ", policy=" + (policy == null ? "null" : "<" + policy.length() + " chars>") + ", policyArns="
                + policyArns + "]";
    }
}
