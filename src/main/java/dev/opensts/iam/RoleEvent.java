package dev.opensts.iam;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Events of an IAM role (stream: the role's path-less ARN). */
public sealed interface RoleEvent extends IamEvent {
    String roleName();

    @Override
    default String streamId() {
        return StreamIds.role(accountId(), roleName());
    }

    /**
     * permissionsBoundary: the ARN of the managed policy bounding the role's permissions, or null.
     * trustPrincipalIds: the unique id each IAM user or role named in the trust policy had when it was saved
     * (dev.opensts.policy.PrincipalBindings); null in events written before bindings existed.
     */
    record RoleCreated(String accountId, String roleName, String roleId, String path, String trustPolicy,
                       String description, int maxSessionDuration, List<Tag> tags, Instant createDate,
                       String permissionsBoundary, Map<String, String> trustPrincipalIds) implements RoleEvent {
        public RoleCreated(String accountId, String roleName, String roleId, String path, String trustPolicy,
                           String description, int maxSessionDuration, List<Tag> tags, Instant createDate) {
            this(accountId, roleName, roleId, path, trustPolicy, description, maxSessionDuration, tags, createDate,
                    null, null);
        }

        public RoleCreated(String accountId, String roleName, String roleId, String path, String trustPolicy,
                           String description, int maxSessionDuration, List<Tag> tags, Instant createDate,
                           String permissionsBoundary) {
            this(accountId, roleName, roleId, path, trustPolicy, description, maxSessionDuration, tags, createDate,
                    permissionsBoundary, null);
        }
    }

    record RolePermissionsBoundaryPut(String accountId, String roleName, String policyArn) implements RoleEvent {
    }

    record RolePermissionsBoundaryDeleted(String accountId, String roleName) implements RoleEvent {
    }

    /** A null field is left as it was. */
    record RoleUpdated(String accountId, String roleName, String description, Integer maxSessionDuration)
            implements RoleEvent {
    }

    /** trustPrincipalIds: as in {@link RoleCreated}. */
    record TrustPolicyUpdated(String accountId, String roleName, String trustPolicy,
                              Map<String, String> trustPrincipalIds) implements RoleEvent {
        public TrustPolicyUpdated(String accountId, String roleName, String trustPolicy) {
            this(accountId, roleName, trustPolicy, null);
        }
    }

    record RoleTagged(String accountId, String roleName, List<Tag> tags) implements RoleEvent {
    }

    record RoleUntagged(String accountId, String roleName, List<String> tagKeys) implements RoleEvent {
    }

    record RolePolicyPut(String accountId, String roleName, String policyName, String document)
            implements RoleEvent {
    }

    record RolePolicyDeleted(String accountId, String roleName, String policyName) implements RoleEvent {
    }

    record RolePolicyAttached(String accountId, String roleName, String policyArn) implements RoleEvent {
    }

    record RolePolicyDetached(String accountId, String roleName, String policyArn) implements RoleEvent {
    }

    record RoleDeleted(String accountId, String roleName) implements RoleEvent {
    }
}
