package dev.opensts.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What a caller asks of a role. Ids and times are chosen by the caller of the decider, never inside it. */
public sealed interface RoleCommand {
    String accountId();

    String roleName();

    /** The caller has checked that the permissions boundary policy, if any, exists. */
    /**
     * trustPrincipalIds: the unique id of every IAM user and role the trust policy names, as the caller found them
     * (an absent entry is a principal that does not exist: refused); null leaves the principals unbound.
     */
    record CreateRole(String accountId, String roleName, String roleId, String path, String trustPolicy,
                      String description, int maxSessionDuration, List<Tag> tags, Instant at,
                      String permissionsBoundary, Map<String, String> trustPrincipalIds) implements RoleCommand {
        public CreateRole(String accountId, String roleName, String roleId, String path, String trustPolicy,
                          String description, int maxSessionDuration, List<Tag> tags, Instant at) {
            this(accountId, roleName, roleId, path, trustPolicy, description, maxSessionDuration, tags, at, null,
                    null);
        }
    }

    /** The caller has checked that the policy exists. */
    record PutRolePermissionsBoundary(String accountId, String roleName, String policyArn) implements RoleCommand {
    }

    record DeleteRolePermissionsBoundary(String accountId, String roleName) implements RoleCommand {
    }

    record UpdateRole(String accountId, String roleName, String description, Integer maxSessionDuration)
            implements RoleCommand {
    }

    /** trustPrincipalIds: as in {@link CreateRole}. */
    record UpdateAssumeRolePolicy(String accountId, String roleName, String trustPolicy,
                                  Map<String, String> trustPrincipalIds) implements RoleCommand {
        public UpdateAssumeRolePolicy(String accountId, String roleName, String trustPolicy) {
            this(accountId, roleName, trustPolicy, null);
        }
    }

    record TagRole(String accountId, String roleName, List<Tag> tags) implements RoleCommand {
    }

    record UntagRole(String accountId, String roleName, List<String> tagKeys) implements RoleCommand {
    }

    record PutRolePolicy(String accountId, String roleName, String policyName, String document)
            implements RoleCommand {
    }

    record DeleteRolePolicy(String accountId, String roleName, String policyName) implements RoleCommand {
    }

    /** The caller has checked that the managed policy exists. */
    record AttachRolePolicy(String accountId, String roleName, String policyArn) implements RoleCommand {
    }

    record DetachRolePolicy(String accountId, String roleName, String policyArn) implements RoleCommand {
    }

    record DeleteRole(String accountId, String roleName) implements RoleCommand {
    }
}
