package dev.opensts.iam;

import dev.opensts.arn.Arn;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/** An IAM user. Maps are sorted by name so listings come out in AWS's order. */
public record UserState(String accountId, String userName, String userId, String path, List<Tag> tags,
                        Instant createDate, List<AccessKey> accessKeys, SortedMap<String, String> inlinePolicies,
                        List<String> attachedPolicyArns, String permissionsBoundary, LoginProfile loginProfile)
        implements AggregateState {
    /** A user without a login profile. */
    public UserState(String accountId, String userName, String userId, String path, List<Tag> tags,
                     Instant createDate, List<AccessKey> accessKeys, SortedMap<String, String> inlinePolicies,
                     List<String> attachedPolicyArns, String permissionsBoundary) {
        this(accountId, userName, userId, path, tags, createDate, accessKeys, inlinePolicies, attachedPolicyArns,
                permissionsBoundary, null);
    }

    public String arn() {
        return Arn.iamUser(accountId, path, userName).toString();
    }

    public AccessKey accessKey(String accessKeyId) {
        return accessKeys.stream().filter(k -> k.accessKeyId().equals(accessKeyId)).findFirst().orElse(null);
    }

    UserState with(List<Tag> newTags, List<AccessKey> keys, Map<String, String> inline, List<String> attached) {
        return new UserState(accountId, userName, userId, path, List.copyOf(newTags), createDate, List.copyOf(keys),
                java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(inline)), List.copyOf(attached),
                permissionsBoundary, loginProfile);
    }

    UserState withBoundary(String boundary) {
        return new UserState(accountId, userName, userId, path, tags, createDate, accessKeys, inlinePolicies,
                attachedPolicyArns, boundary, loginProfile);
    }

    UserState withLoginProfile(LoginProfile profile) {
        return new UserState(accountId, userName, userId, path, tags, createDate, accessKeys, inlinePolicies,
                attachedPolicyArns, permissionsBoundary, profile);
    }
}
