package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/** Events of an IAM user and its access keys (stream: the user's path-less ARN). */
public sealed interface UserEvent extends IamEvent {
    String userName();

    @Override
    default String streamId() {
        return StreamIds.user(accountId(), userName());
    }

    /** permissionsBoundary: the ARN of the managed policy bounding the user's permissions, or null. */
    record UserCreated(String accountId, String userName, String userId, String path, List<Tag> tags,
                       Instant createDate, String permissionsBoundary) implements UserEvent {
        public UserCreated(String accountId, String userName, String userId, String path, List<Tag> tags,
                           Instant createDate) {
            this(accountId, userName, userId, path, tags, createDate, null);
        }
    }

    record UserPermissionsBoundaryPut(String accountId, String userName, String policyArn) implements UserEvent {
    }

    record UserPermissionsBoundaryDeleted(String accountId, String userName) implements UserEvent {
    }

    record UserDeleted(String accountId, String userName) implements UserEvent {
    }

    record UserTagged(String accountId, String userName, List<Tag> tags) implements UserEvent {
    }

    record UserUntagged(String accountId, String userName, List<String> tagKeys) implements UserEvent {
    }

    /** The secret is encrypted under the key ring, bound to the access key id. */
    record AccessKeyCreated(String accountId, String userName, String accessKeyId, String encryptedSecret,
                            Instant createDate) implements UserEvent {
    }

    /** The key's secret, unchanged, sealed again under the key ring's current key. */
    record AccessKeySecretResealed(String accountId, String userName, String accessKeyId, String encryptedSecret)
            implements UserEvent {
    }

    record AccessKeyStatusChanged(String accountId, String userName, String accessKeyId,
                                  AccessKeyStatus status) implements UserEvent {
    }

    record AccessKeyDeleted(String accountId, String userName, String accessKeyId) implements UserEvent {
    }

    record UserPolicyPut(String accountId, String userName, String policyName, String document)
            implements UserEvent {
    }

    record UserPolicyDeleted(String accountId, String userName, String policyName) implements UserEvent {
    }

    record UserPolicyAttached(String accountId, String userName, String policyArn) implements UserEvent {
    }

    record UserPolicyDetached(String accountId, String userName, String policyArn) implements UserEvent {
    }

    /** A console password set for the user: its Argon2id hash in PHC form, never the password. */
    record LoginProfileCreated(String accountId, String userName, String passwordHash, boolean passwordResetRequired,
                               Instant createDate) implements UserEvent {
    }

    /** An administrator's UpdateLoginProfile: a new password hash and/or the reset flag; null members unchanged. */
    record LoginProfileUpdated(String accountId, String userName, String passwordHash, Boolean passwordResetRequired)
            implements UserEvent {
    }

    /** The user's own ChangePassword: a new hash; the reset flag is cleared. */
    record PasswordChanged(String accountId, String userName, String passwordHash) implements UserEvent {
    }

    record LoginProfileDeleted(String accountId, String userName) implements UserEvent {
    }

    /** The user now has this name (another letter case only: same stream) and path; its id is unchanged. */
    record UserUpdated(String accountId, String userName, String newUserName, String newPath) implements UserEvent {
    }

    /**
     * A renamed user under its new name, with everything it had (id, keys, policies, login profile): the first half
     * of a rename (docs/adr/0013-user-rename.md).
     */
    record UserRenamedFrom(String accountId, String userName, String oldUserName, String userId, String path,
                           List<Tag> tags, Instant createDate, List<AccessKey> accessKeys,
                           java.util.SortedMap<String, String> inlinePolicies, List<String> attachedPolicyArns,
                           String permissionsBoundary, LoginProfile loginProfile) implements UserEvent {
    }

    /** The old name of a renamed user is given up: the second half of a rename. */
    record UserRenamedTo(String accountId, String userName, String newUserName) implements UserEvent {
    }
}
