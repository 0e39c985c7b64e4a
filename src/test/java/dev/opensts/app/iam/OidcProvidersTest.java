package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.iam.OidcProviderEvent.OidcProviderClientIdAdded;
import dev.opensts.iam.OidcProviderEvent.OidcProviderCreated;
import dev.opensts.iam.OidcProviderEvent.OidcProviderDeleted;
import dev.opensts.iam.OidcProviderEvent.OidcProviderTagged;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The OpenID Connect provider use cases against in-memory ports. */
class OidcProvidersTest {
    static final String URL = "token.example.com/realms/ci";
    static final String ARN = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + URL;
    static final String THUMB = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";

    final AppFixture app = new AppFixture();

    static OidcProviders.NewProvider newProvider(String url) {
        return new OidcProviders.NewProvider(url, List.of("sts.amazonaws.com"), List.of(THUMB), List.of());
    }

    static OidcProviderCreated created(String account, String url) {
        return new OidcProviderCreated(account, url, List.of("sts.amazonaws.com"), List.of(), List.of(), T0);
    }

    static List<String> arns(List<OidcProviderState> list) {
        return list.stream().map(OidcProviderState::arn).toList();
    }

    @Nested
    class Create {
        @Test
        void the_provider_is_created_at_the_clock_and_found_by_its_arn() {
            var p = await(app.oidcProviders.create(root(), new OidcProviders.NewProvider("https://" + URL,
                    List.of("sts.amazonaws.com"), List.of(THUMB), List.of(new Tag("team", "ci"))), "r"));

            assertThat(p.arn()).isEqualTo(ARN);
            assertThat(app.appended()).containsExactly(new OidcProviderCreated(ACCOUNT, URL,
                    List.of("sts.amazonaws.com"), List.of(THUMB), List.of(new Tag("team", "ci")), T0));
            assertThat(await(app.oidcProviders.get(root(), ARN))).isEqualTo(p);
            assertThat(arns(await(app.oidcProviders.list(root())))).containsExactly(ARN);
        }

        @Test
        void absent_lists_are_empty() {
            var p = await(app.oidcProviders.create(root(),
                    new OidcProviders.NewProvider("https://" + URL, null, null, null), "r"));
            assertThat(p.clientIds()).isEmpty();
            assertThat(p.thumbprints()).isEmpty();
            assertThat(p.tags()).isEmpty();
        }

        @Test
        void one_provider_per_url_and_the_host_in_another_case_is_the_same_url() {
            app.given(created(ACCOUNT, URL));
            assertThat(failure(app.oidcProviders.create(root(), newProvider("https://" + URL), "r")).code())
                    .isEqualTo(EntityAlreadyExists);
            assertThat(failure(app.oidcProviders.create(root(), newProvider("https://TOKEN.Example.com/realms/ci"),
                    "r")).code()).isEqualTo(EntityAlreadyExists);
            await(app.oidcProviders.create(root(), newProvider("https://" + URL.replace("ci", "CI")), "r"));
            assertThat(app.view.oidcProviders(ACCOUNT)).hasSize(2);
        }

        @Test
        void an_http_url_is_refused_before_anything_is_decided() {
            var e = failure(app.oidcProviders.create(root(), newProvider("http://" + URL), "r"));
            assertThat(e.code()).isEqualTo(InvalidInput);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void the_account_quota_of_100_providers() {
            for (int i = 0; i < 100; i++) {
                app.given(created(ACCOUNT, "p" + i + ".example.com"));
            }
            var e = failure(app.oidcProviders.create(root(), newProvider("https://" + URL), "r"));
            assertThat(e.code()).isEqualTo(LimitExceeded);
            assertThat(e.getMessage()).isEqualTo("Cannot exceed quota for OpenIdConnectProvidersPerAccount: 100");
        }

        @Test
        void a_user_needs_the_iam_action_on_the_provider_arn() {
            app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p",
                    allow("iam:CreateOpenIDConnectProvider", "arn:aws:iam::" + ACCOUNT + ":oidc-provider/token.*")));
            Caller dev = app.user("dev");

            await(app.oidcProviders.create(dev, newProvider("https://" + URL), "r"));
            var e = failure(app.oidcProviders.create(dev, newProvider("https://other.example.com"), "r"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).contains("iam:CreateOpenIDConnectProvider",
                    "arn:aws:iam::" + ACCOUNT + ":oidc-provider/other.example.com");
            assertThat(app.appended()).hasSize(1);
        }

        @Test
        void a_deny_on_request_tags_applies() {
            app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},\
                    {"Effect":"Deny","Action":"iam:CreateOpenIDConnectProvider","Resource":"*",\
                    "Condition":{"StringEquals":{"aws:RequestTag/team":"ops"}}}]}"""));
            var tagged = new OidcProviders.NewProvider("https://" + URL, List.of(), List.of(),
                    List.of(new Tag("team", "ops")));
            assertThat(failure(app.oidcProviders.create(app.user("dev"), tagged, "r")).code()).isEqualTo(AccessDenied);
        }
    }

    @Nested
    class Read {
        @Test
        void an_unknown_provider_is_no_such_entity() {
            var e = failure(app.oidcProviders.get(root(), ARN));
            assertThat(e.code()).isEqualTo(NoSuchEntity);
            assertThat(e.getMessage()).isEqualTo("OpenIDConnect Provider not found for arn " + ARN + ".");
        }

        @Test
        void a_malformed_arn_is_invalid_input() {
            assertThat(failure(app.oidcProviders.get(root(), "arn:aws:iam::" + ACCOUNT + ":role/x")).code())
                    .isEqualTo(InvalidInput);
            assertThat(failure(app.oidcProviders.delete(root(), "not-an-arn", "r")).code()).isEqualTo(InvalidInput);
        }

        @Test
        void the_host_of_the_arn_may_be_in_any_case_the_path_not() {
            app.given(created(ACCOUNT, URL));
            assertThat(await(app.oidcProviders.get(root(), ARN.replace("token.example", "TOKEN.Example"))).arn())
                    .isEqualTo(ARN);
            assertThat(failure(app.oidcProviders.get(root(), ARN.replace("realms", "Realms"))).code())
                    .isEqualTo(NoSuchEntity);
        }

        @Test
        void another_accounts_provider_is_invisible_and_denied() {
            app.given(created(OTHER, URL));
            String theirs = "arn:aws:iam::" + OTHER + ":oidc-provider/" + URL;

            assertThat(await(app.oidcProviders.list(root()))).isEmpty();
            assertThat(arns(await(app.oidcProviders.list(root(OTHER))))).containsExactly(theirs);
            assertThat(failure(app.oidcProviders.get(root(), theirs)).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.tags(root(), theirs)).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.delete(root(), theirs, "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.addClientId(root(), theirs, "x", "r")).code()).isEqualTo(AccessDenied);
            // an IAM user allowed every IAM action everywhere is still confined to its own account
            app.given(userCreated("admin", "/"), new UserPolicyPut(ACCOUNT, "admin", "p", allow("iam:*", "*")));
            assertThat(failure(app.oidcProviders.get(app.user("admin"), theirs)).code()).isEqualTo(AccessDenied);
            assertThat(app.view.oidcProvider(OTHER, URL)).isNotNull();
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void a_user_without_the_iam_permission_is_denied_each_action() {
            app.given(created(ACCOUNT, URL), userCreated("dev", "/"),
                    new UserPolicyPut(ACCOUNT, "dev", "p", allow("iam:GetOpenIDConnectProvider", ARN)));
            Caller dev = app.user("dev");

            assertThat(await(app.oidcProviders.get(dev, ARN)).arn()).isEqualTo(ARN);
            assertThat(failure(app.oidcProviders.list(dev)).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.tags(dev, ARN)).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.addClientId(dev, ARN, "x", "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.removeClientId(dev, ARN, "sts.amazonaws.com", "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.updateThumbprints(dev, ARN, List.of(), "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.tag(dev, ARN, List.of(new Tag("a", "b")), "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.untag(dev, ARN, List.of("a"), "r")).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.delete(dev, ARN, "r")).code()).isEqualTo(AccessDenied);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void resource_tags_of_the_provider_are_in_the_context() {
            app.given(created(ACCOUNT, URL), new OidcProviderTagged(ACCOUNT, URL, List.of(new Tag("team", "ci"))),
                    userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p", """
                            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
                            "Action":"iam:GetOpenIDConnectProvider","Resource":"*",\
                            "Condition":{"StringEquals":{"aws:ResourceTag/team":"ci"}}}]}"""));
            await(app.oidcProviders.get(app.user("dev"), ARN));
            app.given(created(ACCOUNT, "other.example.com"));
            assertThat(failure(app.oidcProviders.get(app.user("dev"),
                    "arn:aws:iam::" + ACCOUNT + ":oidc-provider/other.example.com")).code()).isEqualTo(AccessDenied);
        }
    }

    /** Found by a red-team pass: a Deny on the provider's ARN must hold whatever case the host is written in. */
    @Nested
    class HostCase {
        static final String UPPER_ARN = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/TOKEN.Example.COM/realms/ci";

        Caller allowedAllButDenied(String denyStatement) {
            app.given(userCreated("dev", "/"), new UserPolicyPut(ACCOUNT, "dev", "p", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*","Resource":"*"},%s]}"""
                    .formatted(denyStatement)));
            return app.user("dev");
        }

        @Test
        void a_deny_on_the_arn_holds_for_any_spelling_of_the_host() {
            app.given(created(ACCOUNT, URL));
            Caller dev = allowedAllButDenied("""
                    {"Effect":"Deny","Action":"iam:*","Resource":"%s"}""".formatted(ARN));

            assertThat(failure(app.oidcProviders.get(dev, UPPER_ARN)).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.addClientId(dev, UPPER_ARN, "attacker", "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.tag(dev, UPPER_ARN, List.of(new Tag("a", "b")), "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.delete(dev, UPPER_ARN, "r")).code()).isEqualTo(AccessDenied);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void a_deny_on_a_resource_tag_holds_for_any_spelling_of_the_host() {
            app.given(created(ACCOUNT, URL), new OidcProviderTagged(ACCOUNT, URL, List.of(new Tag("protected", "yes"))));
            Caller dev = allowedAllButDenied("""
                    {"Effect":"Deny","Action":"iam:*","Resource":"*",                    "Condition":{"StringEquals":{"aws:ResourceTag/protected":"yes"}}}""");

            assertThat(failure(app.oidcProviders.get(dev, UPPER_ARN)).code()).isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.addClientId(dev, UPPER_ARN, "evil", "r")).code())
                    .isEqualTo(AccessDenied);
            assertThat(failure(app.oidcProviders.delete(dev, UPPER_ARN, "r")).code()).isEqualTo(AccessDenied);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void a_deny_on_creating_a_url_holds_for_any_spelling_of_its_host_and_the_host_is_stored_in_lower_case() {
            Caller dev = allowedAllButDenied("""
                    {"Effect":"Deny","Action":"iam:CreateOpenIDConnectProvider","Resource":"%s"}""".formatted(ARN));

            assertThat(failure(app.oidcProviders.create(dev, newProvider("https://TOKEN.example.com/realms/ci"), "r"))
                    .code()).isEqualTo(AccessDenied);
            var made = await(app.oidcProviders.create(root(), newProvider("https://TOKEN.Example.com/realms/ci"),
                    "r"));
            assertThat(made.arn()).isEqualTo(ARN);
        }

        @Test
        void a_malformed_arn_is_invalid_input_before_authorization() {
            Caller dev = allowedAllButDenied("""
                    {"Effect":"Deny","Action":"iam:*","Resource":"*"}""");
            assertThat(failure(app.oidcProviders.get(dev, "ARN:aws:iam::0:oidc-provider/x")).code())
                    .isEqualTo(InvalidInput);
        }
    }

    @Nested
    class Change {
        @Test
        void client_ids_thumbprints_and_tags_change_through_the_bus() {
            app.given(created(ACCOUNT, URL));
            await(app.oidcProviders.addClientId(root(), ARN, "ci", "r"));
            await(app.oidcProviders.addClientId(root(), ARN, "ci", "r")); // nothing changes
            await(app.oidcProviders.removeClientId(root(), ARN, "sts.amazonaws.com", "r"));
            await(app.oidcProviders.removeClientId(root(), ARN, "absent", "r")); // nothing changes
            await(app.oidcProviders.updateThumbprints(root(), ARN, List.of(THUMB), "r"));
            await(app.oidcProviders.tag(root(), ARN, List.of(new Tag("C", "3")), "r"));
            await(app.oidcProviders.tag(root(), ARN, List.of(new Tag("a", "1"), new Tag("b", "2")), "r"));
            await(app.oidcProviders.untag(root(), ARN, List.of("A"), "r"));

            var p = await(app.oidcProviders.get(root(), ARN));
            assertThat(p.clientIds()).containsExactly("ci");
            assertThat(p.thumbprints()).containsExactly(THUMB);
            assertThat(await(app.oidcProviders.tags(root(), ARN))).as("in the order they were set, as a role's")
                    .containsExactly(new Tag("C", "3"), new Tag("b", "2"));
            assertThat(app.appended()).hasSize(6);
            assertThat(app.events.envelopes()).extracting(e -> e.streamId())
                    .containsOnly("arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + URL);
        }

        @Test
        void changes_of_an_unknown_provider_are_no_such_entity() {
            assertThat(failure(app.oidcProviders.addClientId(root(), ARN, "x", "r")).code()).isEqualTo(NoSuchEntity);
            assertThat(failure(app.oidcProviders.delete(root(), ARN, "r")).code()).isEqualTo(NoSuchEntity);
            assertThat(failure(app.oidcProviders.tags(root(), ARN)).code()).isEqualTo(NoSuchEntity);
        }

        @Test
        void a_deleted_and_recreated_provider_is_a_fresh_entity() {
            app.given(created(ACCOUNT, URL), new OidcProviderClientIdAdded(ACCOUNT, URL, "old"),
                    new OidcProviderTagged(ACCOUNT, URL, List.of(new Tag("k", "v"))));
            await(app.oidcProviders.delete(root(), ARN, "r"));
            assertThat(failure(app.oidcProviders.get(root(), ARN)).code()).isEqualTo(NoSuchEntity);
            assertThat(await(app.oidcProviders.list(root()))).isEmpty();

            app.clock.advance(Duration.ofMinutes(5));
            var again = await(app.oidcProviders.create(root(), new OidcProviders.NewProvider("https://" + URL,
                    List.of("new"), List.of(), List.of()), "r"));

            assertThat(again.clientIds()).containsExactly("new");
            assertThat(again.tags()).isEmpty();
            assertThat(again.createDate()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(app.appended().get(0)).isEqualTo(new OidcProviderDeleted(ACCOUNT, URL));
            assertThat(app.events.envelopes().get(1).expectedVersion()).isEqualTo(4);
        }
    }
}
