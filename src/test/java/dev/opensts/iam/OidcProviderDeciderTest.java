package dev.opensts.iam;

import dev.opensts.iam.OidcProviderCommand.*;
import dev.opensts.iam.OidcProviderEvent.*;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class OidcProviderDeciderTest {
    private static final String A = ACCOUNT;
    private static final String URL = "token.example.com/realms/ci";
    private static final String THUMB = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280";
    private static final String THUMB_2 = "A031C46782E6E6C662C2C87C76DA9AA62CCABD8E";
    private static final DeciderSpec<OidcProviderCommand, OidcProviderState, OidcProviderEvent> provider =
            new DeciderSpec<>((c, s) -> OidcProviderDecider.decide(c, s, Quotas.AWS), OidcProviderDecider::evolve);

    private static OidcProviderCreated created() {
        return new OidcProviderCreated(A, URL, List.of("sts.amazonaws.com"), List.of(THUMB),
                List.of(new Tag("team", "ci")), T0);
    }

    private static CreateOidcProvider create(String url, List<String> clientIds, List<String> thumbprints,
                                             List<Tag> tags) {
        return new CreateOidcProvider(A, url, clientIds, thumbprints, tags, T0);
    }

    private static CreateOidcProvider create(String url) {
        return create(url, List.of("sts.amazonaws.com"), List.of(THUMB), List.of(new Tag("team", "ci")));
    }

    private static List<String> strings(String prefix, int n) {
        var list = new ArrayList<String>();
        for (int i = 0; i < n; i++) {
            list.add(prefix + i);
        }
        return list;
    }

    @Test
    void creates_a_provider_keeping_the_url_without_its_scheme() {
        provider.given().when(create("https://" + URL)).then(created()).thenState(s -> {
            assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":oidc-provider/" + URL);
            assertThat(s.issuer()).isEqualTo("https://" + URL);
            assertThat(s.clientIds()).containsExactly("sts.amazonaws.com");
            assertThat(s.trustsThumbprint(THUMB.toUpperCase())).isTrue();
            assertThat(s.createDate()).isEqualTo(T0);
        });
    }

    @Test
    void the_scheme_is_read_without_regard_to_case_and_the_host_keeps_its_case() {
        provider.given().when(create("HTTPS://Token.Example.com", List.of(), List.of(), List.of()))
                .then(new OidcProviderCreated(A, "Token.Example.com", List.of(), List.of(), List.of(), T0));
    }

    @Test
    void the_stream_folds_the_host_but_not_the_path() {
        assertThat(StreamIds.oidcProvider(A, "Token.EXAMPLE.com/Realms/CI"))
                .isEqualTo("arn:aws:iam::" + A + ":oidc-provider/token.example.com/Realms/CI");
        assertThat(new OidcProviderCreated(A, "TOKEN.example.com/realms/ci", List.of(), List.of(), List.of(), T0)
                .streamId()).isEqualTo(created().streamId());
        assertThat(StreamIds.oidcProvider(A, URL)).isNotEqualTo(StreamIds.oidcProvider(A, "token.example.com/Realms/ci"));
    }

    @Test
    void one_provider_per_url() {
        provider.given(created()).when(create("https://" + URL)).thenFails(EntityAlreadyExists,
                "Provider with url https://" + URL + " already exists.");
        // the same host in another case is the same provider (the decider is given its state)
        provider.given(created()).when(create("https://TOKEN.example.com/realms/ci")).thenFails(EntityAlreadyExists);
    }

    @Test
    void the_url_must_be_https_with_a_host_and_no_query() {
        for (String bad : List.of("http://" + URL, "token.example.com", "https://", "https:///path",
                "https://bad host.example.com", "https://example.com/a?b=c", "https://example.com/#x",
                "https://example.com:0", "https://example.com:99999", "https://example.com:x",
                "https://user@example.com", "ftp://example.com")) {
            provider.given().when(create(bad)).thenFails(InvalidInput);
        }
        provider.given().when(create("https://example.com:8443/realms/x")).thenState(s ->
                assertThat(s.url()).isEqualTo("example.com:8443/realms/x"));
    }

    @Test
    void the_url_is_1_to_255_characters() {
        String longest = "https://" + "a".repeat(OidcProviderUrl.MAX_LENGTH - 8);
        provider.given().when(create(longest)).thenState(s -> assertThat(s.url()).hasSize(247));
        provider.given().when(create(longest + "a")).thenFails(ValidationError, "1 validation error detected: "
                + "Value at 'url' failed to satisfy constraint: Member must have length less than or equal to 255");
        provider.given().when(create("")).thenFails(ValidationError);
    }

    @Test
    void client_ids_at_most_100_each_1_to_255_kept_once_in_order() {
        provider.given().when(create("https://" + URL, strings("c", 100), List.of(), List.of()))
                .thenState(s -> assertThat(s.clientIds()).hasSize(100).startsWith("c0", "c1"));
        provider.given().when(create("https://" + URL, strings("c", 101), List.of(), List.of()))
                .thenFails(LimitExceeded, "Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: 100");
        provider.given().when(create("https://" + URL, List.of("b", "a", "b"), List.of(), List.of()))
                .thenState(s -> assertThat(s.clientIds()).containsExactly("b", "a"));
        provider.given().when(create("https://" + URL, List.of("x".repeat(256)), List.of(), List.of()))
                .thenFails(ValidationError);
        provider.given().when(create("https://" + URL, List.of(""), List.of(), List.of())).thenFails(ValidationError);
    }

    @Test
    void thumbprints_at_most_5_of_40_hex_characters_and_optional() {
        provider.given().when(create("https://" + URL, List.of(), strings("0".repeat(39), 5), List.of()))
                .thenState(s -> assertThat(s.thumbprints()).hasSize(5));
        provider.given().when(create("https://" + URL, List.of(), strings("0".repeat(39), 6), List.of()))
                .thenFails(LimitExceeded, "Cannot exceed quota for ThumbprintsPerOpenIdConnectProvider: 5");
        provider.given().when(create("https://" + URL, List.of(), List.of(THUMB.substring(1)), List.of()))
                .thenFails(ValidationError);
        provider.given().when(create("https://" + URL, List.of(), List.of("g" + THUMB.substring(1)), List.of()))
                .thenFails(InvalidInput);
        provider.given().when(create("https://" + URL, List.of(), List.of(THUMB, THUMB.toUpperCase()), List.of()))
                .thenState(s -> assertThat(s.thumbprints()).containsExactly(THUMB));
    }

    @Test
    void tag_rules_apply() {
        provider.given().when(create("https://" + URL, List.of(), List.of(), tags(51))).thenFails(LimitExceeded);
        provider.given().when(create("https://" + URL, List.of(), List.of(), List.of(new Tag("aws:x", "1"))))
                .thenFails(InvalidInput);
        provider.given(created()).when(new TagOidcProvider(A, URL, List.of(new Tag("TEAM", "ops"), new Tag("b", "2"))))
                .then(new OidcProviderTagged(A, URL, List.of(new Tag("TEAM", "ops"), new Tag("b", "2"))))
                .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("TEAM", "ops"), new Tag("b", "2")));
        provider.given(created()).when(new TagOidcProvider(A, URL, tags(50))).thenFails(LimitExceeded);
        provider.given(created()).when(new UntagOidcProvider(A, URL, List.of("Team")))
                .then(new OidcProviderUntagged(A, URL, List.of("Team")))
                .thenState(s -> assertThat(s.tags()).isEmpty());
    }

    @Test
    void adds_a_client_id_once() {
        provider.given(created()).when(new AddClientId(A, URL, "ci"))
                .then(new OidcProviderClientIdAdded(A, URL, "ci"))
                .thenState(s -> assertThat(s.clientIds()).containsExactly("sts.amazonaws.com", "ci"));
        provider.given(created()).when(new AddClientId(A, URL, "sts.amazonaws.com")).thenNothing();
        provider.given(created()).when(new AddClientId(A, URL, "x".repeat(256))).thenFails(ValidationError);
    }

    @Test
    void the_101st_client_id_is_refused() {
        var full = new OidcProviderCreated(A, URL, strings("c", 100), List.of(), List.of(), T0);
        provider.given(full).when(new AddClientId(A, URL, "one-more")).thenFails(LimitExceeded);
        provider.given(full).when(new AddClientId(A, URL, "c7")).thenNothing();
    }

    @Test
    void removes_a_client_id_and_removing_an_absent_one_changes_nothing() {
        provider.given(created()).when(new RemoveClientId(A, URL, "sts.amazonaws.com"))
                .then(new OidcProviderClientIdRemoved(A, URL, "sts.amazonaws.com"))
                .thenState(s -> assertThat(s.clientIds()).isEmpty());
        provider.given(created()).when(new RemoveClientId(A, URL, "STS.amazonaws.com")).thenNothing();
    }

    @Test
    void replaces_the_thumbprints() {
        provider.given(created()).when(new UpdateThumbprints(A, URL, List.of(THUMB_2)))
                .then(new OidcProviderThumbprintsUpdated(A, URL, List.of(THUMB_2)))
                .thenState(s -> {
                    assertThat(s.thumbprints()).containsExactly(THUMB_2);
                    assertThat(s.trustsThumbprint(THUMB)).isFalse();
                    assertThat(s.trustsThumbprint(THUMB_2.toLowerCase())).isTrue();
                });
        provider.given(created()).when(new UpdateThumbprints(A, URL, List.of()))
                .then(new OidcProviderThumbprintsUpdated(A, URL, List.of()));
        provider.given(created()).when(new UpdateThumbprints(A, URL, List.of("z".repeat(40)))).thenFails(InvalidInput);
    }

    @Test
    void every_change_of_a_missing_provider_is_no_such_entity() {
        String message = "OpenIDConnect Provider not found for arn arn:aws:iam::" + A + ":oidc-provider/" + URL + ".";
        for (OidcProviderCommand c : List.<OidcProviderCommand>of(new AddClientId(A, URL, "x"),
                new RemoveClientId(A, URL, "x"), new UpdateThumbprints(A, URL, List.of()),
                new TagOidcProvider(A, URL, List.of()), new UntagOidcProvider(A, URL, List.of("x")),
                new DeleteOidcProvider(A, URL))) {
            provider.given().when(c).thenFails(NoSuchEntity, message);
            provider.given(created(), new OidcProviderDeleted(A, URL)).when(c).thenFails(NoSuchEntity);
        }
    }

    @Test
    void deletes_and_a_recreated_provider_starts_afresh() {
        provider.given(created()).when(new DeleteOidcProvider(A, URL)).then(new OidcProviderDeleted(A, URL))
                .thenState(s -> assertThat(s).isNull());
        var later = T0.plusSeconds(60);
        provider.given(created(), new OidcProviderClientIdAdded(A, URL, "old"), new OidcProviderDeleted(A, URL))
                .when(new CreateOidcProvider(A, "https://" + URL, List.of("new"), List.of(), List.of(), later))
                .thenState(s -> {
                    assertThat(s.clientIds()).containsExactly("new");
                    assertThat(s.tags()).isEmpty();
                    assertThat(s.createDate()).isEqualTo(later);
                });
    }
}
