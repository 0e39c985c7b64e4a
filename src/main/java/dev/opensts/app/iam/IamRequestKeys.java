package dev.opensts.app.iam;

import dev.opensts.iam.InstanceProfileCommand;
import dev.opensts.iam.GroupCommand;
import dev.opensts.iam.OidcProviderCommand;
import dev.opensts.iam.PolicyCommand;
import dev.opensts.iam.RoleCommand;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserCommand;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The condition keys an IAM request carries about what it asks for, as AWS documents them per action:
 * aws:RequestTag/* and aws:TagKeys for the tags a request sets (aws:TagKeys alone for the keys it removes),
 * iam:PolicyARN for the managed policy it attaches or detaches, iam:PermissionsBoundary for the boundary it
 * sets. Without them a Deny written on these keys (AWS's guardrails for tags and policies) never applies.
 * (For actions on an existing user or role, iam:PermissionsBoundary is that entity's boundary:
 * {@link Contexts#withResource}.)
 */
public final class IamRequestKeys {
    private IamRequestKeys() {
    }

    public static Map<String, List<String>> of(Object command) {
        return switch (command) {
            case RoleCommand c -> switch (c) {
                case RoleCommand.CreateRole r -> withBoundary(tags(r.tags()), r.permissionsBoundary());
                case RoleCommand.TagRole r -> tags(r.tags());
                case RoleCommand.UntagRole r -> Map.of("aws:TagKeys", r.tagKeys());
                case RoleCommand.AttachRolePolicy r -> Map.of("iam:PolicyARN", List.of(r.policyArn()));
                case RoleCommand.DetachRolePolicy r -> Map.of("iam:PolicyARN", List.of(r.policyArn()));
                case RoleCommand.PutRolePermissionsBoundary r ->
                        Map.of("iam:PermissionsBoundary", List.of(r.policyArn()));
                default -> Map.of();
            };
            case UserCommand c -> switch (c) {
                case UserCommand.CreateUser u -> withBoundary(tags(u.tags()), u.permissionsBoundary());
                case UserCommand.TagUser u -> tags(u.tags());
                case UserCommand.UntagUser u -> Map.of("aws:TagKeys", u.tagKeys());
                case UserCommand.AttachUserPolicy u -> Map.of("iam:PolicyARN", List.of(u.policyArn()));
                case UserCommand.DetachUserPolicy u -> Map.of("iam:PolicyARN", List.of(u.policyArn()));
                case UserCommand.PutUserPermissionsBoundary u ->
                        Map.of("iam:PermissionsBoundary", List.of(u.policyArn()));
                default -> Map.of();
            };
            case PolicyCommand c -> switch (c) {
                case PolicyCommand.CreatePolicy p -> tags(p.tags());
                case PolicyCommand.TagPolicy p -> tags(p.tags());
                case PolicyCommand.UntagPolicy p -> Map.of("aws:TagKeys", p.tagKeys());
                default -> Map.of();
            };
            case GroupCommand c -> switch (c) {
                case GroupCommand.AttachGroupPolicy g -> Map.of("iam:PolicyARN", List.of(g.policyArn()));
                case GroupCommand.DetachGroupPolicy g -> Map.of("iam:PolicyARN", List.of(g.policyArn()));
                default -> Map.of();
            };
            case OidcProviderCommand c -> switch (c) {
                case OidcProviderCommand.CreateOidcProvider o -> tags(o.tags());
                case OidcProviderCommand.TagOidcProvider o -> tags(o.tags());
                case OidcProviderCommand.UntagOidcProvider o -> Map.of("aws:TagKeys", o.tagKeys());
                default -> Map.of();
            };
            case InstanceProfileCommand c -> switch (c) {
                case InstanceProfileCommand.CreateInstanceProfile p -> tags(p.tags());
                case InstanceProfileCommand.TagInstanceProfile p -> tags(p.tags());
                case InstanceProfileCommand.UntagInstanceProfile p -> Map.of("aws:TagKeys", p.tagKeys());
                default -> Map.of();
            };
            case dev.opensts.iam.MfaDeviceCommand c -> switch (c) {
                case dev.opensts.iam.MfaDeviceCommand.CreateVirtualMfaDevice d -> tags(d.tags());
                case dev.opensts.iam.MfaDeviceCommand.TagMfaDevice d -> tags(d.tags());
                case dev.opensts.iam.MfaDeviceCommand.UntagMfaDevice d -> Map.of("aws:TagKeys", d.tagKeys());
                default -> Map.of();
            };
            default -> Map.of();
        };
    }

    /** aws:RequestTag/KEY for each tag and aws:TagKeys listing them; nothing for no tags. */
    public static Map<String, List<String>> tags(List<Tag> tags) {
        if (tags == null || tags.isEmpty()) {
            return Map.of();
        }
        var keys = new LinkedHashMap<String, List<String>>();
        for (Tag t : tags) {
            keys.put("aws:RequestTag/" + t.key(), List.of(t.value()));
        }
        keys.put("aws:TagKeys", tags.stream().map(Tag::key).toList());
        return keys;
    }

    private static Map<String, List<String>> withBoundary(Map<String, List<String>> keys, String boundary) {
        if (boundary == null) {
            return keys;
        }
        var out = new LinkedHashMap<>(keys);
        out.put("iam:PermissionsBoundary", List.of(boundary));
        return out;
    }
}
