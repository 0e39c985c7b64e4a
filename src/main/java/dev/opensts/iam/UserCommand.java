package dev.opensts.iam;

import java.time.Instant;
import java.util.List;

/** What a caller asks of a user or its access keys. Ids, secrets and times come in with the command. */
public sealed interface UserCommand {
    String accountId();

    String userName();

    /** The caller has checked that the permissions boundary policy, if any, exists. */
    record CreateUser(String accountId, String userName, String userId, String path, List<Tag> tags, Instant at,
                      String permissionsBoundary) implements UserCommand {
        public CreateUser(String accountId, String userName, String userId, String path, List<Tag> tags,
                          Instant at) {
            this(accountId, userName, userId, path, tags, at, null);
        }
    }

    /** The caller has checked that the policy exists. */
    record PutUserPermissionsBoundary(String accountId, String userName, String policyArn) implements UserCommand {
    }

    record DeleteUserPermissionsBoundary(String accountId, String userName) implements UserCommand {
    }

    record DeleteUser(String accountId, String userName) implements UserCommand {
    }

    record TagUser(String accountId, String userName, List<Tag> tags) implements UserCommand {
    }

    record UntagUser(String accountId, String userName, List<String> tagKeys) implements UserCommand {
    }

    record CreateAccessKey(String accountId, String userName, String accessKeyId, String encryptedSecret,
                           Instant at) implements UserCommand {
    }

    /** The key's secret, unchanged, sealed again under the key ring's current key. */
    record ResealAccessKey(String accountId, String userName, String accessKeyId, String encryptedSecret)
            implements UserCommand {
    }

    record UpdateAccessKey(String accountId, String userName, String accessKeyId, AccessKeyStatus status)
            implements UserCommand {
    }

    record DeleteAccessKey(String accountId, String userName, String accessKeyId) implements UserCommand {
    }

    record PutUserPolicy(String accountId, String userName, String policyName, String document)
            implements UserCommand {
    }

    record DeleteUserPolicy(String accountId, String userName, String policyName) implements UserCommand {
    }

    /** The caller has checked that the managed policy exists. */
    record AttachUserPolicy(String accountId, String userName, String policyArn) implements UserCommand {
    }

    record DetachUserPolicy(String accountId, String userName, String policyArn) implements UserCommand {
    }

    /** passwordHash: the new password's Argon2id hash; the caller has checked it against the password policy. */
    record CreateLoginProfile(String accountId, String userName, String passwordHash, boolean passwordResetRequired,
                              Instant at) implements UserCommand {
    }

    /** Null members are left as they are. */
    record UpdateLoginProfile(String accountId, String userName, String passwordHash, Boolean passwordResetRequired)
            implements UserCommand {
    }

    /**
     * The user's own new password. expectedHash: the hash the caller verified the old password against, so a
     * password changed meanwhile refuses this one.
     */
    record ChangePassword(String accountId, String userName, String expectedHash, String passwordHash)
            implements UserCommand {
    }

    record DeleteLoginProfile(String accountId, String userName) implements UserCommand {
    }

    /** UpdateUser within the user's stream: a new path, or a new name differing only in letter case. */
    record ChangeUserPath(String accountId, String userName, String newUserName, String newPath)
            implements UserCommand {
    }

    /** The first half of a rename, on the new name's stream: a copy of the user as it is (from). */
    record CopyUser(String accountId, String userName, UserState from, String newPath) implements UserCommand {
    }

    /** The second half of a rename, on the old name's stream: refused unless the user is still as copied. */
    record MoveUser(String accountId, String userName, UserState copied, String newUserName) implements UserCommand {
    }
}
