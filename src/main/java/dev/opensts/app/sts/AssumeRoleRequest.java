package dev.opensts.app.sts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** AssumeRole's parameters, already checked against the model's constraints. Tags keep their order. */
public record AssumeRoleRequest(String roleArn, String roleSessionName, Integer durationSeconds, String policy,
                                List<String> policyArns, Map<String, String> tags, List<String> transitiveTagKeys,
                                String externalId, String serialNumber, String tokenCode, String sourceIdentity) {

    /** The parameters as the audit record names them (CloudTrail's lower camel case); never the TokenCode. */
    Map<String, Object> auditParameters() {
        var params = new LinkedHashMap<String, Object>();
        params.put("roleArn", roleArn);
        params.put("roleSessionName", roleSessionName);
        putIf(params, "durationSeconds", durationSeconds);
        putIf(params, "externalId", externalId);
        putIf(params, "policy", policy);
        if (!policyArns.isEmpty()) {
            params.put("policyArns", policyArns);
        }
        if (!tags.isEmpty()) {
            params.put("tags", tags.entrySet().stream().map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                    .toList());
        }
        if (!transitiveTagKeys.isEmpty()) {
            params.put("transitiveTagKeys", transitiveTagKeys);
        }
        putIf(params, "sourceIdentity", sourceIdentity);
        putIf(params, "serialNumber", serialNumber);
        return params;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }
}
