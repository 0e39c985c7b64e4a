package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.AccountOverview;
import dev.opensts.app.iam.Policies;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.PolicyVersion;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GetAccountAuthorizationDetails' output: one page over users, then groups, then roles, then policies (a key per
 * kind keeps the Marker's order), split into the four lists; documents URL-encoded as AWS returns them.
 */
final class AuthorizationDetails {
    private AuthorizationDetails() {
    }

    /** One entity of the page, with its key (kind first, so kinds follow each other in the Marker's order). */
    private record Item(String key, String list, Map<String, Object> shape) {
    }

    static Map<String, Object> page(AccountOverview.Details d, String marker, Integer maxItems) {
        var items = new ArrayList<Item>();
        d.users().forEach(u -> items.add(new Item("1/" + fold(u.user().userName()), "UserDetailList", user(u))));
        d.groups().forEach(g -> items.add(new Item("2/" + fold(g.groupName()), "GroupDetailList", group(g))));
        d.roles().forEach(r -> items.add(new Item("3/" + fold(r.role().roleName()), "RoleDetailList", role(r))));
        d.policies().forEach(p -> items.add(new Item("4/" + fold(p.policy().policyName()), "Policies", policy(p))));
        Map<String, Object> page = Page.of(items, Item::key, i -> i, marker, maxItems, "Items");
        var out = new LinkedHashMap<String, Object>();
        for (String list : List.of("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")) {
            out.put(list, new ArrayList<Map<String, Object>>());
        }
        for (Object o : (List<?>) page.get("Items")) {
            Item i = (Item) o;
            @SuppressWarnings("unchecked")
            var list = (List<Map<String, Object>>) out.get(i.list());
            list.add(i.shape());
        }
        out.put("IsTruncated", page.get("IsTruncated"));
        if (page.containsKey("Marker")) {
            out.put("Marker", page.get("Marker"));
        }
        return out;
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private static List<Map<String, Object>> inline(Map<String, String> policies) {
        return policies.entrySet().stream().map(e -> {
            var m = new LinkedHashMap<String, Object>();
            m.put("PolicyName", e.getKey());
            m.put("PolicyDocument", Shapes.encodeDocument(e.getValue()));
            return (Map<String, Object>) m;
        }).toList();
    }

    private static List<Map<String, Object>> attached(List<String> arns) {
        return arns.stream().sorted().map(Shapes::attached).toList();
    }

    private static Map<String, Object> user(AccountOverview.UserDetail d) {
        UserState u = d.user();
        Map<String, Object> m = Shapes.user(u); // UserDetail: the User shape and its policies and groups
        m.put("UserPolicyList", inline(u.inlinePolicies()));
        m.put("GroupList", d.groupNames());
        m.put("AttachedManagedPolicies", attached(u.attachedPolicyArns()));
        return m;
    }

    private static Map<String, Object> group(GroupState g) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", g.path());
        m.put("GroupName", g.groupName());
        m.put("GroupId", g.groupId());
        m.put("Arn", g.arn());
        m.put("CreateDate", g.createDate());
        m.put("GroupPolicyList", inline(g.inlinePolicies()));
        m.put("AttachedManagedPolicies", attached(g.attachedPolicyArns()));
        return m;
    }

    private static Map<String, Object> role(AccountOverview.RoleDetail d) {
        RoleState r = d.role();
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", r.path());
        m.put("RoleName", r.roleName());
        m.put("RoleId", r.roleId());
        m.put("Arn", r.arn());
        m.put("CreateDate", r.createDate());
        m.put("AssumeRolePolicyDocument", Shapes.encodeDocument(r.trustPolicy()));
        m.put("InstanceProfileList", d.instanceProfiles().stream().map(p -> profile(p, r)).toList());
        m.put("RolePolicyList", inline(r.inlinePolicies()));
        m.put("AttachedManagedPolicies", attached(r.attachedPolicyArns()));
        if (r.permissionsBoundary() != null) {
            m.put("PermissionsBoundary", Shapes.boundary(r.permissionsBoundary()));
        }
        m.put("Tags", Shapes.tags(r.tags()));
        return m;
    }

    /** A profile holds at most one role: the one it is listed under. */
    private static Map<String, Object> profile(InstanceProfileState p, RoleState r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", p.path());
        m.put("InstanceProfileName", p.instanceProfileName());
        m.put("InstanceProfileId", p.instanceProfileId());
        m.put("Arn", p.arn());
        m.put("CreateDate", p.createDate());
        m.put("Roles", List.of(Shapes.role(r, false)));
        return m;
    }

    private static Map<String, Object> policy(Policies.PolicyInUse u) {
        ManagedPolicyState p = u.policy();
        // ManagedPolicyDetail: the Policy shape without its tags, with every version's document
        Map<String, Object> m = Shapes.policy(p, u.attachments(), u.boundaryUses(), false);
        var versions = new ArrayList<Map<String, Object>>();
        for (PolicyVersion v : p.versions()) {
            var vm = new LinkedHashMap<String, Object>();
            vm.put("Document", Shapes.encodeDocument(v.document()));
            vm.put("VersionId", v.versionId());
            vm.put("IsDefaultVersion", v.versionId().equals(p.defaultVersionId()));
            vm.put("CreateDate", v.createDate());
            versions.add(vm);
        }
        m.put("PolicyVersionList", versions);
        return m;
    }
}
