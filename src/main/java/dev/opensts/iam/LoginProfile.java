package dev.opensts.iam;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's console password: its Argon2id hash (never the password), when the profile was created, whether the
 * user must set a new password at next sign-in, and the hashes of the passwords it replaced, newest first (at most
 * {@link #HISTORY}, for the password policy's PasswordReusePrevention).
 */
public record LoginProfile(String passwordHash, Instant createDate, boolean passwordResetRequired,
                           List<String> previousHashes) {
    /** PasswordReusePrevention's upper bound in IAM's model. */
    public static final int HISTORY = 24;

    LoginProfile withPassword(String hash, boolean resetRequired) {
        var previous = new ArrayList<String>(previousHashes.size() + 1);
        previous.add(passwordHash);
        previous.addAll(previousHashes);
        return new LoginProfile(hash, createDate, resetRequired,
                List.copyOf(previous.subList(0, Math.min(HISTORY, previous.size()))));
    }

    LoginProfile withResetRequired(boolean resetRequired) {
        return new LoginProfile(passwordHash, createDate, resetRequired, previousHashes);
    }
}
