package dev.opensts.app.iam;

import dev.opensts.iam.Tag;

import java.util.List;

/** A change to an existing role, as a caller asks for it (the account is always the caller's). */
public sealed interface RoleChange {
    String roleName();

    record Update(String roleName, String description, Integer maxSessionDuration) implements RoleChange {
    }

    record UpdateTrustPolicy(String roleName, String trustPolicy) implements RoleChange {
    }

    record Delete(String roleName) implements RoleChange {
    }

    record AddTags(String roleName, List<Tag> tags) implements RoleChange {
    }

    record RemoveTags(String roleName, List<String> tagKeys) implements RoleChange {
    }

    record PutInlinePolicy(String roleName, String policyName, String document) implements RoleChange {
    }

    record DeleteInlinePolicy(String roleName, String policyName) implements RoleChange {
    }

    record AttachPolicy(String roleName, String policyArn) implements RoleChange {
    }

    record DetachPolicy(String roleName, String policyArn) implements RoleChange {
    }

    record PutPermissionsBoundary(String roleName, String policyArn) implements RoleChange {
    }

    record DeletePermissionsBoundary(String roleName) implements RoleChange {
    }
}
