package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.InlinePolicy;
import dev.opensts.app.iam.Users;
import dev.opensts.iam.AccessKey;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserState;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** IAM entities in the output shapes of the AWS model (member names as service-2.json spells them). */
final class Shapes {
    private Shapes() {
    }

    /** IAM returns policy documents URL-encoded (RFC 3986), as AWS does. */
    static String encodeDocument(String document) {
        return URLEncoder.encode(document, StandardCharsets.UTF_8).replace("+", "%20");
    }

    static Map<String, Object> user(UserState u) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", u.path());
        m.put("UserName", u.userName());
        m.put("UserId", u.userId());
        m.put("Arn", u.arn());
        m.put("CreateDate", u.createDate());
        if (u.permissionsBoundary() != null) {
            m.put("PermissionsBoundary", boundary(u.permissionsBoundary()));
        }
        if (!u.tags().isEmpty()) {
            m.put("Tags", tags(u.tags()));
        }
        return m;
    }

    static Map<String, Object> role(RoleState r, boolean withTags) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", r.path());
        m.put("RoleName", r.roleName());
        m.put("RoleId", r.roleId());
        m.put("Arn", r.arn());
        m.put("CreateDate", r.createDate());
        m.put("AssumeRolePolicyDocument", encodeDocument(r.trustPolicy()));
        if (r.description() != null) {
            m.put("Description", r.description());
        }
        m.put("MaxSessionDuration", r.maxSessionDuration());
        if (withTags && r.permissionsBoundary() != null) {
            m.put("PermissionsBoundary", boundary(r.permissionsBoundary()));
        }
        if (withTags && !r.tags().isEmpty()) {
            m.put("Tags", tags(r.tags()));
        }
        return m;
    }

    static Map<String, Object> policy(ManagedPolicyState p, int attachmentCount, int boundaryUses,
                                      boolean withTags) {
        var m = new LinkedHashMap<String, Object>();
        m.put("PolicyName", p.policyName());
        m.put("PolicyId", p.policyId());
        m.put("Arn", p.arn());
        m.put("Path", p.path());
        m.put("DefaultVersionId", p.defaultVersionId());
        m.put("AttachmentCount", attachmentCount);
        m.put("PermissionsBoundaryUsageCount", boundaryUses);
        m.put("IsAttachable", true);
        if (p.description() != null) {
            m.put("Description", p.description());
        }
        m.put("CreateDate", p.createDate());
        m.put("UpdateDate", p.updateDate());
        if (withTags && !p.tags().isEmpty()) {
            m.put("Tags", tags(p.tags()));
        }
        return m;
    }

    static Map<String, Object> boundary(String policyArn) {
        var m = new LinkedHashMap<String, Object>();
        m.put("PermissionsBoundaryType", "PermissionsBoundaryPolicy"); // the model's only value
        m.put("PermissionsBoundaryArn", policyArn);
        return m;
    }

    static Map<String, Object> accessKeyMetadata(String userName, AccessKey k) {
        var m = new LinkedHashMap<String, Object>();
        m.put("UserName", userName);
        m.put("AccessKeyId", k.accessKeyId());
        m.put("Status", k.status().name());
        m.put("CreateDate", k.createDate());
        return m;
    }

    static Map<String, Object> tag(Tag t) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Key", t.key());
        m.put("Value", t.value());
        return m;
    }

    static List<Map<String, Object>> tags(List<Tag> tags) {
        return tags.stream().map(Shapes::tag).toList();
    }

    static Map<String, Object> attached(String policyArn) {
        var m = new LinkedHashMap<String, Object>();
        m.put("PolicyName", dev.opensts.arn.Arn.parse(policyArn).name());
        m.put("PolicyArn", policyArn);
        return m;
    }

    static Map<String, Object> rolePolicy(InlinePolicy p) {
        return Map.of("RoleName", p.ownerName(), "PolicyName", p.policyName(),
                "PolicyDocument", encodeDocument(p.document()));
    }

    static Map<String, Object> userPolicy(InlinePolicy p) {
        return Map.of("UserName", p.ownerName(), "PolicyName", p.policyName(),
                "PolicyDocument", encodeDocument(p.document()));
    }

    /** GetUser without a user name, called by an account's root: the root's own identity, as IAM describes it. */
    static Map<String, Object> rootUser(String accountId, String arn) {
        var m = new LinkedHashMap<String, Object>();
        m.put("Path", "/");
        m.put("UserName", accountId);
        m.put("UserId", accountId);
        m.put("Arn", arn);
        m.put("CreateDate", java.time.Instant.EPOCH);
        return m;
    }

    static Map<String, Object> newAccessKey(Users.NewAccessKey k) {
        var m = new LinkedHashMap<String, Object>();
        m.put("UserName", k.userName());
        m.put("AccessKeyId", k.key().accessKeyId());
        m.put("Status", k.key().status().name());
        m.put("SecretAccessKey", k.secretAccessKey());
        m.put("CreateDate", k.key().createDate());
        return m;
    }
}
