package dev.opensts.app.iam;

import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.Tag;

import java.util.List;

/**
 * A change to an existing user or its access keys, as a caller asks for it (the account is always the
 * caller's). For the access key changes a null user name means the caller itself, as IAM does.
 */
public sealed interface UserChange {
    String userName();

    record Delete(String userName) implements UserChange {
    }

    record AddTags(String userName, List<Tag> tags) implements UserChange {
    }

    record RemoveTags(String userName, List<String> tagKeys) implements UserChange {
    }

    record UpdateAccessKey(String userName, String accessKeyId, AccessKeyStatus status) implements UserChange {
    }

    record DeleteAccessKey(String userName, String accessKeyId) implements UserChange {
    }

    record PutInlinePolicy(String userName, String policyName, String document) implements UserChange {
    }

    record DeleteInlinePolicy(String userName, String policyName) implements UserChange {
    }

    record AttachPolicy(String userName, String policyArn) implements UserChange {
    }

    record DetachPolicy(String userName, String policyArn) implements UserChange {
    }

    record PutPermissionsBoundary(String userName, String policyArn) implements UserChange {
    }

    record DeletePermissionsBoundary(String userName) implements UserChange {
    }
}
