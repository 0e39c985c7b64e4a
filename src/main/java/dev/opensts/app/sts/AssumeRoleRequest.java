package dev.opensts.app.sts;

import java.util.List;
import java.util.Map;

/** AssumeRole's parameters, already checked against the model's constraints. Tags keep their order. */
public record AssumeRoleRequest(String roleArn, String roleSessionName, Integer durationSeconds, String policy,
                                List<String> policyArns, Map<String, String> tags, List<String> transitiveTagKeys,
                                String externalId, String serialNumber, String tokenCode, String sourceIdentity) {
}
