package dev.opensts.adapter.http.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.opensts.adapter.http.query.Models.params;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit record's requestParameters are rendered from the model: every member the model marks sensitive
 * (passwords, secret keys, private keys, tokens, SAML assertions) is left out, wherever it sits, and so are MFA codes,
 * which the models do not mark; nothing is left out by a hand list of parameter names.
 */
class AuditParametersTest {

    /** Every top-level input member of every operation, found in the raw JSON model, whose subtree holds a secret. */
    private static List<String[]> secretMembers(String resource) throws IOException {
        JsonNode model;
        try (InputStream in = AuditParametersTest.class.getResourceAsStream(resource)) {
            model = new ObjectMapper().readTree(in);
        }
        JsonNode shapes = model.path("shapes");
        var out = new ArrayList<String[]>();
        model.path("operations").fields().forEachRemaining(op -> {
            String input = op.getValue().path("input").path("shape").asText(null);
            if (input == null) {
                return;
            }
            shapes.path(input).path("members").fields().forEachRemaining(m -> {
                if (holdsSecret(shapes, m.getValue().path("shape").asText(), new HashSet<>())) {
                    out.add(new String[]{op.getKey(), m.getValue().path("locationName").asText(m.getKey())});
                }
            });
        });
        return out;
    }

    private static boolean holdsSecret(JsonNode shapes, String name, Set<String> seen) {
        if (!seen.add(name)) {
            return false;
        }
        JsonNode s = shapes.path(name);
        if (s.path("sensitive").asBoolean(false) || QueryInput.SECRET_SHAPES.contains(name)) {
            return true;
        }
        for (String ref : List.of("member", "key", "value")) {
            if (s.has(ref) && holdsSecret(shapes, s.path(ref).path("shape").asText(), seen)) {
                return true;
            }
        }
        var found = new boolean[1];
        s.path("members").fields().forEachRemaining(m -> found[0] |= holdsSecret(shapes,
                m.getValue().path("shape").asText(), seen));
        return found[0];
    }

    @Test
    void every_sensitive_member_of_every_iam_and_sts_operation_is_kept_out_of_a_refused_requests_parameters()
            throws IOException {
        int checked = 0;
        for (String[] m : secretMembers("/aws-models/iam/service-2.json")) {
            assertThat(Models.iam(m[0]).auditable(m[1])).as("%s.%s", m[0], m[1]).isFalse();
            assertThat(Models.iam(m[0]).auditable(m[1] + ".member.1")).as("%s.%s nested", m[0], m[1]).isFalse();
            checked++;
        }
        for (String[] m : secretMembers("/aws-models/sts/service-2.json")) {
            assertThat(Models.sts(m[0]).auditable(m[1])).as("%s.%s", m[0], m[1]).isFalse();
            checked++;
        }
        // CreateLoginProfile/UpdateLoginProfile/ChangePassword (passwords), UploadServerCertificate (private key),
        // ResetServiceSpecificCredential..., EnableMFADevice/ResyncMFADevice (MFA codes), AssumeRole* (token codes,
        // tokens, SAML assertions)
        assertThat(checked).isGreaterThanOrEqualTo(12);
        assertThat(Models.iam("ChangePassword").auditable("NewPassword")).isFalse();
        assertThat(Models.iam("CreateLoginProfile").auditable("UserName")).isTrue();
        assertThat(Models.sts("AssumeRole").auditable("TokenCode")).isFalse();
        assertThat(Models.sts("AssumeRole").auditable("RoleArn")).isTrue();
        assertThat(Models.sts("AssumeRole").auditable("Tags.member.1.Key")).isTrue();
        assertThat(Models.sts("AssumeRole").auditable("NoSuchMember")).as("unknown: not repeated").isFalse();
    }

    @Test
    void a_decoded_input_renders_every_member_but_the_secret_ones() {
        QueryInput login = QueryDecoder.decode(Models.iam("CreateLoginProfile"),
                params("UserName", "alice", "Password", "Hunter2-correct-horse", "PasswordResetRequired", "true"));
        // a password is shown by CloudTrail's marker, never by its value
        assertThat(login.auditParameters(2048)).containsExactly(Map.entry("userName", "alice"),
                Map.entry("password", "HIDDEN_DUE_TO_SECURITY_REASONS"), Map.entry("passwordResetRequired", true));

        QueryInput change = QueryDecoder.decode(Models.iam("ChangePassword"),
                params("OldPassword", "old-secret-1", "NewPassword", "new-secret-2"));
        assertThat(change.auditParameters(2048)).containsExactly(
                Map.entry("oldPassword", "HIDDEN_DUE_TO_SECURITY_REASONS"),
                Map.entry("newPassword", "HIDDEN_DUE_TO_SECURITY_REASONS"));
        assertThat(change.auditParameters(2048).toString()).doesNotContain("secret");

        QueryInput mfa = QueryDecoder.decode(Models.iam("EnableMFADevice"), params("UserName", "alice",
                "SerialNumber", "arn:aws:iam::123456789012:mfa/alice", "AuthenticationCode1", "123456",
                "AuthenticationCode2", "654321"));
        assertThat(mfa.auditParameters(2048)).containsOnlyKeys("userName", "serialNumber");

        QueryInput assume = QueryDecoder.decode(Models.sts("AssumeRole"), params("RoleArn",
                "arn:aws:iam::123456789012:role/r", "RoleSessionName", "ss", "TokenCode", "123456", "SerialNumber",
                "arn:aws:iam::123456789012:mfa/alice", "Tags.member.1.Key", "team", "Tags.member.1.Value", "blue",
                "Policy", "p".repeat(2000)));
        Map<String, Object> rendered = assume.auditParameters(2048);
        assertThat(rendered).containsEntry("roleArn", "arn:aws:iam::123456789012:role/r")
                .containsEntry("tags", List.of(Map.of("key", "team", "value", "blue")))
                .doesNotContainKey("tokenCode");
        assertThat((String) rendered.get("policy")).hasSize(2000);
        assertThat((String) assume.auditParameters(100).get("policy")).as("each string capped").hasSize(100);

        QueryInput web = QueryDecoder.decode(Models.sts("AssumeRoleWithWebIdentity"), params("RoleArn",
                "arn:aws:iam::123456789012:role/r", "RoleSessionName", "ss", "WebIdentityToken", "eyJ.token.sig"));
        assertThat(web.auditParameters(2048)).containsOnlyKeys("roleArn", "roleSessionName");
        assertThat(web.auditParameters(2048).toString()).doesNotContain("eyJ");
    }
}
