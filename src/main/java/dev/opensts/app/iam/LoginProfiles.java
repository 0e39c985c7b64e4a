package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.LoginProfile;
import dev.opensts.iam.PasswordPolicy;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserCommand;
import dev.opensts.iam.UserDecider;
import dev.opensts.iam.UserState;
import dev.opensts.policy.PrincipalType;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * Login profiles (console passwords) on the user aggregate: authorization on the user's ARN, then the account's
 * password policy, then Argon2id on the worker executor (never on the event loop: a hash costs tens of
 * milliseconds and megabytes), then the user's decider through the command bus. The password itself goes no
 * further than the hash: not into a command, an event, the view, a log line or an error message.
 */
public final class LoginProfiles {
    /** What GetLoginProfile and CreateLoginProfile answer: never the hash. */
    public record Profile(String userName, Instant createDate, boolean passwordResetRequired) {
    }

    private final IamContext iam;
    private final PasswordHasher hashes;
    private final Executor worker;
    /** Wrong old passwords of ChangePassword per user id: 5 in 5 minutes, then refused unchecked. */
    private final Guesses guesses = new Guesses();

    /** @param worker where hashes are computed and verified (a blocking pool; never the event loop) */
    public LoginProfiles(IamContext iam, PasswordHasher hashes, Executor worker) {
        this.iam = iam;
        this.hashes = hashes;
        this.worker = worker;
    }

    public Uni<Profile> create(Caller c, String userName, String password, boolean resetRequired, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String name = target(c, userName);
            iam.authorizer().require(c, "iam:CreateLoginProfile", Entities.userArn(iam.view(), account, name));
            Entities.user(iam.view(), account, name);
            String checked = required(password);
            conform(account, checked, List.of());
            return off(() -> hashes.hash(checked)).chain(hash -> {
                var command = new UserCommand.CreateLoginProfile(account, name, hash, resetRequired,
                        iam.clock().instant());
                return execute(c, account, name, command, requestId);
            }).map(x -> profile(Entities.user(iam.view(), account, name)));
        });
    }

    /** GetLoginProfile: the named user's, or the calling user's when no name is given. */
    public Uni<Profile> get(Caller c, String userName) {
        return Uni.createFrom().item(() -> {
            String account = c.accountId();
            String name = target(c, userName);
            iam.authorizer().require(c, "iam:GetLoginProfile", Entities.userArn(iam.view(), account, name));
            return profile(Entities.user(iam.view(), account, name));
        });
    }

    /** UpdateLoginProfile: a new password and/or the reset flag; null members are left as they are. */
    public Uni<Void> update(Caller c, String userName, String password, Boolean resetRequired, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String name = target(c, userName);
            iam.authorizer().require(c, "iam:UpdateLoginProfile", Entities.userArn(iam.view(), account, name));
            UserState u = Entities.user(iam.view(), account, name);
            LoginProfile p = requireProfile(u);
            if (password == null) {
                return execute(c, account, name, new UserCommand.UpdateLoginProfile(account, name, null,
                        resetRequired), requestId);
            }
            conform(account, password, List.of());
            return off(() -> {
                notReused(account, password, p);
                return hashes.hash(password);
            }).chain(hash -> execute(c, account, name,
                    new UserCommand.UpdateLoginProfile(account, name, hash, resetRequired), requestId));
        });
    }

    public Uni<Void> delete(Caller c, String userName, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String name = target(c, userName);
            iam.authorizer().require(c, "iam:DeleteLoginProfile", Entities.userArn(iam.view(), account, name));
            return execute(c, account, name, new UserCommand.DeleteLoginProfile(account, name), requestId);
        });
    }

    /**
     * ChangePassword: an IAM user changes its own password, giving the current one. Allowed by the account's
     * password policy (AllowUsersToChangePassword) to every user signing with its own access key, as on AWS, and
     * otherwise by iam:ChangePassword on the user's ARN; temporary credentials always need the policy. After 5
     * wrong old passwords in 5 minutes (this replica), LimitExceeded until the window ends, without hashing.
     */
    public Uni<Void> changePassword(Caller c, String oldPassword, String newPassword, String requestId) {
        return Uni.createFrom().deferred(() -> {
            if (c.type() != PrincipalType.USER || c.userName() == null) {
                throw new AwsException(ErrorCode.InvalidUserType,
                        "Only IAM users can change their own password: " + c.arn() + " is not an IAM user.");
            }
            String account = c.accountId();
            String name = c.userName();
            PasswordPolicy policy = policy(account);
            if (c.hasTemporaryCredentials() || policy == null || !policy.allowUsersToChangePassword()) {
                iam.authorizer().require(c, "iam:ChangePassword", Entities.userArn(iam.view(), account, name));
            }
            UserState u = Entities.user(iam.view(), account, name);
            LoginProfile p = requireProfile(u);
            String old = required(oldPassword);
            String fresh = required(newPassword);
            if (guesses.blocked(u.userId(), iam.clock().instant())) {
                // refused unchecked: no hash is computed, so a flood of guesses costs nothing either
                throw new AwsException(ErrorCode.LimitExceeded, "Too many wrong old passwords for this user: try"
                        + " again in " + Guesses.WINDOW_SECONDS / 60 + " minutes.");
            }
            return off(() -> {
                if (!hashes.verify(old, p.passwordHash())) {
                    guesses.failed(u.userId(), iam.clock().instant());
                    throw new AwsException(ErrorCode.InvalidUserType, "The old password is incorrect.");
                }
                guesses.succeeded(u.userId());
                conform(account, fresh, List.of());
                notReused(account, fresh, p);
                return hashes.hash(fresh);
            }).chain(hash -> execute(c, account, name,
                    new UserCommand.ChangePassword(account, name, p.passwordHash(), hash), requestId));
        });
    }

    private Uni<Void> execute(Caller c, String account, String name, UserCommand command, String requestId) {
        return iam.bus().<UserState>execute(StreamIds.user(account, name),
                s -> UserDecider.decide(command, s, iam.quotas()), c.actor(), requestId);
    }

    /** Runs slow password work on the worker executor. */
    private <T> Uni<T> off(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(worker);
    }

    private PasswordPolicy policy(String account) {
        var settings = iam.view().accountSettings(account);
        return settings == null ? null : settings.passwordPolicy();
    }

    /** PasswordPolicyViolation when the password does not meet the account's password policy. */
    private void conform(String account, String password, List<String> extra) {
        PasswordPolicy policy = policy(account);
        var problems = new ArrayList<String>(extra);
        if (policy != null) {
            problems.addAll(policy.violations(password));
        }
        if (!problems.isEmpty()) {
            throw new AwsException(ErrorCode.PasswordPolicyViolation,
                    "Password does not conform to the account password policy: " + String.join("; ", problems));
        }
    }

    /** PasswordReusePrevention: the new password is none of the last N (the current one included). */
    private void notReused(String account, String password, LoginProfile p) {
        PasswordPolicy policy = policy(account);
        if (policy == null || policy.passwordReusePrevention() == 0) {
            return;
        }
        var recent = new ArrayList<String>();
        recent.add(p.passwordHash());
        recent.addAll(p.previousHashes());
        for (String h : recent.subList(0, Math.min(policy.passwordReusePrevention(), recent.size()))) {
            if (hashes.verify(password, h)) {
                throw new AwsException(ErrorCode.PasswordPolicyViolation, "Password does not conform to the "
                        + "account password policy: Password has been used before");
            }
        }
    }

    private static String required(String password) {
        if (password == null) {
            throw new AwsException(ErrorCode.ValidationError,
                    "1 validation error detected: Value at 'password' failed to satisfy constraint: "
                            + "Member must not be null");
        }
        return password;
    }

    private static LoginProfile requireProfile(UserState u) {
        if (u.loginProfile() == null) {
            throw AwsException.noSuchEntity("Login Profile for User " + u.userName() + " cannot be found.");
        }
        return u.loginProfile();
    }

    private Profile profile(UserState u) {
        LoginProfile p = requireProfile(u);
        return new Profile(u.userName(), p.createDate(), p.passwordResetRequired());
    }

    /** The named user, or the calling IAM user itself when the name is absent. */
    private static String target(Caller c, String userName) {
        if (userName != null) {
            return userName;
        }
        if (c.userName() == null) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value null at "
                    + "'userName' failed to satisfy constraint: Member must not be null");
        }
        return c.userName();
    }
}
