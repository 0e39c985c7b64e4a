package dev.opensts.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.testinfra.OpenStsProcess;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException;
import software.amazon.awssdk.services.iam.model.IamException;
import software.amazon.awssdk.services.iam.model.InvalidInputException;
import software.amazon.awssdk.services.iam.model.LimitExceededException;
import software.amazon.awssdk.services.iam.model.NoSuchEntityException;
import software.amazon.awssdk.services.iam.model.OpenIDConnectProviderListEntry;
import software.amazon.awssdk.services.iam.model.Tag;

/** IAM OpenID Connect providers through the unmodified SDK v2 IamClient. */
class OidcProvidersIT extends IamItBase {
    static final String THUMB = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    static final String THUMB_2 = "a031c46782e6e6c662c2c87c76da9aa62ccabd8e";

    String otherAccount;
    IamClient other;

    @BeforeAll
    void createSecondAccount() {
        HttpResponse<String> r = admin("POST", cluster.adminToken(), "{\"name\":\"oidc-b\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode body = json(r.body());
        otherAccount = body.get("accountId").asText();
        other = client(body.get("rootAccessKeyId").asText(), body.get("rootSecretAccessKey").asText());
    }

    @AfterAll
    void closeOther() {
        if (other != null) {
            other.close();
        }
    }

    private static String arn(String account, String url) {
        return "arn:aws:iam::" + account + ":oidc-provider/" + url;
    }

    private static Tag tag(String k, String v) {
        return Tag.builder().key(k).value(v).build();
    }

    private List<String> listed(IamClient client) {
        return client.listOpenIDConnectProviders(r -> { }).openIDConnectProviderList().stream()
                .map(OpenIDConnectProviderListEntry::arn).toList();
    }

    @Test
    void theWholeLifeOfAProvider() {
        String url = unique("issuer") + ".example.com/realms/ci";
        String arn = arn(ACCOUNT, url);

        var created = iam.createOpenIDConnectProvider(r -> r.url("https://" + url)
                .clientIDList("sts.amazonaws.com").thumbprintList(THUMB).tags(tag("team", "ci")));
        assertThat(created.openIDConnectProviderArn()).isEqualTo(arn);
        assertThat(created.tags()).containsExactly(tag("team", "ci"));

        var got = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(got.url()).isEqualTo(url);
        assertThat(got.clientIDList()).containsExactly("sts.amazonaws.com");
        assertThat(got.thumbprintList()).containsExactly(THUMB);
        assertThat(got.createDate()).isNotNull();
        assertThat(got.tags()).containsExactly(tag("team", "ci"));
        assertThat(listed(iam)).contains(arn);

        iam.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("ci-runner"));
        iam.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("ci-runner"));
        iam.removeClientIDFromOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)
                .clientID("sts.amazonaws.com"));
        iam.removeClientIDFromOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("never-added"));
        iam.updateOpenIDConnectProviderThumbprint(r -> r.openIDConnectProviderArn(arn)
                .thumbprintList(THUMB_2, THUMB));
        got = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(got.clientIDList()).containsExactly("ci-runner");
        assertThat(got.thumbprintList()).containsExactly(THUMB_2, THUMB);

        iam.tagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tags(tag("env", "prod"), tag("a", "1")));
        iam.untagOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).tagKeys("TEAM"));
        var tags = iam.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(arn));
        assertThat(tags.tags()).containsExactly(tag("a", "1"), tag("env", "prod"));
        assertThat(tags.isTruncated()).isFalse();
        var firstPage = iam.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(arn).maxItems(1));
        assertThat(firstPage.tags()).containsExactly(tag("a", "1"));
        assertThat(firstPage.isTruncated()).isTrue();
        assertThat(iam.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(arn).marker(firstPage.marker()))
                .tags()).containsExactly(tag("env", "prod"));

        iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        fails(() -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)), NoSuchEntityException.class,
                "NoSuchEntity", 404);
        assertThat(listed(iam)).doesNotContain(arn);

        // created again at the same URL: a new provider, nothing of the old one
        iam.createOpenIDConnectProvider(r -> r.url("https://" + url).clientIDList("fresh"));
        got = iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        assertThat(got.clientIDList()).containsExactly("fresh");
        assertThat(got.thumbprintList()).isEmpty();
        assertThat(got.tags()).isEmpty();
    }

    @Test
    void oneProviderPerUrlTheHostInAnyCase() {
        String host = unique("dup") + ".example.com";
        iam.createOpenIDConnectProvider(r -> r.url("https://" + host).thumbprintList(THUMB));
        fails(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + host)),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
        fails(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + host.toUpperCase())),
                EntityAlreadyExistsException.class, "EntityAlreadyExists", 409);
        assertThat(iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn(ACCOUNT, host.toUpperCase())))
                .url()).isEqualTo(host);
    }

    @Test
    void unknownProvidersAreNoSuchEntity() {
        String ghost = arn(ACCOUNT, unique("ghost") + ".example.com");
        var e = fails(() -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ghost)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        assertThat(message(e)).contains(ghost);
        fails(() -> iam.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ghost)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(ghost).clientID("x")),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.updateOpenIDConnectProviderThumbprint(r -> r.openIDConnectProviderArn(ghost)
                .thumbprintList(THUMB)), NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.listOpenIDConnectProviderTags(r -> r.openIDConnectProviderArn(ghost)),
                NoSuchEntityException.class, "NoSuchEntity", 404);
        fails(() -> iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(
                "arn:aws:iam::" + ACCOUNT + ":role/not-a-provider")), InvalidInputException.class, "InvalidInput", 400);
    }

    @Test
    void badInputAnswersAwsErrors() {
        String host = unique("bad") + ".example.com";
        fails(() -> iam.createOpenIDConnectProvider(r -> r.url("http://" + host)), InvalidInputException.class,
                "InvalidInput", 400);
        fails(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + host + "/?q=1")),
                InvalidInputException.class, "InvalidInput", 400);
        validationError(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + "a".repeat(248))));
        validationError(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + host).thumbprintList("abc")));
        fails(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + host).thumbprintList("z".repeat(40))),
                InvalidInputException.class, "InvalidInput", 400);
        fails(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + host).thumbprintList(
                        "0".repeat(39) + "1", "0".repeat(39) + "2", "0".repeat(39) + "3", "0".repeat(39) + "4",
                        "0".repeat(39) + "5", "0".repeat(39) + "6")),
                LimitExceededException.class, "LimitExceeded", 409);
        validationError(() -> iam.createOpenIDConnectProvider(r -> r.url("https://" + host)
                .clientIDList("x".repeat(256))));
        assertThat(listed(iam)).noneMatch(a -> a.contains(host));
    }

    @Test
    void anotherAccountCannotSeeOrChangeIt() {
        String url = unique("mine") + ".example.com";
        String arn = iam.createOpenIDConnectProvider(r -> r.url("https://" + url)).openIDConnectProviderArn();

        assertThat(listed(other)).doesNotContain(arn);
        fails(() -> other.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)), IamException.class,
                "AccessDenied", 403);
        fails(() -> other.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)), IamException.class,
                "AccessDenied", 403);
        // the other account may have its own provider of the same URL
        String theirs = other.createOpenIDConnectProvider(r -> r.url("https://" + url)).openIDConnectProviderArn();
        assertThat(theirs).isEqualTo(arn(otherAccount, url));
        assertThat(listed(iam)).contains(arn).doesNotContain(theirs);
        assertThat(iam.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)).url()).isEqualTo(url);
    }

    @Test
    void aUserNeedsTheIamPermission() {
        String[] user = userWithKey("oidc-user");
        String url = unique("perm") + ".example.com";
        try (IamClient asUser = client(user[1], user[2])) {
            var e = fails(() -> asUser.createOpenIDConnectProvider(r -> r.url("https://" + url)), IamException.class,
                    "AccessDenied", 403);
            assertThat(message(e)).contains("iam:CreateOpenIDConnectProvider");
            iam.putUserPolicy(r -> r.userName(user[0]).policyName("oidc").policyDocument(
                    allow("iam:*OpenIDConnectProvider*", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + url)));
            String arn = asUser.createOpenIDConnectProvider(r -> r.url("https://" + url)).openIDConnectProviderArn();
            assertThat(asUser.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn)).url()).isEqualTo(url);
            fails(() -> asUser.listOpenIDConnectProviders(r -> { }), IamException.class, "AccessDenied", 403);
            asUser.deleteOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
        }
    }

    @Test
    void aNewReplicaBootsItsProvidersFromThePostgresSnapshot() throws Exception {
        String url = unique("Boot") + ".Example.com/Realms/X";
        String arn = iam.createOpenIDConnectProvider(r -> r.url("https://" + url).clientIDList("aud")
                .thumbprintList(THUMB).tags(tag("k", "v"))).openIDConnectProviderArn();
        iam.addClientIDToOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn).clientID("aud-2"));
        // the stream id folds the host only
        String streamId = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + url.substring(0, url.indexOf('/'))
                .toLowerCase() + "/Realms/X";
        await().atMost(Duration.ofSeconds(20)).until(() -> projected(streamId).equals("oidc-provider 2 true"));

        OpenStsProcess b = cluster.startReplica("b");
        try (IamClient fromB = Clients.iamNoRetry(b, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey())) {
            var got = fromB.getOpenIDConnectProvider(r -> r.openIDConnectProviderArn(arn));
            assertThat(got.url()).as("stored with its host in lower case").isEqualTo(
                    url.substring(0, url.indexOf('/')).toLowerCase() + url.substring(url.indexOf('/')));
            assertThat(got.clientIDList()).containsExactly("aud", "aud-2");
            assertThat(got.thumbprintList()).containsExactly(THUMB);
            assertThat(got.tags()).containsExactly(tag("k", "v"));
        } finally {
            b.stop();
        }
    }

    /** "kind version has-compact-snapshot" of a stream's row in iam_aggregates, or "" when it has none. */
    private String projected(String streamId) throws Exception {
        try (Connection c = cluster.infra().postgres().connect(cluster.database());
             var st = c.prepareStatement("SELECT kind, version, snapshot IS NOT NULL FROM iam_aggregates"
                     + " WHERE stream_id = ?")) {
            st.setString(1, streamId);
            try (ResultSet rs = st.executeQuery()) {
                return rs.next() ? rs.getString(1) + " " + rs.getLong(2) + " " + rs.getBoolean(3) : "";
            }
        }
    }
}
