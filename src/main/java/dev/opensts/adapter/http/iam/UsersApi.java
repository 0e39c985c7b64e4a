package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.auth.Caller;
import dev.opensts.app.iam.IamRequestKeys;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccessKeyStatus;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserCommand.*;
import dev.opensts.iam.UserCommand;
import dev.opensts.iam.UserDecider;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Uni;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Users, their access keys, tags, inline and attached policies. */
final class UsersApi {
    private final Deps d;

    UsersApi(Deps deps) {
        this.d = deps;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateUser", this::createUser);
        actions.put("GetUser", this::getUser);
        actions.put("ListUsers", this::listUsers);
        actions.put("DeleteUser", this::deleteUser);
        actions.put("TagUser", this::tagUser);
        actions.put("UntagUser", this::untagUser);
        actions.put("ListUserTags", this::listUserTags);
        actions.put("CreateAccessKey", this::createAccessKey);
        actions.put("ListAccessKeys", this::listAccessKeys);
        actions.put("UpdateAccessKey", this::updateAccessKey);
        actions.put("DeleteAccessKey", this::deleteAccessKey);
        actions.put("PutUserPolicy", this::putUserPolicy);
        actions.put("GetUserPolicy", this::getUserPolicy);
        actions.put("ListUserPolicies", this::listUserPolicies);
        actions.put("DeleteUserPolicy", this::deleteUserPolicy);
        actions.put("AttachUserPolicy", this::attachUserPolicy);
        actions.put("DetachUserPolicy", this::detachUserPolicy);
        actions.put("ListAttachedUserPolicies", this::listAttachedUserPolicies);
        actions.put("PutUserPermissionsBoundary", this::putUserPermissionsBoundary);
        actions.put("DeleteUserPermissionsBoundary", this::deleteUserPermissionsBoundary);
    }

    /**
     * The user an action addresses: the named one, or the caller itself when UserName is absent
     * (as IAM does for GetUser, CreateAccessKey and the other access key actions).
     */
    private String target(Caller c, QueryInput in) {
        String name = in.string("UserName");
        if (name != null) {
            return name;
        }
        if (c.userName() == null) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value null at 'userName' "
                    + "failed to satisfy constraint: Member must not be null (an account's root has no IAM user; "
                    + "name the user)");
        }
        return c.userName();
    }

    private String arn(Caller c, String userName) {
        UserState u = d.view().user(c.accountId(), userName);
        return u != null ? u.arn() : Arn.iamUser(c.accountId(), "/", userName).toString();
    }

    private UserState existing(Caller c, String userName) {
        UserState u = d.view().user(c.accountId(), userName);
        if (u == null) {
            throw AwsException.noSuchEntity("The user with name " + userName + " cannot be found.");
        }
        return u;
    }

    private Uni<UserState> run(Caller c, String action, String userName, UserCommand command, String requestId) {
        d.authorizer().require(c, "iam:" + action, arn(c, userName), IamRequestKeys.of(command));
        return d.bus().<UserState>execute(StreamIds.user(c.accountId(), userName),
                        state -> UserDecider.decide(command, state, d.quotas()), requestId)
                .map(x -> d.view().user(c.accountId(), userName));
    }

    private Uni<Map<String, Object>> createUser(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        String path = Inputs.path(in);
        d.authorizer().require(c, "iam:CreateUser", Arn.iamUser(c.accountId(), path, name).toString(), IamRequestKeys.of(
                new CreateUser(c.accountId(), name, "", path, Inputs.tags(in), null, in.string("PermissionsBoundary"))));
        var cmd = new CreateUser(c.accountId(), name, d.ids().uniqueId("AIDA"), path, Inputs.tags(in),
                d.clock().instant(), Inputs.boundary(d.view(), c.accountId(), in.string("PermissionsBoundary")));
        return d.bus().<UserState>execute(StreamIds.user(c.accountId(), name), s -> {
                    if (s == null) {
                        d.requireRoomFor(c.accountId(), "user", d.quotas().usersPerAccount(), "UsersPerAccount");
                    }
                    return UserDecider.decide(cmd, s, d.quotas());
                }, rid)
                .map(x -> Map.of("User", Shapes.user(d.view().user(c.accountId(), name))));
    }

    private Uni<Map<String, Object>> getUser(Caller c, QueryInput in, String rid) {
        if (in.string("UserName") == null && c.isRoot()) {
            // the root's own identity, as IAM describes it
            var m = new LinkedHashMap<String, Object>();
            m.put("Path", "/");
            m.put("UserName", c.accountId());
            m.put("UserId", c.accountId());
            m.put("Arn", c.arn());
            m.put("CreateDate", java.time.Instant.EPOCH);
            return Uni.createFrom().item(Map.of("User", m));
        }
        String name = target(c, in);
        d.authorizer().require(c, "iam:GetUser", arn(c, name));
        return Uni.createFrom().item(Map.of("User", Shapes.user(existing(c, name))));
    }

    private Uni<Map<String, Object>> listUsers(Caller c, QueryInput in, String rid) {
        d.authorizer().require(c, "iam:ListUsers", Arn.iamUser(c.accountId(), "/", "*").toString());
        String prefix = Inputs.pathPrefix(in);
        List<UserState> users = d.view().list(c.accountId(), "user").stream().map(UserState.class::cast)
                .filter(u -> u.path().startsWith(prefix)).toList();
        return Uni.createFrom().item(Page.of(users, u -> u.userName().toLowerCase(Locale.ROOT), Shapes::user,
                in.string("Marker"), in.integer("MaxItems"), "Users"));
    }

    private Uni<Map<String, Object>> deleteUser(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        return run(c, "DeleteUser", name, new DeleteUser(c.accountId(), name), rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> tagUser(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        return run(c, "TagUser", name, new TagUser(c.accountId(), name, Inputs.tags(in)), rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> untagUser(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        return run(c, "UntagUser", name, new UntagUser(c.accountId(), name, in.strings("TagKeys")), rid)
                .map(u -> Map.of());
    }

    private Uni<Map<String, Object>> listUserTags(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        d.authorizer().require(c, "iam:ListUserTags", arn(c, name));
        UserState u = existing(c, name);
        return Uni.createFrom().item(Page.of(u.tags(), t -> t.key().toLowerCase(Locale.ROOT), Shapes::tag,
                in.string("Marker"), in.integer("MaxItems"), "Tags"));
    }

    private Uni<Map<String, Object>> createAccessKey(Caller c, QueryInput in, String rid) {
        String name = target(c, in);
        String keyId = d.ids().accessKeyId("AKIA", c.accountId(), id -> d.view().accessKeyOwner(id) != null);
        String secret = d.ids().secret();
        String sealed = d.keyRing().sealString(secret, keyId);
        return run(c, "CreateAccessKey", name, new CreateAccessKey(c.accountId(), name, keyId, sealed,
                d.clock().instant()), rid).map(u -> {
            AccessKey k = u.accessKey(keyId);
            var m = new LinkedHashMap<String, Object>();
            m.put("UserName", u.userName());
            m.put("AccessKeyId", keyId);
            m.put("Status", k.status().name());
            m.put("SecretAccessKey", secret);
            m.put("CreateDate", k.createDate());
            return Map.of("AccessKey", m);
        });
    }

    private Uni<Map<String, Object>> listAccessKeys(Caller c, QueryInput in, String rid) {
        String name = target(c, in);
        d.authorizer().require(c, "iam:ListAccessKeys", arn(c, name));
        UserState u = existing(c, name);
        List<AccessKey> keys = u.accessKeys().stream().sorted(Comparator.comparing(AccessKey::accessKeyId)).toList();
        return Uni.createFrom().item(Page.of(keys, AccessKey::accessKeyId,
                k -> Shapes.accessKeyMetadata(u.userName(), k), in.string("Marker"), in.integer("MaxItems"),
                "AccessKeyMetadata"));
    }

    private Uni<Map<String, Object>> updateAccessKey(Caller c, QueryInput in, String rid) {
        String name = target(c, in);
        // AWS's model also lists Expired (for other kinds of credentials): an access key is Active or Inactive
        AccessKeyStatus status = switch (in.string("Status")) {
            case "Active" -> AccessKeyStatus.Active;
            case "Inactive" -> AccessKeyStatus.Inactive;
            default -> throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value '"
                    + in.string("Status") + "' at 'status' failed to satisfy constraint: Member must satisfy enum "
                    + "value set: [Active, Inactive]");
        };
        return run(c, "UpdateAccessKey", name, new UpdateAccessKey(c.accountId(), name, in.string("AccessKeyId"),
                status), rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> deleteAccessKey(Caller c, QueryInput in, String rid) {
        String name = target(c, in);
        return run(c, "DeleteAccessKey", name, new DeleteAccessKey(c.accountId(), name, in.string("AccessKeyId")),
                rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> putUserPolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        return run(c, "PutUserPolicy", name, new PutUserPolicy(c.accountId(), name, in.string("PolicyName"),
                in.string("PolicyDocument")), rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> getUserPolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        String policyName = in.string("PolicyName");
        d.authorizer().require(c, "iam:GetUserPolicy", arn(c, name));
        UserState u = existing(c, name);
        String doc = u.inlinePolicies().get(policyName);
        if (doc == null) {
            throw AwsException.noSuchEntity("The user policy with name " + policyName + " cannot be found.");
        }
        return Uni.createFrom().item(Map.of("UserName", u.userName(), "PolicyName", policyName,
                "PolicyDocument", Shapes.encodeDocument(doc)));
    }

    private Uni<Map<String, Object>> listUserPolicies(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        d.authorizer().require(c, "iam:ListUserPolicies", arn(c, name));
        UserState u = existing(c, name);
        return Uni.createFrom().item(Page.of(List.copyOf(u.inlinePolicies().keySet()), n -> n, n -> n,
                in.string("Marker"), in.integer("MaxItems"), "PolicyNames"));
    }

    private Uni<Map<String, Object>> deleteUserPolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        return run(c, "DeleteUserPolicy", name, new DeleteUserPolicy(c.accountId(), name, in.string("PolicyName")),
                rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> attachUserPolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        String policyArn = in.string("PolicyArn");
        d.authorizer().require(c, "iam:AttachUserPolicy", arn(c, name),
                IamRequestKeys.of(new AttachUserPolicy(c.accountId(), name, policyArn)));
        existing(c, name);
        ManagedPolicyState p = d.view().policy(c.accountId(), Inputs.policyName(c.accountId(), policyArn));
        if (p == null || !p.arn().equals(policyArn)) {
            throw AwsException.noSuchEntity("Policy " + policyArn + " does not exist or is not attachable.");
        }
        return run(c, "AttachUserPolicy", name, new AttachUserPolicy(c.accountId(), name, policyArn), rid)
                .map(u -> Map.of());
    }

    private Uni<Map<String, Object>> detachUserPolicy(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        return run(c, "DetachUserPolicy", name, new DetachUserPolicy(c.accountId(), name, in.string("PolicyArn")),
                rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> putUserPermissionsBoundary(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        d.authorizer().require(c, "iam:PutUserPermissionsBoundary", arn(c, name), IamRequestKeys.of(
                new PutUserPermissionsBoundary(c.accountId(), name, in.string("PermissionsBoundary"))));
        existing(c, name);
        String boundary = Inputs.boundary(d.view(), c.accountId(), in.string("PermissionsBoundary"));
        return run(c, "PutUserPermissionsBoundary", name,
                new PutUserPermissionsBoundary(c.accountId(), name, boundary), rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> deleteUserPermissionsBoundary(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        return run(c, "DeleteUserPermissionsBoundary", name,
                new DeleteUserPermissionsBoundary(c.accountId(), name), rid).map(u -> Map.of());
    }

    private Uni<Map<String, Object>> listAttachedUserPolicies(Caller c, QueryInput in, String rid) {
        String name = in.string("UserName");
        d.authorizer().require(c, "iam:ListAttachedUserPolicies", arn(c, name));
        UserState u = existing(c, name);
        String prefix = Inputs.pathPrefix(in);
        List<String> arns = u.attachedPolicyArns().stream()
                .filter(a -> Arn.parse(a).path().startsWith(prefix)).sorted().toList();
        return Uni.createFrom().item(Page.of(arns, a -> a, Shapes::attached, in.string("Marker"),
                in.integer("MaxItems"), "AttachedPolicies"));
    }
}
