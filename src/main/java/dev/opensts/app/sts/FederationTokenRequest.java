package dev.opensts.app.sts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GetFederationToken's parameters, already checked against the model's constraints. Tags keep their order. */
public record FederationTokenRequest(String name, String policy, List<String> policyArns, Integer durationSeconds,
                                     Map<String, String> tags) {
    public FederationTokenRequest {
        policyArns = policyArns == null ? List.of() : List.copyOf(policyArns);
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
    }

    /** The parameters as the audit record names them (CloudTrail's lower camel case). */
    Map<String, Object> auditParameters() {
        var params = new LinkedHashMap<String, Object>();
        params.put("name", name);
        if (durationSeconds != null) {
            params.put("durationSeconds", durationSeconds);
        }
        if (policy != null) {
            params.put("policy", policy);
        }
        if (!policyArns.isEmpty()) {
            params.put("policyArns", policyArns);
        }
        if (!tags.isEmpty()) {
            params.put("tags", tags.entrySet().stream().map(e -> Map.of("key", e.getKey(), "value", e.getValue()))
                    .toList());
        }
        return params;
    }
}
