package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.Policy;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.User;

/** A second account, created through the operator's admin API, is isolated from the default account. */
class CrossAccountIT extends IamItBase {
    String otherAccount;
    IamClient other;

    @BeforeAll
    void createSecondAccount() {
        HttpResponse<String> r = admin("POST", cluster.adminToken(), "{\"name\":\"tenant-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r.body());
        otherAccount = body.get("accountId").asText();
        assertThat(otherAccount).matches("\\d{12}").isNotEqualTo(ACCOUNT);
        assertThat(body.get("name").asText()).isEqualTo("tenant-b");
        assertThat(body.get("rootAccessKeyId").asText()).startsWith("AKIA").hasSize(28);
        assertThat(body.get("rootSecretAccessKey").asText()).hasSize(40);
        other = client(body.get("rootAccessKeyId").asText(), body.get("rootSecretAccessKey").asText());
    }

    @Test
    void theAdminApiNeedsTheBearerToken() {
        HttpResponse<String> none = admin("POST", null, "{\"name\":\"x\"}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(admin("POST", "wrong-" + cluster.adminToken(), "{\"name\":\"x\"}").statusCode()).isEqualTo(401);
        assertThat(admin("GET", null, null).statusCode()).isEqualTo(401);
        assertThat(admin("GET", cluster.adminToken().substring(1), null).statusCode()).isEqualTo(401);

        HttpResponse<String> list = admin("GET", cluster.adminToken(), null);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode accounts = json(list.body()).get("accounts");
        assertThat(accounts.findValuesAsText("accountId")).contains(otherAccount);
        // the rejected requests created nothing: only the one account of this class exists
        assertThat(accounts.findValuesAsText("name")).doesNotContain("x");
        // a secret is shown once, at creation, never in the listing
        assertThat(list.body()).doesNotContain("rootSecretAccessKey");
    }

    @Test
    void anExistingAccountIdIsAConflict() {
        HttpResponse<String> again = admin("POST", cluster.adminToken(), "{\"accountId\":\"" + otherAccount + "\"}");
        assertThat(again.statusCode()).isEqualTo(409);
        HttpResponse<String> defaultAccount = admin("POST", cluster.adminToken(), "{\"accountId\":\"" + ACCOUNT + "\"}");
        assertThat(defaultAccount.statusCode()).isEqualTo(400);
    }

    @Test
    void theNewRootIsItsAccountsRoot() {
        User me = other.getUser().user();
        assertThat(me.arn()).isEqualTo("arn:aws:iam::" + otherAccount + ":root");
        String name = unique("own");
        Role role = other.createRole(r -> r.roleName(name).assumeRolePolicyDocument(trust(
                "arn:aws:iam::" + otherAccount + ":root"))).role();
        assertThat(role.arn()).isEqualTo("arn:aws:iam::" + otherAccount + ":role/" + name);
    }

    @Test
    void accountsSeeOnlyTheirOwnEntities() {
        String shared = unique("same-name");
        String defaultOnly = unique("default-only");
        String otherOnly = unique("other-only");
        iam.createRole(r -> r.roleName(shared).assumeRolePolicyDocument(TRUST));
        iam.createRole(r -> r.roleName(defaultOnly).assumeRolePolicyDocument(TRUST));
        iam.createUser(r -> r.userName(defaultOnly));
        String otherTrust = trust("arn:aws:iam::" + otherAccount + ":root");
        // names are unique per account only
        Role otherShared = other.createRole(r -> r.roleName(shared).assumeRolePolicyDocument(otherTrust)).role();
        assertThat(otherShared.arn()).isEqualTo("arn:aws:iam::" + otherAccount + ":role/" + shared);
        other.createRole(r -> r.roleName(otherOnly).assumeRolePolicyDocument(otherTrust));
        other.createUser(r -> r.userName(otherOnly));

        assertThat(other.listRoles().roles()).extracting(Role::roleName).contains(shared, otherOnly)
                .doesNotContain(defaultOnly);
        assertThat(other.listRoles().roles()).extracting(Role::arn)
                .allSatisfy(a -> assertThat(a).startsWith("arn:aws:iam::" + otherAccount + ":"));
        assertThat(other.listUsers().users()).extracting(User::userName).contains(otherOnly).doesNotContain(defaultOnly);
        assertThat(other.listUsers().users()).extracting(User::arn)
                .allSatisfy(a -> assertThat(a).startsWith("arn:aws:iam::" + otherAccount + ":"));
        fails(() -> other.getRole(r -> r.roleName(defaultOnly)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> other.getUser(r -> r.userName(defaultOnly)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> other.deleteRole(r -> r.roleName(defaultOnly)), NoSuchEntityException.class, "NoSuchEntity", 404);

        assertThat(iam.listRoles().roles()).extracting(Role::roleName).doesNotContain(otherOnly);
        assertThat(iam.listRoles().roles()).extracting(Role::arn)
                .allSatisfy(a -> assertThat(a).startsWith("arn:aws:iam::" + ACCOUNT + ":"));
        assertThat(iam.listUsers().users()).extracting(User::userName).doesNotContain(otherOnly);
        fails(() -> iam.getRole(r -> r.roleName(otherOnly)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.getUser(r -> r.userName(otherOnly)), NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(iam.getRole(r -> r.roleName(shared)).role().arn())
                .isEqualTo("arn:aws:iam::" + ACCOUNT + ":role/" + shared);
        // the default account's role still exists after the other account's attempt to delete it
        assertThat(iam.getRole(r -> r.roleName(defaultOnly)).role().roleName()).isEqualTo(defaultOnly);
    }

    @Test
    void aPolicyOfAnotherAccountCannotBeAttachedOrRead() {
        String policyName = unique("default-policy");
        Policy defaultPolicy = iam.createPolicy(r -> r.policyName(policyName)
                .policyDocument(allow("s3:GetObject", "*"))).policy();
        String role = unique("victim");
        String user = unique("victim");
        other.createRole(r -> r.roleName(role).assumeRolePolicyDocument(trust("arn:aws:iam::" + otherAccount + ":root")));
        other.createUser(r -> r.userName(user));

        fails(() -> other.attachRolePolicy(r -> r.roleName(role).policyArn(defaultPolicy.arn())),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> other.attachUserPolicy(r -> r.userName(user).policyArn(defaultPolicy.arn())),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        // reading or deleting it by ARN is an action on another account's resource: AccessDenied, as in AWS
        assertThat(message(fails(() -> other.getPolicy(r -> r.policyArn(defaultPolicy.arn())), IamException.class,
                "AccessDenied", 403))).contains("iam:GetPolicy").contains(defaultPolicy.arn());
        fails(() -> other.deletePolicy(r -> r.policyArn(defaultPolicy.arn())), IamException.class, "AccessDenied", 403);
        assertThat(other.listAttachedRolePolicies(r -> r.roleName(role)).attachedPolicies()).isEmpty();
        assertThat(other.listPolicies().policies()).extracting(Policy::arn).doesNotContain(defaultPolicy.arn());
        assertThat(iam.getPolicy(r -> r.policyArn(defaultPolicy.arn())).policy().attachmentCount()).isZero();
    }
}
