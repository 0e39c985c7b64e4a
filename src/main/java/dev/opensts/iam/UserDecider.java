package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.UserCommand.*;
import dev.opensts.iam.UserEvent.*;
import dev.opensts.policy.PolicyKind;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** The user aggregate, access keys included: decide(command, state) and evolve(state, event). */
public final class UserDecider {

    private UserDecider() {
    }

    /**
     * @param state  the user, or null when no user of that name exists
     * @param quotas the deployment's IAM quotas (sizes, keys, attachments, tags)
     */
    public static List<UserEvent> decide(UserCommand command, UserState state, Quotas quotas) {
        if (!(command instanceof CreateUser) && !(command instanceof CopyUser) && state == null) {
            throw AwsException.noSuchEntity("The user with name " + command.userName() + " cannot be found.");
        }
        String a = command.accountId();
        return switch (command) {
            case CreateUser c -> {
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists, "User with name %s already exists.",
                            c.userName());
                }
                List<Tag> tags = Tags.checked(List.of(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new UserCreated(a, c.userName(), c.userId(), c.path(), tags, c.at(),
                        c.permissionsBoundary()));
            }
            case DeleteUser c -> {
                if (!state.accessKeys().isEmpty()) {
                    throw AwsException.of(ErrorCode.DeleteConflict,
                            "Cannot delete entity, must delete access keys first.");
                }
                if (!state.inlinePolicies().isEmpty()) {
                    throw AwsException.of(ErrorCode.DeleteConflict, "Cannot delete entity, must delete policies first.");
                }
                if (!state.attachedPolicyArns().isEmpty()) {
                    throw AwsException.of(ErrorCode.DeleteConflict,
                            "Cannot delete entity, must detach all policies first.");
                }
                if (state.loginProfile() != null) {
                    throw AwsException.of(ErrorCode.DeleteConflict,
                            "Cannot delete entity, must delete login profile first.");
                }
                yield List.of(new UserDeleted(a, state.userName()));
            }
            case TagUser c -> {
                Tags.checked(state.tags(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new UserTagged(a, state.userName(), c.tags()));
            }
            case UntagUser c -> List.of(new UserUntagged(a, state.userName(), c.tagKeys()));
            case CreateAccessKey c -> {
                if (state.accessKeys().size() >= quotas.accessKeysPerUser()) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "Cannot exceed quota for AccessKeysPerUser: %d",
                            quotas.accessKeysPerUser());
                }
                yield List.of(new AccessKeyCreated(a, state.userName(), c.accessKeyId(), c.encryptedSecret(), c.at()));
            }
            case ResealAccessKey c -> {
                requireKey(state, c.accessKeyId());
                yield List.of(new AccessKeySecretResealed(a, state.userName(), c.accessKeyId(), c.encryptedSecret()));
            }
            case UpdateAccessKey c -> {
                requireKey(state, c.accessKeyId());
                yield List.of(new AccessKeyStatusChanged(a, state.userName(), c.accessKeyId(), c.status()));
            }
            case DeleteAccessKey c -> {
                requireKey(state, c.accessKeyId());
                yield List.of(new AccessKeyDeleted(a, state.userName(), c.accessKeyId()));
            }
            case PutUserPolicy c -> {
                if (PolicyDocuments.inlineTotal(state.inlinePolicies(), c.policyName(), c.document())
                        > quotas.userInlinePolicySize()) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "Maximum policy size of %d bytes exceeded for "
                            + "user %s", quotas.userInlinePolicySize(), state.userName());
                }
                PolicyDocuments.validate(c.document(), PolicyKind.USER_INLINE);
                yield List.of(new UserPolicyPut(a, state.userName(), c.policyName(), c.document()));
            }
            case DeleteUserPolicy c -> {
                if (!state.inlinePolicies().containsKey(c.policyName())) {
                    throw AwsException.noSuchEntity("The user policy with name " + c.policyName()
                            + " cannot be found.");
                }
                yield List.of(new UserPolicyDeleted(a, state.userName(), c.policyName()));
            }
            case AttachUserPolicy c -> {
                if (state.attachedPolicyArns().contains(c.policyArn())) {
                    yield List.of();
                }
                if (state.attachedPolicyArns().size() >= quotas.attachedPoliciesPerEntity()) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "Cannot exceed quota for PoliciesPerUser: %d",
                            quotas.attachedPoliciesPerEntity());
                }
                yield List.of(new UserPolicyAttached(a, state.userName(), c.policyArn()));
            }
            case PutUserPermissionsBoundary c ->
                    List.of(new UserPermissionsBoundaryPut(a, state.userName(), c.policyArn()));
            case DeleteUserPermissionsBoundary c -> {
                if (state.permissionsBoundary() == null) {
                    throw AwsException.noSuchEntity("The user " + state.userName()
                            + " has no permissions boundary.");
                }
                yield List.of(new UserPermissionsBoundaryDeleted(a, state.userName()));
            }
            case DetachUserPolicy c -> {
                if (!state.attachedPolicyArns().contains(c.policyArn())) {
                    throw AwsException.noSuchEntity("Policy " + c.policyArn() + " was not found.");
                }
                yield List.of(new UserPolicyDetached(a, state.userName(), c.policyArn()));
            }
            case ChangeUserPath c -> {
                if (!StreamIds.user(a, c.newUserName()).equals(StreamIds.user(a, state.userName()))) {
                    throw new IllegalArgumentException("a new name of another stream is a move");
                }
                if (c.newUserName().equals(state.userName()) && c.newPath().equals(state.path())) {
                    yield List.of();
                }
                yield List.of(new UserUpdated(a, state.userName(), c.newUserName(), c.newPath()));
            }
            case CopyUser c -> {
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists, "User with name %s already exists.",
                            c.userName());
                }
                UserState f = c.from();
                yield List.of(new UserRenamedFrom(a, c.userName(), f.userName(), f.userId(), c.newPath(), f.tags(),
                        f.createDate(), f.accessKeys(), f.inlinePolicies(), f.attachedPolicyArns(),
                        f.permissionsBoundary(), f.loginProfile()));
            }
            case MoveUser c -> {
                if (!state.equals(c.copied())) {
                    throw AwsException.of(ErrorCode.ConcurrentModification, "The user %s changed while it was being "
                            + "renamed. Submit your request again.", state.userName());
                }
                yield List.of(new UserRenamedTo(a, state.userName(), c.newUserName()));
            }
            case CreateLoginProfile c -> {
                if (state.loginProfile() != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists, "Login Profile for user %s already exists.",
                            state.userName());
                }
                yield List.of(new LoginProfileCreated(a, state.userName(), c.passwordHash(),
                        c.passwordResetRequired(), c.at()));
            }
            case UpdateLoginProfile c -> {
                requireLoginProfile(state);
                if (c.passwordHash() == null && c.passwordResetRequired() == null) {
                    yield List.of();
                }
                yield List.of(new LoginProfileUpdated(a, state.userName(), c.passwordHash(),
                        c.passwordResetRequired()));
            }
            case ChangePassword c -> {
                requireLoginProfile(state);
                if (!state.loginProfile().passwordHash().equals(c.expectedHash())) {
                    throw AwsException.of(ErrorCode.ConcurrentModification,
                            "The password of user %s changed meanwhile.", state.userName());
                }
                yield List.of(new PasswordChanged(a, state.userName(), c.passwordHash()));
            }
            case DeleteLoginProfile c -> {
                requireLoginProfile(state);
                yield List.of(new LoginProfileDeleted(a, state.userName()));
            }
        };
    }

    private static void requireLoginProfile(UserState state) {
        if (state.loginProfile() == null) {
            throw AwsException.noSuchEntity("Login Profile for User " + state.userName() + " cannot be found.");
        }
    }

    private static void requireKey(UserState state, String accessKeyId) {
        if (state.accessKey(accessKeyId) == null) {
            throw AwsException.noSuchEntity("The Access Key with id " + accessKeyId + " cannot be found.");
        }
    }

    /** @return the user after the event; null once deleted */
    public static UserState evolve(UserState s, UserEvent event) {
        return switch (event) {
            case UserCreated e -> new UserState(e.accountId(), e.userName(), e.userId(), e.path(), List.copyOf(e.tags()),
                    e.createDate(), List.of(), java.util.Collections.emptySortedMap(), List.of(),
                    e.permissionsBoundary());
            case UserPermissionsBoundaryPut e -> s.withBoundary(e.policyArn());
            case UserPermissionsBoundaryDeleted e -> s.withBoundary(null);
            case UserDeleted e -> null;
            case UserTagged e -> s.with(Tags.merged(s.tags(), e.tags()), s.accessKeys(), s.inlinePolicies(),
                    s.attachedPolicyArns());
            case UserUntagged e -> s.with(Tags.remove(s.tags(), e.tagKeys()), s.accessKeys(), s.inlinePolicies(),
                    s.attachedPolicyArns());
            case AccessKeyCreated e -> {
                var keys = new ArrayList<>(s.accessKeys());
                keys.add(new AccessKey(e.accessKeyId(), e.encryptedSecret(), AccessKeyStatus.Active, e.createDate()));
                yield s.with(s.tags(), keys, s.inlinePolicies(), s.attachedPolicyArns());
            }
            case AccessKeyStatusChanged e -> s.with(s.tags(), s.accessKeys().stream()
                            .map(k -> k.accessKeyId().equals(e.accessKeyId()) ? k.withStatus(e.status()) : k).toList(),
                    s.inlinePolicies(), s.attachedPolicyArns());
            case AccessKeySecretResealed e -> s.with(s.tags(), s.accessKeys().stream()
                            .map(k -> k.accessKeyId().equals(e.accessKeyId()) ? k.withSecret(e.encryptedSecret()) : k)
                            .toList(),
                    s.inlinePolicies(), s.attachedPolicyArns());
            case AccessKeyDeleted e -> s.with(s.tags(), s.accessKeys().stream()
                            .filter(k -> !k.accessKeyId().equals(e.accessKeyId())).toList(),
                    s.inlinePolicies(), s.attachedPolicyArns());
            case UserPolicyPut e -> {
                var inline = new TreeMap<>(s.inlinePolicies());
                inline.put(e.policyName(), e.document());
                yield s.with(s.tags(), s.accessKeys(), inline, s.attachedPolicyArns());
            }
            case UserPolicyDeleted e -> {
                var inline = new TreeMap<>(s.inlinePolicies());
                inline.remove(e.policyName());
                yield s.with(s.tags(), s.accessKeys(), inline, s.attachedPolicyArns());
            }
            case UserPolicyAttached e -> {
                var attached = new ArrayList<>(s.attachedPolicyArns());
                attached.add(e.policyArn());
                yield s.with(s.tags(), s.accessKeys(), s.inlinePolicies(), attached);
            }
            case UserPolicyDetached e -> {
                var attached = new ArrayList<>(s.attachedPolicyArns());
                attached.remove(e.policyArn());
                yield s.with(s.tags(), s.accessKeys(), s.inlinePolicies(), attached);
            }
            case LoginProfileCreated e -> s.withLoginProfile(new LoginProfile(e.passwordHash(), e.createDate(),
                    e.passwordResetRequired(), List.of()));
            case LoginProfileUpdated e -> {
                LoginProfile p = s.loginProfile();
                if (e.passwordHash() != null) {
                    p = p.withPassword(e.passwordHash(), p.passwordResetRequired());
                }
                if (e.passwordResetRequired() != null) {
                    p = p.withResetRequired(e.passwordResetRequired());
                }
                yield s.withLoginProfile(p);
            }
            case PasswordChanged e -> s.withLoginProfile(s.loginProfile().withPassword(e.passwordHash(), false));
            case LoginProfileDeleted e -> s.withLoginProfile(null);
            case UserUpdated e -> new UserState(s.accountId(), e.newUserName(), s.userId(), e.newPath(), s.tags(),
                    s.createDate(), s.accessKeys(), s.inlinePolicies(), s.attachedPolicyArns(), s.permissionsBoundary(),
                    s.loginProfile());
            case UserRenamedFrom e -> new UserState(e.accountId(), e.userName(), e.userId(), e.path(),
                    List.copyOf(e.tags()), e.createDate(), List.copyOf(e.accessKeys()),
                    java.util.Collections.unmodifiableSortedMap(new TreeMap<>(e.inlinePolicies())),
                    List.copyOf(e.attachedPolicyArns()), e.permissionsBoundary(), e.loginProfile());
            case UserRenamedTo e -> null;
        };
    }
}
