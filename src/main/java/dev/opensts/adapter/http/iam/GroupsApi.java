package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.Groups;
import dev.opensts.app.iam.InlinePolicy;
import dev.opensts.app.iam.PolicyEntities;
import dev.opensts.iam.GroupState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The group actions and ListEntitiesForPolicy: Query input to the use case's request, its result to the output shape. */
final class GroupsApi {
    private final Groups groups;
    private final PolicyEntities policyEntities;

    GroupsApi(Groups groups, PolicyEntities policyEntities) {
        this.groups = groups;
        this.policyEntities = policyEntities;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreateGroup", (c, in, rid) -> groups.create(c, in.string("GroupName"), in.string("Path"), rid)
                .map(g -> Map.of("Group", group(g))));
        actions.put("GetGroup", (c, in, rid) -> groups.get(c, in.string("GroupName")).map(g -> {
            var page = new LinkedHashMap<String, Object>();
            page.put("Group", group(g.group()));
            page.putAll(Page.of(g.users(), u -> u.userName().toLowerCase(Locale.ROOT), Shapes::user,
                    in.string("Marker"), in.integer("MaxItems"), "Users"));
            return page;
        }));
        actions.put("ListGroups", (c, in, rid) -> groups.list(c, in.string("PathPrefix"))
                .map(list -> Page.of(list, g -> g.groupName().toLowerCase(Locale.ROOT), GroupsApi::group,
                        in.string("Marker"), in.integer("MaxItems"), "Groups")));
        actions.put("ListGroupsForUser", (c, in, rid) -> groups.groupsForUser(c, in.string("UserName"))
                .map(list -> Page.of(list, g -> g.groupName().toLowerCase(Locale.ROOT), GroupsApi::group,
                        in.string("Marker"), in.integer("MaxItems"), "Groups")));
        actions.put("UpdateGroup", (c, in, rid) -> groups.update(c, in.string("GroupName"),
                in.string("NewGroupName"), in.string("NewPath"), rid).map(Inputs::none));
        actions.put("DeleteGroup", (c, in, rid) -> groups.delete(c, in.string("GroupName"), rid).map(Inputs::none));
        actions.put("AddUserToGroup", (c, in, rid) -> groups.addUser(c, in.string("GroupName"),
                in.string("UserName"), rid).map(Inputs::none));
        actions.put("RemoveUserFromGroup", (c, in, rid) -> groups.removeUser(c, in.string("GroupName"),
                in.string("UserName"), rid).map(Inputs::none));
        actions.put("PutGroupPolicy", (c, in, rid) -> groups.putPolicy(c, in.string("GroupName"),
                in.string("PolicyName"), in.string("PolicyDocument"), rid).map(Inputs::none));
        actions.put("DeleteGroupPolicy", (c, in, rid) -> groups.deletePolicy(c, in.string("GroupName"),
                in.string("PolicyName"), rid).map(Inputs::none));
        actions.put("GetGroupPolicy", (c, in, rid) -> groups.inlinePolicy(c, in.string("GroupName"),
                in.string("PolicyName")).map(GroupsApi::groupPolicy));
        actions.put("ListGroupPolicies", (c, in, rid) -> groups.inlinePolicyNames(c, in.string("GroupName"))
                .map(names -> Page.of(names, n -> n, n -> n, in.string("Marker"), in.integer("MaxItems"),
                        "PolicyNames")));
        actions.put("AttachGroupPolicy", (c, in, rid) -> groups.attachPolicy(c, in.string("GroupName"),
                in.string("PolicyArn"), rid).map(Inputs::none));
        actions.put("DetachGroupPolicy", (c, in, rid) -> groups.detachPolicy(c, in.string("GroupName"),
                in.string("PolicyArn"), rid).map(Inputs::none));
        actions.put("ListAttachedGroupPolicies", (c, in, rid) -> groups.attachedPolicies(c, in.string("GroupName"),
                        in.string("PathPrefix"))
                .map(arns -> Page.of(arns, a -> a, Shapes::attached, in.string("Marker"), in.integer("MaxItems"),
                        "AttachedPolicies")));
        actions.put("ListEntitiesForPolicy", (c, in, rid) -> policyEntities.list(c, in.string("PolicyArn"),
                        new PolicyEntities.Filter(in.string("EntityFilter"), in.string("PathPrefix"),
                                in.string("PolicyUsageFilter")))
                .map(entities -> entitiesPage(entities, in.string("Marker"), in.integer("MaxItems"))));
    }

    static Map<String, Object> group(GroupState g) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", g.path());
        m.put("GroupName", g.groupName());
        m.put("GroupId", g.groupId());
        m.put("Arn", g.arn());
        m.put("CreateDate", g.createDate());
        return m;
    }

    private static Map<String, Object> groupPolicy(InlinePolicy p) {
        return Map.of("GroupName", p.ownerName(), "PolicyName", p.policyName(),
                "PolicyDocument", Shapes.encodeDocument(p.document()));
    }

    /** One page over groups, then users, then roles (a key per kind keeps the Marker's order), split by kind. */
    private static Map<String, Object> entitiesPage(List<PolicyEntities.Entity> entities, String marker,
                                                    Integer maxItems) {
        Map<String, Object> page = Page.of(entities, GroupsApi::entityKey, e -> e, marker, maxItems, "Entities");
        var groups = new ArrayList<Map<String, Object>>();
        var users = new ArrayList<Map<String, Object>>();
        var roles = new ArrayList<Map<String, Object>>();
        for (Object o : (List<?>) page.get("Entities")) {
            var e = (PolicyEntities.Entity) o;
            switch (e.kind()) {
                case "Group" -> groups.add(Map.of("GroupName", e.name(), "GroupId", e.id()));
                case "User" -> users.add(Map.of("UserName", e.name(), "UserId", e.id()));
                default -> roles.add(Map.of("RoleName", e.name(), "RoleId", e.id()));
            }
        }
        var out = new LinkedHashMap<String, Object>();
        out.put("PolicyGroups", groups);
        out.put("PolicyUsers", users);
        out.put("PolicyRoles", roles);
        out.put("IsTruncated", page.get("IsTruncated"));
        if (page.containsKey("Marker")) {
            out.put("Marker", page.get("Marker"));
        }
        return out;
    }

    private static String entityKey(PolicyEntities.Entity e) {
        String order = switch (e.kind()) {
            case "Group" -> "1";
            case "User" -> "2";
            default -> "3";
        };
        return order + "/" + e.name().toLowerCase(Locale.ROOT);
    }
}
