package dev.opensts.app.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.sts.DecodeAuthorizationMessage;
import dev.opensts.credentials.AuthorizationMessageCodec;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.MfaDeviceDecider;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import dev.opensts.iam.UserEvent.UserTagged;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

import static dev.opensts.app.AppFixture.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The encoded authorization failure message of an AccessDenied, and DecodeAuthorizationMessage. */
class AuthorizationMessagesTest {
    static final String OTHER = "210987654321";
    final AppFixture app = new AppFixture();
    final AuthorizationMessageCodec codec = new AuthorizationMessageCodec(app.keyRing, DEPLOYMENT);
    final AuthorizationMessages messages = new AuthorizationMessages(codec);
    final DecodeAuthorizationMessage decoder = new DecodeAuthorizationMessage(new PolicySources(app.view),
            new Contexts(app.view, app.clock), codec);
    final ObjectMapper json = new ObjectMapper();

    Caller userWith(String name, String document) {
        app.given(userCreated(name, "/"), new UserPolicyPut(ACCOUNT, name, "inline", document));
        return app.user(name);
    }

    /** The AccessDenied the caller is told, with its encoded message, for an IAM action it may not do. */
    AwsException told(Caller c, String action, String resource) {
        AwsException refused = catchThrowableOfType(AwsException.class, () -> app.authorizer.require(c, action,
                resource));
        assertThat(refused).isNotNull();
        return (AwsException) messages.attach(c, action, refused);
    }

    static String encoded(AwsException e) {
        String m = e.getMessage();
        int at = m.indexOf(AuthorizationMessages.MARKER);
        assertThat(at).as(m).isPositive();
        return m.substring(at + AuthorizationMessages.MARKER.length());
    }

    JsonNode decoded(Caller c, String encoded) throws Exception {
        return json.readTree(decoder.decode(c, encoded));
    }

    AwsException decodeRefused(Caller c, String encoded) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> decoder.decode(c, encoded));
        assertThat(e).isNotNull();
        return e;
    }

    @Test
    void an_AccessDenied_keeps_its_reason_and_carries_the_decision_for_its_account() throws Exception {
        Caller dev = userWith("dev", allow("iam:GetUser", "*"));
        String resource = userArn("/", "dev");
        AwsException e = told(dev, "iam:CreateRole", roleArn("/", "r"));

        assertThat(e.code()).isEqualTo(ErrorCode.AccessDenied);
        assertThat(e.getMessage()).startsWith("User: " + dev.arn() + " is not authorized to perform: iam:CreateRole"
                + " on resource: " + roleArn("/", "r") + " because no identity-based policy allows the iam:CreateRole "
                + "action " + AuthorizationMessages.MARKER);
        assertThat(encoded(e)).hasSizeLessThanOrEqualTo(AuthorizationMessageCodec.MAX_MESSAGE_LENGTH)
                .matches("[A-Za-z0-9._~-]+");

        JsonNode d = decoded(root(), encoded(e));
        assertThat(d.path("allowed").asBoolean(true)).isFalse();
        assertThat(d.path("explicitDeny").asBoolean(true)).isFalse();
        assertThat(d.path("matchedStatements").path("items").isArray()).isTrue();
        assertThat(d.path("failures").path("items").isArray()).isTrue();
        JsonNode ctx = d.path("context");
        assertThat(ctx.path("principal").path("id").asText()).isEqualTo(dev.userId());
        assertThat(ctx.path("principal").path("name").asText()).isEqualTo("dev");
        assertThat(ctx.path("principal").path("arn").asText()).isEqualTo(dev.arn());
        assertThat(ctx.path("action").asText()).isEqualTo("iam:CreateRole");
        assertThat(ctx.path("resource").asText()).isEqualTo(roleArn("/", "r"));
        var keys = new ArrayList<String>();
        ctx.path("conditions").path("items").forEach(i -> keys.add(i.path("key").asText()));
        assertThat(keys).contains("aws:username", "aws:principalarn", "aws:sourceip");
        JsonNode username = null;
        for (JsonNode i : ctx.path("conditions").path("items")) {
            if (i.path("key").asText().equals("aws:username")) {
                username = i;
            }
        }
        assertThat(username.path("values").path("items").get(0).path("value").asText()).isEqualTo("dev");
        assertThat(resource).isNotNull();
    }

    @Test
    void an_explicit_deny_names_its_statement() throws Exception {
        Caller dev = userWith("dev", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"NoRoles\",\"Effect\":"
                + "\"Deny\",\"Action\":\"iam:CreateRole\",\"Resource\":\"*\"}]}");
        JsonNode d = decoded(root(), encoded(told(dev, "iam:CreateRole", roleArn("/", "r"))));
        assertThat(d.path("explicitDeny").asBoolean()).isTrue();
        JsonNode s = d.path("matchedStatements").path("items").get(0);
        assertThat(s.path("statementId").asText()).isEqualTo("NoRoles");
        assertThat(s.path("effect").asText()).isEqualTo("DENY");
        for (String f : List.of("principals", "principalGroups", "actions", "resources", "conditions")) {
            assertThat(s.path(f).path("items").isArray()).as(f).isTrue();
        }
    }

    @Test
    void only_the_refused_principals_account_may_decode_it() {
        Caller dev = userWith("dev", allow("iam:GetUser", "*"));
        String msg = encoded(told(dev, "iam:CreateRole", roleArn("/", "r")));
        AwsException e = decodeRefused(root(OTHER), msg);
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidAuthorizationMessageException);
    }

    @Test
    void a_tampered_truncated_or_made_up_message_is_invalid() {
        Caller dev = userWith("dev", allow("iam:GetUser", "*"));
        String msg = encoded(told(dev, "iam:CreateRole", roleArn("/", "r")));
        char last = msg.charAt(msg.length() - 5);
        String tampered = msg.substring(0, msg.length() - 5) + (last == 'A' ? 'B' : 'A') + msg.substring(msg.length() - 4);
        for (String bad : List.of(tampered, msg.substring(0, msg.length() - 10), "garbage", "OAM1.k1~AAAA",
                msg.replace("OAM1.", "OST3."))) {
            assertThat(decodeRefused(root(), bad).code()).as(bad).isEqualTo(ErrorCode.InvalidAuthorizationMessageException);
        }
    }

    @Test
    void decoding_needs_sts_DecodeAuthorizationMessage_and_is_never_a_federated_users() throws Exception {
        Caller dev = userWith("dev", allow("iam:GetUser", "*"));
        String msg = encoded(told(dev, "iam:CreateRole", roleArn("/", "r")));
        assertThat(decodeRefused(dev, msg).code()).isEqualTo(ErrorCode.AccessDenied);

        Caller ops = userWith("ops", allow("sts:DecodeAuthorizationMessage", "*"));
        assertThat(decoded(ops, msg).path("context").path("action").asText()).isEqualTo("iam:CreateRole");

        var fed = SessionClaims.builder().kind(SessionKind.FEDERATED_USER).accountId(ACCOUNT)
                .accessKeyId(app.ids.accessKeyId("ASIA", ACCOUNT)).secretAccessKey(app.ids.secret())
                .principalArn("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob").principalId(ACCOUNT + ":Bob")
                .sessionName("Bob").userName("ops").issuerId(ops.userId()).issuedAt(T0).expiresAt(T0.plusSeconds(900))
                .sessionPolicy(allow("*", "*")).originAccessKeyId(ops.accessKeyId()).originPrincipalArn(ops.arn())
                .parentAccessKeyId(ops.accessKeyId()).build();
        assertThat(decodeRefused(AppFixture.callerOf(fed), msg).code()).isEqualTo(ErrorCode.AccessDenied);
        // GetSessionToken credentials call no STS action but AssumeRole and GetCallerIdentity, MFA or not (AWS)
        assertThat(decodeRefused(app.userSession("ops", true), msg).code()).isEqualTo(ErrorCode.AccessDenied);
        assertThat(decodeRefused(app.rootSession(ACCOUNT, true), msg).code()).isEqualTo(ErrorCode.AccessDenied);
    }

    @Test
    void another_accounts_resource_lends_nothing_of_itself_to_the_message() throws Exception {
        Caller dev = userWith("dev", allow("iam:GetUser", "*"));
        app.given(userCreated(OTHER, "victim", "/"),
                new UserTagged(OTHER, "victim", List.of(new Tag("secret-project", "x"))));
        String victim = "arn:aws:iam::" + OTHER + ":user/victim";
        String doc = decoder.decode(root(), encoded(told(dev, "iam:GetUser", victim)));
        assertThat(doc).doesNotContain("secret-project").doesNotContain("resourcetag");
        // its own account's resource: its tags are the caller's account's own business
        app.given(userCreated("mine", "/"), new UserTagged(ACCOUNT, "mine", List.of(new Tag("team", "blue"))));
        assertThat(decoder.decode(root(), encoded(told(dev, "iam:DeleteUser", userArn("/", "mine")))))
                .contains("iam:resourcetag/team");
    }

    @Test
    void a_huge_context_still_makes_a_message_AWS_accepts() {
        var tags = new ArrayList<Tag>();
        for (int i = 0; i < 50; i++) {
            tags.add(new Tag("k" + i + "x".repeat(120), "v".repeat(256)));
        }
        app.given(userCreated("dev", "/"), new UserTagged(ACCOUNT, "dev", tags));
        Caller dev = app.user("dev");
        Caller loud = new Caller(dev.accountId(), dev.arn(), dev.type(), dev.userId(), dev.userName(),
                dev.accessKeyId(), "192.0.2.1", true, "agent/" + "u".repeat(20_000), null, "us-east-1");
        String msg = encoded(told(loud, "iam:CreateRole", roleArn("/", "r")));
        assertThat(msg.length()).isLessThanOrEqualTo(AuthorizationMessageCodec.MAX_MESSAGE_LENGTH);
        assertThat(decoder.decode(root(), msg)).contains("\"action\":\"iam:CreateRole\"");
    }

    @Test
    void an_AssumeRole_denial_tells_the_same_of_a_missing_role_and_of_a_distrusting_one() throws Exception {
        app.given(new dev.opensts.iam.RoleEvent.RoleCreated(OTHER, "private", "AROAPRIVATEQQQQQQQQQ", "/",
                TRUST.replace(ACCOUNT, OTHER), null, 3600, List.of(), T0));
        Caller dev = userWith("dev", allow("sts:AssumeRole", "*"));
        var docs = new ArrayList<JsonNode>();
        for (String role : List.of("private", "ghost")) {
            String arn = "arn:aws:iam::" + OTHER + ":role/" + role;
            AwsException refused = AppFixture.failure(app.sts.assumeRole(dev, new dev.opensts.app.sts.AssumeRoleRequest(
                    arn, "s1", null, null, List.of(), java.util.Map.of(), List.of(), null, null, null, null), "r"));
            JsonNode d = decoded(root(), encoded((AwsException) messages.attach(dev, "sts:AssumeRole", refused)));
            assertThat(d.at("/context/resource").asText()).isEqualTo(arn);
            assertThat(d.at("/context/action").asText()).isEqualTo("sts:AssumeRole");
            ((com.fasterxml.jackson.databind.node.ObjectNode) d.get("context")).remove("resource");
            docs.add(d);
        }
        assertThat(docs.get(0)).isEqualTo(docs.get(1));
        assertThat(docs.get(0).at("/matchedStatements/items").size()).isZero();
    }

    @Test
    void other_failures_refusals_by_rule_and_unauthenticated_ones_are_left_as_they_are() {
        Caller dev = userWith("dev", allow("iam:GetUser", "*"));
        var notFound = new AwsException(ErrorCode.NoSuchEntity, "no");
        assertThat(messages.attach(dev, "iam:GetRole", notFound)).isSameAs(notFound);
        var denied = new AccessDenied("denied", null);
        assertThat(messages.attach(null, "iam:GetRole", denied)).isSameAs(denied);
        AwsException once = (AwsException) messages.attach(dev, "sts:AssumeRole", new CompletionException(denied));
        assertThat(once.getMessage()).startsWith("denied " + AuthorizationMessages.MARKER);
        assertThat(messages.attach(dev, "sts:AssumeRole", once)).isSameAs(once);
        // no policy decided these: AWS answers them with their sentence alone
        var mfa = new AwsException(ErrorCode.AccessDenied, MfaDeviceDecider.MFA_FAILED);
        assertThat(messages.attach(dev, "sts:GetSessionToken", mfa)).as("AWS's exact MFA answer").isSameAs(mfa);
        var bySessionKind = catchThrowableOfType(AwsException.class, () -> await(app.sts.getSessionToken(
                app.userSession("dev", false), new dev.opensts.app.sts.SessionTokenRequest(null, null, null), "r")));
        assertThat(bySessionKind.code()).isEqualTo(ErrorCode.AccessDenied);
        assertThat(messages.attach(dev, "sts:GetSessionToken", bySessionKind)).isSameAs(bySessionKind);
    }
}
