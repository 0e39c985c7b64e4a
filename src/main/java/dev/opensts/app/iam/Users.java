package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.KeyRing;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserCommand;
import dev.opensts.iam.UserDecider;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Uni;

import java.util.Comparator;
import java.util.List;

/**
 * The user and access key use cases, with the same rules as {@link Roles}: authorization on the user's ARN
 * first, then what spans aggregates, then the user's decider through the command bus. A new access key's secret
 * is sealed under the key ring before it goes into its event and is handed back once, to the caller.
 */
public final class Users {
    /** What CreateUser takes; null members are absent from the request. */
    public record NewUser(String userName, String path, List<Tag> tags, String permissionsBoundary) {
    }

    /** Who GetUser describes: an IAM user, or (without a user name, called by an account's root) the root. */
    public sealed interface Identity {
        record IamUser(UserState user) implements Identity {
        }

        record Root(String accountId, String arn) implements Identity {
        }
    }

    /** A new access key, with its secret in clear: shown to the caller once, never stored or logged so. */
    public record NewAccessKey(String userName, AccessKey key, String secretAccessKey) {
    }

    /** A user's access keys, by key id. */
    public record AccessKeys(String userName, List<AccessKey> keys) {
    }

    private final IamContext iam;
    private final KeyRing keyRing;

    public Users(IamContext iam, KeyRing keyRing) {
        this.iam = iam;
        this.keyRing = keyRing;
    }

    public Uni<UserState> create(Caller c, NewUser u, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String path = u.path() == null ? "/" : u.path();
            iam.authorizer().require(c, "iam:CreateUser", Arn.iamUser(account, path, u.userName()).toString(),
                    IamRequestKeys.of(new UserCommand.CreateUser(account, u.userName(), "", path, u.tags(), null,
                            u.permissionsBoundary())));
            var command = new UserCommand.CreateUser(account, u.userName(), iam.ids().uniqueId("AIDA"), path,
                    u.tags(), iam.clock().instant(), Entities.boundary(iam.view(), account, u.permissionsBoundary()));
            return iam.bus().<UserState>execute(StreamIds.user(account, u.userName()), s -> {
                if (s == null) {
                    Entities.requireRoomFor(iam.view().count(account, "user"), iam.quotas().usersPerAccount(),
                            "UsersPerAccount");
                }
                return UserDecider.decide(command, s, iam.quotas());
            }, c.actor(), requestId).map(x -> iam.view().user(account, u.userName()));
        });
    }

    /** GetUser: the named user, or the caller itself when no name is given. */
    public Uni<Identity> get(Caller c, String userName) {
        return Uni.createFrom().item(() -> {
            if (userName == null && c.isRoot()) {
                return new Identity.Root(c.accountId(), c.arn());
            }
            return new Identity.IamUser(read(c, "iam:GetUser", target(c, userName)));
        });
    }

    /** The account's users whose path starts with the prefix, in case-folded name order. */
    public Uni<List<UserState>> list(Caller c, String pathPrefix) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListUsers", Arn.iamUser(c.accountId(), "/", "*").toString());
            String prefix = pathPrefix == null ? "/" : pathPrefix;
            return iam.view().users(c.accountId()).stream().filter(u -> u.path().startsWith(prefix)).toList();
        });
    }

    public Uni<List<Tag>> tags(Caller c, String userName) {
        return Uni.createFrom().item(() -> read(c, "iam:ListUserTags", userName).tags());
    }

    /** One of the user's inline policies. */
    public Uni<InlinePolicy> inlinePolicy(Caller c, String userName, String policyName) {
        return Uni.createFrom().item(() -> {
            UserState u = read(c, "iam:GetUserPolicy", userName);
            String document = u.inlinePolicies().get(policyName);
            if (document == null) {
                throw AwsException.noSuchEntity("The user policy with name " + policyName + " cannot be found.");
            }
            return new InlinePolicy(u.userName(), policyName, document);
        });
    }

    public Uni<List<String>> inlinePolicyNames(Caller c, String userName) {
        return Uni.createFrom().item(() ->
                List.copyOf(read(c, "iam:ListUserPolicies", userName).inlinePolicies().keySet()));
    }

    public Uni<List<String>> attachedPolicies(Caller c, String userName, String pathPrefix) {
        String prefix = pathPrefix == null ? "/" : pathPrefix;
        return Uni.createFrom().item(() -> read(c, "iam:ListAttachedUserPolicies", userName).attachedPolicyArns()
                .stream().filter(a -> Entities.pathStartsWith(a, prefix)).sorted().toList());
    }

    /** CreateAccessKey for the named user, or the caller itself when no name is given. */
    public Uni<NewAccessKey> createAccessKey(Caller c, String userName, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String name = target(c, userName);
            String keyId = iam.ids().accessKeyId("AKIA", account, id -> iam.view().accessKeyOwner(id) != null);
            String secret = iam.ids().secret();
            var command = new UserCommand.CreateAccessKey(account, name, keyId, keyRing.sealString(secret, keyId),
                    iam.clock().instant());
            iam.authorizer().require(c, "iam:CreateAccessKey", Entities.userArn(iam.view(), account, name),
                    IamRequestKeys.of(command));
            return iam.bus().<UserState>execute(StreamIds.user(account, name),
                            s -> UserDecider.decide(command, s, iam.quotas()), c.actor(), requestId)
                    .map(x -> {
                        UserState u = iam.view().user(account, name);
                        return new NewAccessKey(u.userName(), u.accessKey(keyId), secret);
                    });
        });
    }

    /** The user's access keys (the caller's own when no name is given), by key id. */
    public Uni<AccessKeys> accessKeys(Caller c, String userName) {
        return Uni.createFrom().item(() -> {
            UserState u = read(c, "iam:ListAccessKeys", target(c, userName));
            return new AccessKeys(u.userName(), u.accessKeys().stream()
                    .sorted(Comparator.comparing(AccessKey::accessKeyId)).toList());
        });
    }

    /**
     * UpdateUser: a new path and/or name, authorized as iam:UpdateUser on the user's ARN as it is and as it will
     * be (AWS: permissions on "both the source object and the target object"). The user keeps its id, so its group
     * memberships (bound to the id), policies, access keys and login profile go with it; a user created later
     * under the old name is another user. A new name of another stream is a copy there, then the old name given
     * up if the user did not change meanwhile (otherwise the copy is withdrawn: ConcurrentModification); see
     * docs/adr/0013-user-rename.md for the crash window between the two.
     */
    public Uni<Void> update(Caller c, String userName, String newUserName, String newPath, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            iam.authorizer().require(c, "iam:UpdateUser", Entities.userArn(iam.view(), account, userName));
            UserState u = Entities.user(iam.view(), account, userName);
            String name = newUserName == null ? u.userName() : newUserName;
            String path = newPath == null ? u.path() : newPath;
            iam.authorizer().require(c, "iam:UpdateUser", Arn.iamUser(account, path, name).toString());
            String from = StreamIds.user(account, u.userName());
            String to = StreamIds.user(account, name);
            if (from.equals(to)) {
                var command = new UserCommand.ChangeUserPath(account, u.userName(), name, path);
                return iam.bus().<UserState>execute(from, s -> UserDecider.decide(command, s, iam.quotas()),
                        c.actor(), requestId);
            }
            var copy = new UserCommand.CopyUser(account, name, u, path);
            var move = new UserCommand.MoveUser(account, u.userName(), u, name);
            // no quota check: a rename adds no user, though the copy briefly counts twice
            return iam.bus().<UserState>execute(to, s -> UserDecider.decide(copy, s, iam.quotas()), c.actor(),
                            requestId)
                    .chain(() -> iam.bus().<UserState>execute(from, s -> UserDecider.decide(move, s, iam.quotas()),
                                    c.actor(), requestId)
                            // the old name could not be given up: withdraw the copy, the caller sees the failure
                            .onFailure().call(e -> iam.bus().<UserState>execute(to, s ->
                                    s != null && s.userId().equals(u.userId())
                                            ? UserDecider.decide(new UserCommand.MoveUser(account, name, s,
                                            u.userName()), s, iam.quotas())
                                            : List.of(), c.actor(), requestId)
                                    .onFailure().recoverWithNull()));
        });
    }

    public Uni<Void> change(Caller c, UserChange change, String requestId) {
        return Uni.createFrom().deferred(() -> {
            String account = c.accountId();
            String name = switch (change) {
                case UserChange.UpdateAccessKey k -> target(c, k.userName());
                case UserChange.DeleteAccessKey k -> target(c, k.userName());
                default -> change.userName();
            };
            UserCommand command = command(account, name, change);
            iam.authorizer().require(c, action(command), Entities.userArn(iam.view(), account, name),
                    IamRequestKeys.of(command));
            UserCommand checked = switch (change) {
                case UserChange.AttachPolicy a -> {
                    Entities.user(iam.view(), account, name);
                    Entities.attachable(iam.view(), account, a.policyArn());
                    yield command;
                }
                case UserChange.Delete d -> {
                    UserState u = Entities.user(iam.view(), account, name);
                    if (!iam.view().groupsOf(account, u.userId()).isEmpty()) {
                        throw new AwsException(ErrorCode.DeleteConflict,
                                "Cannot delete entity, must remove user from all groups first.");
                    }
                    MfaDevices.requireNoneEnabled(iam.view(), account, u.userId());
                    yield command;
                }
                case UserChange.PutPermissionsBoundary b -> {
                    Entities.user(iam.view(), account, name);
                    yield new UserCommand.PutUserPermissionsBoundary(account, name,
                            Entities.boundary(iam.view(), account, b.policyArn()));
                }
                default -> command;
            };
            return iam.bus().<UserState>execute(StreamIds.user(account, name),
                    state -> UserDecider.decide(checked, state, iam.quotas()), c.actor(), requestId);
        });
    }

    private static UserCommand command(String account, String name, UserChange change) {
        return switch (change) {
            case UserChange.Delete d -> new UserCommand.DeleteUser(account, name);
            case UserChange.AddTags t -> new UserCommand.TagUser(account, name, t.tags());
            case UserChange.RemoveTags t -> new UserCommand.UntagUser(account, name, t.tagKeys());
            case UserChange.UpdateAccessKey k -> new UserCommand.UpdateAccessKey(account, name, k.accessKeyId(),
                    k.status());
            case UserChange.DeleteAccessKey k -> new UserCommand.DeleteAccessKey(account, name, k.accessKeyId());
            case UserChange.PutInlinePolicy p -> new UserCommand.PutUserPolicy(account, name, p.policyName(),
                    p.document());
            case UserChange.DeleteInlinePolicy p -> new UserCommand.DeleteUserPolicy(account, name, p.policyName());
            case UserChange.AttachPolicy a -> new UserCommand.AttachUserPolicy(account, name, a.policyArn());
            case UserChange.DetachPolicy d -> new UserCommand.DetachUserPolicy(account, name, d.policyArn());
            case UserChange.PutPermissionsBoundary b -> new UserCommand.PutUserPermissionsBoundary(account, name,
                    b.policyArn());
            case UserChange.DeletePermissionsBoundary b -> new UserCommand.DeleteUserPermissionsBoundary(account,
                    name);
        };
    }

    /** The IAM action a command is authorized as (re-sealing is the operator's, never a caller's). */
    static String action(UserCommand command) {
        return switch (command) {
            case UserCommand.CreateUser x -> "iam:CreateUser";
            case UserCommand.DeleteUser x -> "iam:DeleteUser";
            case UserCommand.TagUser x -> "iam:TagUser";
            case UserCommand.UntagUser x -> "iam:UntagUser";
            case UserCommand.CreateAccessKey x -> "iam:CreateAccessKey";
            case UserCommand.ResealAccessKey x -> throw new IllegalArgumentException("not a caller's action");
            case UserCommand.UpdateAccessKey x -> "iam:UpdateAccessKey";
            case UserCommand.DeleteAccessKey x -> "iam:DeleteAccessKey";
            case UserCommand.PutUserPolicy x -> "iam:PutUserPolicy";
            case UserCommand.DeleteUserPolicy x -> "iam:DeleteUserPolicy";
            case UserCommand.AttachUserPolicy x -> "iam:AttachUserPolicy";
            case UserCommand.DetachUserPolicy x -> "iam:DetachUserPolicy";
            case UserCommand.PutUserPermissionsBoundary x -> "iam:PutUserPermissionsBoundary";
            case UserCommand.DeleteUserPermissionsBoundary x -> "iam:DeleteUserPermissionsBoundary";
            case UserCommand.CreateLoginProfile x -> "iam:CreateLoginProfile";
            case UserCommand.UpdateLoginProfile x -> "iam:UpdateLoginProfile";
            case UserCommand.ChangePassword x -> "iam:ChangePassword";
            case UserCommand.DeleteLoginProfile x -> "iam:DeleteLoginProfile";
            case UserCommand.ChangeUserPath x -> "iam:UpdateUser";
            case UserCommand.CopyUser x -> "iam:UpdateUser";
            case UserCommand.MoveUser x -> "iam:UpdateUser";
        };
    }

    /**
     * The user an action addresses: the named one, or the caller itself when the name is absent (as IAM does for
     * GetUser, CreateAccessKey and the other access key actions).
     */
    private static String target(Caller c, String userName) {
        if (userName != null) {
            return userName;
        }
        if (c.userName() == null) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value null at 'userName' "
                    + "failed to satisfy constraint: Member must not be null (an account's root has no IAM user; "
                    + "name the user)");
        }
        return c.userName();
    }

    /** Authorizes a read of one user, then finds it. */
    private UserState read(Caller c, String action, String userName) {
        iam.authorizer().require(c, action, Entities.userArn(iam.view(), c.accountId(), userName));
        return Entities.user(iam.view(), c.accountId(), userName);
    }
}
