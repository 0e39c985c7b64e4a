package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * A customer-managed policy with its stored versions (at most {@link PolicyDecider#MAX_VERSIONS}), oldest first.
 * {@code document} is the default version's document: what every evaluation of the policy reads.
 * {@code lastVersionNumber} is the highest version number ever used, so that a deleted version's id is never
 * given again (as AWS does).
 *
 * <p>States written before policies had versions (a read model's JSON without {@code versions}) are read as the
 * one version {@code v1} of their document: null versions, default id or number are completed here.
 */
public record ManagedPolicyState(String accountId, String policyName, String policyId, String path,
                                 String description, String document, List<Tag> tags, Instant createDate,
                                 String defaultVersionId, List<PolicyVersion> versions, int lastVersionNumber)
        implements AggregateState {
    public static final String FIRST_VERSION = "v1";

    public ManagedPolicyState {
        if (versions == null || versions.isEmpty()) {
            versions = List.of(new PolicyVersion(FIRST_VERSION, document, createDate));
        } else {
            versions = List.copyOf(versions);
        }
        if (defaultVersionId == null) {
            defaultVersionId = FIRST_VERSION;
        }
        int highest = versions.stream().mapToInt(v -> number(v.versionId())).max().orElse(1);
        lastVersionNumber = Math.max(lastVersionNumber, highest);
    }

    /** A policy as CreatePolicy makes it: one version, v1, its default. */
    public static ManagedPolicyState created(String accountId, String policyName, String policyId, String path,
                                             String description, String document, List<Tag> tags,
                                             Instant createDate) {
        return new ManagedPolicyState(accountId, policyName, policyId, path, description, document, tags,
                createDate, FIRST_VERSION, List.of(new PolicyVersion(FIRST_VERSION, document, createDate)), 1);
    }

    public String arn() {
        return Arn.iamPolicy(accountId, path, policyName).toString();
    }

    /** The version of that id, or null. */
    public PolicyVersion version(String versionId) {
        for (PolicyVersion v : versions) {
            if (v.versionId().equals(versionId)) {
                return v;
            }
        }
        return null;
    }

    /**
     * AWS's UpdateDate: when the most recent of the policy's versions was created (its creation while it has one).
     */
    public Instant updateDate() {
        return versions.stream().map(PolicyVersion::createDate).filter(java.util.Objects::nonNull)
                .max(Comparator.naturalOrder()).orElse(createDate);
    }

    /** The number of an id open-sts gave (v7 -> 7); 0 for any other string. */
    static int number(String versionId) {
        if (versionId == null || versionId.length() < 2 || versionId.length() > 10 || versionId.charAt(0) != 'v') {
            return 0;
        }
        int n = 0;
        for (int i = 1; i < versionId.length(); i++) {
            char ch = versionId.charAt(i);
            if (ch < '0' || ch > '9') {
                return 0;
            }
            n = n * 10 + (ch - '0');
        }
        return n;
    }
}
