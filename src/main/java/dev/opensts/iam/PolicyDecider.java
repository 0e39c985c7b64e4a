package dev.opensts.iam;

import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.PolicyCommand.CreatePolicy;
import dev.opensts.iam.PolicyCommand.CreatePolicyVersion;
import dev.opensts.iam.PolicyCommand.DeletePolicy;
import dev.opensts.iam.PolicyCommand.DeletePolicyVersion;
import dev.opensts.iam.PolicyCommand.SetDefaultPolicyVersion;
import dev.opensts.iam.PolicyCommand.TagPolicy;
import dev.opensts.iam.PolicyCommand.UntagPolicy;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.PolicyEvent.PolicyDefaultVersionSet;
import dev.opensts.iam.PolicyEvent.PolicyDeleted;
import dev.opensts.iam.PolicyEvent.PolicyTagged;
import dev.opensts.iam.PolicyEvent.PolicyUntagged;
import dev.opensts.iam.PolicyEvent.PolicyVersionCreated;
import dev.opensts.iam.PolicyEvent.PolicyVersionDeleted;
import dev.opensts.policy.PolicyKind;

import java.util.ArrayList;
import java.util.List;

/**
 * The customer-managed policy aggregate, with its versions: at most {@value #MAX_VERSIONS} stored, one of them the
 * default (what every evaluation reads), ids v1, v2, ... never given twice.
 */
public final class PolicyDecider {
    /** AWS: "Versions of a managed policy that can be stored: 5" (not adjustable). */
    public static final int MAX_VERSIONS = 5;

    private PolicyDecider() {
    }

    /** @param quotas the deployment's IAM quotas (document size, tags) */
    public static List<PolicyEvent> decide(PolicyCommand command, ManagedPolicyState state, Quotas quotas) {
        if (!(command instanceof CreatePolicy) && state == null) {
            throw AwsException.noSuchEntity("Policy " + Arn.iamPolicy(command.accountId(), "/", command.policyName())
                    + " was not found.");
        }
        return switch (command) {
            case CreatePolicy c -> {
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists,
                            "A policy called %s already exists. Duplicate names are not allowed.", c.policyName());
                }
                requireDocument(c.document(), quotas);
                yield List.of(new PolicyCreated(c.accountId(), c.policyName(), c.policyId(), c.path(),
                        c.description(), c.document(), Tags.checked(List.of(), c.tags(), quotas.tagsPerEntity()),
                        c.at()));
            }
            case DeletePolicy c -> {
                if (state.versions().size() > 1) {
                    throw AwsException.of(ErrorCode.DeleteConflict, "This policy has more than one version. Before "
                            + "you delete a policy, you must delete the policy's versions. The default version is "
                            + "deleted with the policy.");
                }
                yield List.of(new PolicyDeleted(c.accountId(), state.policyName()));
            }
            case CreatePolicyVersion c -> {
                if (state.versions().size() >= MAX_VERSIONS) {
                    throw AwsException.of(ErrorCode.LimitExceeded, "A managed policy can have up to %d versions. "
                            + "Before you create a new version, you must delete an existing version.", MAX_VERSIONS);
                }
                requireDocument(c.document(), quotas);
                yield List.of(new PolicyVersionCreated(c.accountId(), state.policyName(),
                        "v" + (state.lastVersionNumber() + 1), c.document(), c.setAsDefault(), c.at()));
            }
            case SetDefaultPolicyVersion c -> {
                requireVersion(state, c.versionId());
                yield c.versionId().equals(state.defaultVersionId()) ? List.of() // AWS: success, nothing changes
                        : List.of(new PolicyDefaultVersionSet(c.accountId(), state.policyName(), c.versionId()));
            }
            case DeletePolicyVersion c -> {
                requireVersion(state, c.versionId());
                if (c.versionId().equals(state.defaultVersionId())) {
                    throw AwsException.of(ErrorCode.DeleteConflict, "Cannot delete the default version of a policy.");
                }
                yield List.of(new PolicyVersionDeleted(c.accountId(), state.policyName(), c.versionId()));
            }
            case TagPolicy c -> {
                Tags.checked(state.tags(), c.tags(), quotas.tagsPerEntity());
                yield List.of(new PolicyTagged(c.accountId(), state.policyName(), c.tags()));
            }
            case UntagPolicy c -> List.of(new PolicyUntagged(c.accountId(), state.policyName(), c.tagKeys()));
        };
    }

    private static void requireDocument(String document, Quotas quotas) {
        PolicyDocuments.requireSize(document, quotas.managedPolicySize(),
                "Cannot exceed quota for PolicySize: " + quotas.managedPolicySize());
        PolicyDocuments.validate(document, PolicyKind.MANAGED);
    }

    private static PolicyVersion requireVersion(ManagedPolicyState state, String versionId) {
        PolicyVersion v = state.version(versionId);
        if (v == null) {
            throw AwsException.noSuchEntity("Policy " + state.arn() + " version " + versionId + " does not exist or "
                    + "is not attachable.");
        }
        return v;
    }

    /** @return the policy after the event; null once deleted */
    public static ManagedPolicyState evolve(ManagedPolicyState s, PolicyEvent event) {
        return switch (event) {
            case PolicyCreated e -> ManagedPolicyState.created(e.accountId(), e.policyName(), e.policyId(), e.path(),
                    e.description(), e.document(), List.copyOf(e.tags()), e.createDate());
            case PolicyDeleted e -> null;
            case PolicyVersionCreated e -> {
                var versions = new ArrayList<>(s.versions());
                versions.add(new PolicyVersion(e.versionId(), e.document(), e.createDate()));
                int number = Math.max(s.lastVersionNumber(), ManagedPolicyState.number(e.versionId()));
                yield e.setAsDefault()
                        ? with(s, e.document(), e.versionId(), versions, number, s.tags())
                        : with(s, s.document(), s.defaultVersionId(), versions, number, s.tags());
            }
            case PolicyDefaultVersionSet e -> {
                PolicyVersion v = s.version(e.versionId());
                yield v == null ? s : with(s, v.document(), v.versionId(), s.versions(), s.lastVersionNumber(),
                        s.tags());
            }
            case PolicyVersionDeleted e -> with(s, s.document(), s.defaultVersionId(),
                    s.versions().stream().filter(v -> !v.versionId().equals(e.versionId())).toList(),
                    s.lastVersionNumber(), s.tags());
            case PolicyTagged e -> with(s, s.document(), s.defaultVersionId(), s.versions(), s.lastVersionNumber(),
                    Tags.merged(s.tags(), e.tags()));
            case PolicyUntagged e -> with(s, s.document(), s.defaultVersionId(), s.versions(), s.lastVersionNumber(),
                    Tags.remove(s.tags(), e.tagKeys()));
        };
    }

    private static ManagedPolicyState with(ManagedPolicyState s, String document, String defaultVersionId,
                                           List<PolicyVersion> versions, int lastVersionNumber, List<Tag> tags) {
        return new ManagedPolicyState(s.accountId(), s.policyName(), s.policyId(), s.path(), s.description(), document,
                tags, s.createDate(), defaultVersionId, versions, lastVersionNumber);
    }
}
