package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.iam.UserChange;
import dev.opensts.app.iam.Users;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccessKeyStatus;

import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/** The user and access key actions: Query input to the use case's request, its result to the output shape. */
final class UsersApi {
    private final Users users;

    UsersApi(Users users) {
        this.users = users;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateUser", (c, in, rid) -> users.create(c, new Users.NewUser(in.string("UserName"),
                        in.string("Path"), Inputs.tags(in), in.string("PermissionsBoundary")), rid)
                .map(u -> Map.of("User", Shapes.user(u))));
        actions.put("GetUser", (c, in, rid) -> users.get(c, in.string("UserName"))
                .map(identity -> Map.of("User", switch (identity) {
                    case Users.Identity.IamUser u -> Shapes.user(u.user());
                    case Users.Identity.Root r -> Shapes.rootUser(r.accountId(), r.arn());
                })));
        actions.put("ListUsers", (c, in, rid) -> users.list(c, in.string("PathPrefix"))
                .map(list -> Page.of(list, u -> u.userName().toLowerCase(Locale.ROOT), Shapes::user,
                        in.string("Marker"), in.integer("MaxItems"), "Users")));
        actions.put("ListUserTags", (c, in, rid) -> users.tags(c, in.string("UserName"))
                .map(tags -> Page.of(tags, t -> t.key().toLowerCase(Locale.ROOT), Shapes::tag, in.string("Marker"),
                        in.integer("MaxItems"), "Tags")));
        actions.put("GetUserPolicy", (c, in, rid) -> users.inlinePolicy(c, in.string("UserName"),
                in.string("PolicyName")).map(Shapes::userPolicy));
        actions.put("ListUserPolicies", (c, in, rid) -> users.inlinePolicyNames(c, in.string("UserName"))
                .map(names -> Page.of(names, n -> n, n -> n, in.string("Marker"), in.integer("MaxItems"),
                        "PolicyNames")));
        actions.put("ListAttachedUserPolicies", (c, in, rid) -> users.attachedPolicies(c, in.string("UserName"),
                        in.string("PathPrefix"))
                .map(arns -> Page.of(arns, a -> a, Shapes::attached, in.string("Marker"), in.integer("MaxItems"),
                        "AttachedPolicies")));
        actions.put("CreateAccessKey", (c, in, rid) -> users.createAccessKey(c, in.string("UserName"), rid)
                .map(k -> Map.of("AccessKey", Shapes.newAccessKey(k))));
        actions.put("ListAccessKeys", (c, in, rid) -> users.accessKeys(c, in.string("UserName"))
                .map(keys -> Page.of(keys.keys(), AccessKey::accessKeyId,
                        k -> Shapes.accessKeyMetadata(keys.userName(), k), in.string("Marker"),
                        in.integer("MaxItems"), "AccessKeyMetadata")));

        actions.put("UpdateUser", (c, in, rid) -> users.update(c, in.string("UserName"), in.string("NewUserName"),
                in.string("NewPath"), rid).map(Inputs::none));
        change(actions, "DeleteUser", in -> new UserChange.Delete(in.string("UserName")));
        change(actions, "TagUser", in -> new UserChange.AddTags(in.string("UserName"), Inputs.tags(in)));
        change(actions, "UntagUser", in -> new UserChange.RemoveTags(in.string("UserName"), in.strings("TagKeys")));
        change(actions, "UpdateAccessKey", in -> new UserChange.UpdateAccessKey(in.string("UserName"),
                in.string("AccessKeyId"), status(in.string("Status"))));
        change(actions, "DeleteAccessKey", in -> new UserChange.DeleteAccessKey(in.string("UserName"),
                in.string("AccessKeyId")));
        change(actions, "PutUserPolicy", in -> new UserChange.PutInlinePolicy(in.string("UserName"),
                in.string("PolicyName"), in.string("PolicyDocument")));
        change(actions, "DeleteUserPolicy", in -> new UserChange.DeleteInlinePolicy(in.string("UserName"),
                in.string("PolicyName")));
        change(actions, "AttachUserPolicy", in -> new UserChange.AttachPolicy(in.string("UserName"),
                in.string("PolicyArn")));
        change(actions, "DetachUserPolicy", in -> new UserChange.DetachPolicy(in.string("UserName"),
                in.string("PolicyArn")));
        change(actions, "PutUserPermissionsBoundary", in -> new UserChange.PutPermissionsBoundary(
                in.string("UserName"), in.string("PermissionsBoundary")));
        change(actions, "DeleteUserPermissionsBoundary", in -> new UserChange.DeletePermissionsBoundary(
                in.string("UserName")));
    }

    private void change(Map<String, Handler> actions, String action, Function<QueryInput, UserChange> request) {
        actions.put(action, (c, in, rid) -> users.change(c, request.apply(in), rid).map(Inputs::none));
    }

    /** AWS's model also lists Expired (for other kinds of credentials): an access key is Active or Inactive. */
    private static AccessKeyStatus status(String status) {
        return switch (status) {
            case "Active" -> AccessKeyStatus.Active;
            case "Inactive" -> AccessKeyStatus.Inactive;
            default -> throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value '"
                    + status + "' at 'status' failed to satisfy constraint: Member must satisfy enum "
                    + "value set: [Active, Inactive]");
        };
    }
}
