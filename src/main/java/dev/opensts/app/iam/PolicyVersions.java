package dev.opensts.app.iam;

import dev.opensts.app.Caller;
import dev.opensts.error.AwsException;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.PolicyCommand;
import dev.opensts.iam.PolicyDecider;
import dev.opensts.iam.PolicyEvent;
import dev.opensts.iam.PolicyVersion;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The versions and tags of a customer-managed policy: CreatePolicyVersion, GetPolicyVersion, ListPolicyVersions,
 * SetDefaultPolicyVersion, DeletePolicyVersion, TagPolicy, UntagPolicy, ListPolicyTags. Each is authorized as
 * {@code iam:<Action>} on the policy ARN the caller names (path included), before any lookup, exactly as the other
 * policy actions are: another account's ARN is refused by the authorizer, an ARN of the caller's account that names
 * no policy (or the policy under another path) is NoSuchEntity.
 */
public final class PolicyVersions {
    /** A policy with one of its versions. */
    public record VersionOf(ManagedPolicyState policy, PolicyVersion version) {
        public boolean isDefault() {
            return version.versionId().equals(policy.defaultVersionId());
        }
    }

    private final IamContext iam;

    public PolicyVersions(IamContext iam) {
        this.iam = iam;
    }

    /** GetPolicyVersion. */
    public Uni<VersionOf> version(Caller c, String policyArn, String versionId) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:GetPolicyVersion", policyArn);
            ManagedPolicyState p = Entities.policy(iam.view(), c.accountId(), policyArn);
            PolicyVersion v = p.version(versionId);
            if (v == null) {
                throw AwsException.noSuchEntity("Policy " + policyArn + " version " + versionId
                        + " does not exist or is not attachable.");
            }
            return new VersionOf(p, v);
        });
    }

    /** ListPolicyVersions: every stored version, newest first (as AWS lists them). */
    public Uni<List<VersionOf>> versions(Caller c, String policyArn) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListPolicyVersions", policyArn);
            ManagedPolicyState p = Entities.policy(iam.view(), c.accountId(), policyArn);
            return p.versions().reversed().stream().map(v -> new VersionOf(p, v)).toList();
        });
    }

    /** CreatePolicyVersion: the new version (v2, v3, ...), the policy's default when {@code setAsDefault}. */
    public Uni<VersionOf> create(Caller c, String policyArn, String document, boolean setAsDefault,
                                 String requestId) {
        return Uni.createFrom().deferred(() -> {
            iam.authorizer().require(c, "iam:CreatePolicyVersion", policyArn);
            ManagedPolicyState p = Entities.policy(iam.view(), c.accountId(), policyArn);
            var command = new PolicyCommand.CreatePolicyVersion(c.accountId(), p.policyName(), document,
                    setAsDefault, iam.clock().instant());
            var created = new AtomicReference<String>();
            return iam.bus().<ManagedPolicyState>execute(StreamIds.policy(c.accountId(), p.policyName()), s -> {
                        List<PolicyEvent> events = PolicyDecider.decide(command, s, iam.quotas());
                        created.set(((PolicyEvent.PolicyVersionCreated) events.get(0)).versionId());
                        return events;
                    }, c.actor(), requestId)
                    .map(x -> {
                        ManagedPolicyState now = iam.view().policy(c.accountId(), p.policyName());
                        PolicyVersion v = now == null ? null : now.version(created.get());
                        if (v == null) { // gone again (another writer): what was created, as it was
                            return new VersionOf(p, new PolicyVersion(created.get(), document, command.at()));
                        }
                        return new VersionOf(now, v);
                    });
        });
    }

    /** SetDefaultPolicyVersion: from now on every evaluation of the policy reads that version. */
    public Uni<Void> setDefault(Caller c, String policyArn, String versionId, String requestId) {
        return change(c, "iam:SetDefaultPolicyVersion", policyArn, requestId,
                name -> new PolicyCommand.SetDefaultPolicyVersion(c.accountId(), name, versionId));
    }

    /** DeletePolicyVersion: never the default version. */
    public Uni<Void> delete(Caller c, String policyArn, String versionId, String requestId) {
        return change(c, "iam:DeletePolicyVersion", policyArn, requestId,
                name -> new PolicyCommand.DeletePolicyVersion(c.accountId(), name, versionId));
    }

    public Uni<Void> tag(Caller c, String policyArn, List<Tag> tags, String requestId) {
        return change(c, "iam:TagPolicy", policyArn, requestId,
                name -> new PolicyCommand.TagPolicy(c.accountId(), name, tags));
    }

    public Uni<Void> untag(Caller c, String policyArn, List<String> tagKeys, String requestId) {
        return change(c, "iam:UntagPolicy", policyArn, requestId,
                name -> new PolicyCommand.UntagPolicy(c.accountId(), name, tagKeys));
    }

    /** ListPolicyTags. */
    public Uni<List<Tag>> tags(Caller c, String policyArn) {
        return Uni.createFrom().item(() -> {
            iam.authorizer().require(c, "iam:ListPolicyTags", policyArn);
            return Entities.policy(iam.view(), c.accountId(), policyArn).tags();
        });
    }

    private Uni<Void> change(Caller c, String action, String policyArn, String requestId,
                             java.util.function.Function<String, PolicyCommand> command) {
        return Uni.createFrom().deferred(() -> {
            // the request's tag keys are known before the policy's name is: authorize with a placeholder name
            PolicyCommand keys = command.apply("");
            iam.authorizer().require(c, action, policyArn, IamRequestKeys.of(keys));
            ManagedPolicyState p = Entities.policy(iam.view(), c.accountId(), policyArn);
            PolicyCommand checked = command.apply(p.policyName());
            return iam.bus().<ManagedPolicyState>execute(StreamIds.policy(c.accountId(), p.policyName()),
                    s -> PolicyDecider.decide(checked, s, iam.quotas()), c.actor(), requestId);
        });
    }
}
