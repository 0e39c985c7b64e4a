package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.RoleCommand.*;
import dev.opensts.iam.RoleEvent.*;
import dev.opensts.policy.PolicyKind;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.TreeMap;

/** The role aggregate: decide(command, state) and evolve(state, event), both pure. */
public final class RoleDecider {
    static final int MIN_SESSION = 3600;
    static final int MAX_SESSION = 43200;

    private RoleDecider() {
    }

    /**
     * @param state  the role, or null when no role of that name exists
     * @param quotas the deployment's IAM quotas (sizes, attachments, tags)
     */
    public static List<RoleEvent> decide(RoleCommand command, RoleState state, Quotas quotas) {
        if (!(command instanceof CreateRole) && state == null) {
            throw AwsException.noSuchEntity("The role with name " + command.roleName() + " cannot be found.");
        }
        return switch (command) {
            case CreateRole c -> {
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists, "Role with name %s already exists.",
                            c.roleName());
                }
                requireSessionDuration(c.maxSessionDuration());
                requireTrustSize(c.trustPolicy(), quotas);
                var bound = PolicyDocuments.trustPrincipals(c.trustPolicy(), c.trustPrincipalIds());
                List<Tag> tags = Tags.checked(List.of(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new RoleCreated(c.accountId(), c.roleName(), c.roleId(), c.path(), c.trustPolicy(),
                        c.description(), c.maxSessionDuration(), tags, c.at(), c.permissionsBoundary(), bound));
            }
            case UpdateRole c -> {
                if (c.maxSessionDuration() != null) {
                    requireSessionDuration(c.maxSessionDuration());
                }
                yield List.of(new RoleUpdated(c.accountId(), state.roleName(), c.description(),
                        c.maxSessionDuration()));
            }
            case UpdateAssumeRolePolicy c -> {
                requireTrustSize(c.trustPolicy(), quotas);
                var bound = PolicyDocuments.trustPrincipals(c.trustPolicy(), c.trustPrincipalIds());
                yield List.of(new TrustPolicyUpdated(c.accountId(), state.roleName(), c.trustPolicy(), bound));
            }
            case TagRole c -> {
                Tags.checked(state.tags(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new RoleTagged(c.accountId(), state.roleName(), c.tags()));
            }
            case UntagRole c -> List.of(new RoleUntagged(c.accountId(), state.roleName(), c.tagKeys()));
            case PutRolePolicy c -> {
                if (PolicyDocuments.inlineTotal(state.inlinePolicies(), c.policyName(), c.document())
                        > quotas.roleInlinePolicySize()) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "Maximum policy size of %d bytes exceeded for "
                            + "role %s", quotas.roleInlinePolicySize(), state.roleName());
                }
                PolicyDocuments.validate(c.document(), PolicyKind.ROLE_INLINE);
                yield List.of(new RolePolicyPut(c.accountId(), state.roleName(), c.policyName(), c.document()));
            }
            case DeleteRolePolicy c -> {
                if (!state.inlinePolicies().containsKey(c.policyName())) {
                    throw AwsException.noSuchEntity("The role policy with name " + c.policyName()
                            + " cannot be found.");
                }
                yield List.of(new RolePolicyDeleted(c.accountId(), state.roleName(), c.policyName()));
            }
            case AttachRolePolicy c -> {
                if (state.attachedPolicyArns().contains(c.policyArn())) {
                    yield List.of(); // AWS answers success and changes nothing
                }
                if (state.attachedPolicyArns().size() >= quotas.attachedPoliciesPerEntity()) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "Cannot exceed quota for PoliciesPerRole: %d",
                            quotas.attachedPoliciesPerEntity());
                }
                yield List.of(new RolePolicyAttached(c.accountId(), state.roleName(), c.policyArn()));
            }
            case DetachRolePolicy c -> {
                if (!state.attachedPolicyArns().contains(c.policyArn())) {
                    throw AwsException.noSuchEntity("Policy " + c.policyArn() + " was not found.");
                }
                yield List.of(new RolePolicyDetached(c.accountId(), state.roleName(), c.policyArn()));
            }
            case PutRolePermissionsBoundary c ->
                    List.of(new RolePermissionsBoundaryPut(c.accountId(), state.roleName(), c.policyArn()));
            case DeleteRolePermissionsBoundary c -> {
                if (state.permissionsBoundary() == null) {
                    throw AwsException.noSuchEntity("The role " + state.roleName()
                            + " has no permissions boundary.");
                }
                yield List.of(new RolePermissionsBoundaryDeleted(c.accountId(), state.roleName()));
            }
            case DeleteRole c -> {
                if (!state.inlinePolicies().isEmpty()) {
                    throw AwsException.of(ErrorCode.DeleteConflict, "Cannot delete entity, must delete policies first.");
                }
                if (!state.attachedPolicyArns().isEmpty()) {
                    throw AwsException.of(ErrorCode.DeleteConflict,
                            "Cannot delete entity, must detach all policies first.");
                }
                yield List.of(new RoleDeleted(c.accountId(), state.roleName()));
            }
        };
    }

    private static void requireTrustSize(String trustPolicy, Quotas quotas) {
        PolicyDocuments.requireSize(trustPolicy, quotas.trustPolicySize(),
                "Cannot exceed quota for ACLSizePerRole: " + quotas.trustPolicySize());
    }

    private static void requireSessionDuration(int seconds) {
        if (seconds < MIN_SESSION || seconds > MAX_SESSION) {
            throw AwsException.of(ErrorCode.ValidationError,
                    "1 validation error detected: Value '%d' at 'maxSessionDuration' failed to satisfy constraint: "
                            + "Member must have value %s %d", seconds,
                    seconds < MIN_SESSION ? "greater than or equal to" : "less than or equal to",
                    seconds < MIN_SESSION ? MIN_SESSION : MAX_SESSION);
        }
    }

    /** @return the role after the event; null once deleted */
    public static RoleState evolve(RoleState s, RoleEvent event) {
        return switch (event) {
            case RoleCreated e -> new RoleState(e.accountId(), e.roleName(), e.roleId(), e.path(), e.trustPolicy(),
                    e.description(), e.maxSessionDuration(), List.copyOf(e.tags()), e.createDate(),
                    Collections.emptySortedMap(), List.of(), e.permissionsBoundary(), e.trustPrincipalIds());
            case RoleUpdated e -> new RoleState(s.accountId(), s.roleName(), s.roleId(), s.path(), s.trustPolicy(),
                    e.description() != null ? e.description() : s.description(),
                    e.maxSessionDuration() != null ? e.maxSessionDuration() : s.maxSessionDuration(),
                    s.tags(), s.createDate(), s.inlinePolicies(), s.attachedPolicyArns(), s.permissionsBoundary(),
                    s.trustPrincipalIds());
            case TrustPolicyUpdated e -> new RoleState(s.accountId(), s.roleName(), s.roleId(), s.path(),
                    e.trustPolicy(), s.description(), s.maxSessionDuration(), s.tags(), s.createDate(),
                    s.inlinePolicies(), s.attachedPolicyArns(), s.permissionsBoundary(), e.trustPrincipalIds());
            case RolePermissionsBoundaryPut e -> new RoleState(s.accountId(), s.roleName(), s.roleId(), s.path(),
                    s.trustPolicy(), s.description(), s.maxSessionDuration(), s.tags(), s.createDate(),
                    s.inlinePolicies(), s.attachedPolicyArns(), e.policyArn(), s.trustPrincipalIds());
            case RolePermissionsBoundaryDeleted e -> new RoleState(s.accountId(), s.roleName(), s.roleId(),
                    s.path(), s.trustPolicy(), s.description(), s.maxSessionDuration(), s.tags(), s.createDate(),
                    s.inlinePolicies(), s.attachedPolicyArns(), null, s.trustPrincipalIds());
            case RoleTagged e -> withTags(s, Tags.merged(s.tags(), e.tags()));
            case RoleUntagged e -> withTags(s, Tags.remove(s.tags(), e.tagKeys()));
            case RolePolicyPut e -> {
                var inline = new TreeMap<>(s.inlinePolicies());
                inline.put(e.policyName(), e.document());
                yield withPolicies(s, inline, s.attachedPolicyArns());
            }
            case RolePolicyDeleted e -> {
                var inline = new TreeMap<>(s.inlinePolicies());
                inline.remove(e.policyName());
                yield withPolicies(s, inline, s.attachedPolicyArns());
            }
            case RolePolicyAttached e -> {
                var attached = new ArrayList<>(s.attachedPolicyArns());
                attached.add(e.policyArn());
                yield withPolicies(s, s.inlinePolicies(), attached);
            }
            case RolePolicyDetached e -> {
                var attached = new ArrayList<>(s.attachedPolicyArns());
                attached.remove(e.policyArn());
                yield withPolicies(s, s.inlinePolicies(), attached);
            }
            case RoleDeleted e -> null;
        };
    }

    private static RoleState withTags(RoleState s, List<Tag> tags) {
        return new RoleState(s.accountId(), s.roleName(), s.roleId(), s.path(), s.trustPolicy(), s.description(),
                s.maxSessionDuration(), List.copyOf(tags), s.createDate(), s.inlinePolicies(),
                s.attachedPolicyArns(), s.permissionsBoundary(), s.trustPrincipalIds());
    }

    private static RoleState withPolicies(RoleState s, java.util.SortedMap<String, String> inline,
                                          List<String> attached) {
        return new RoleState(s.accountId(), s.roleName(), s.roleId(), s.path(), s.trustPolicy(), s.description(),
                s.maxSessionDuration(), s.tags(), s.createDate(),
                Collections.unmodifiableSortedMap(new TreeMap<>(inline)), List.copyOf(attached),
                s.permissionsBoundary(), s.trustPrincipalIds());
    }
}
