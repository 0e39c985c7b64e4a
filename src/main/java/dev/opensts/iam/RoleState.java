package dev.opensts.iam;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/** An IAM role: its trust policy, permission policies, and session settings. */
public record RoleState(String accountId, String roleName, String roleId, String path, String trustPolicy,
                        String description, int maxSessionDuration, List<Tag> tags, Instant createDate,
                        SortedMap<String, String> inlinePolicies, List<String> attachedPolicyArns,
                        String permissionsBoundary) {
    public String arn() {
        return Arns.role(accountId, path, roleName);
    }
}
