package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * An IAM role: its trust policy, permission policies, and session settings. trustPrincipalIds binds the IAM
 * users and roles its trust policy names to the unique ids they had when it was saved; null for a trust policy
 * saved before bindings existed (its principals match by name).
 */
public record RoleState(String accountId, String roleName, String roleId, String path, String trustPolicy,
                        String description, int maxSessionDuration, List<Tag> tags, Instant createDate,
                        SortedMap<String, String> inlinePolicies, List<String> attachedPolicyArns,
                        String permissionsBoundary, Map<String, String> trustPrincipalIds) implements AggregateState {
    public String arn() {
        return Arn.iamRole(accountId, path, roleName).toString();
    }
}
