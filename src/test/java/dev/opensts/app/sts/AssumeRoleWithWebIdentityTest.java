package dev.opensts.app.sts;

import dev.opensts.app.AppFixture;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.iam.OidcProviders;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.app.sts.webidentity.VerifiedToken;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.RoleState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.opensts.app.AppFixture.ACCOUNT;
import static dev.opensts.app.AppFixture.T0;
import static dev.opensts.app.AppFixture.await;
import static dev.opensts.app.AppFixture.failure;
import static dev.opensts.app.AppFixture.root;
import static dev.opensts.error.ErrorCode.AccessDenied;
import static dev.opensts.error.ErrorCode.ExpiredTokenException;
import static dev.opensts.error.ErrorCode.InvalidIdentityToken;
import static dev.opensts.error.ErrorCode.InvalidParameterValue;
import static dev.opensts.error.ErrorCode.ServiceUnavailable;
import static dev.opensts.error.ErrorCode.ValidationError;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AssumeRoleWithWebIdentity's rules through {@link Sts}: the provider found in the role's account, the token's verdict
 * (from the in-process port: what verifies a real token is OidcTokenVerifierTest's), the trust policy evaluated for the
 * provider as a Federated principal with the token's claims as condition keys, the session and its audit record.
 */
class AssumeRoleWithWebIdentityTest {
    static final String OTHER = "210987654321";
    static final String URL = "k8s.example.com/cluster-a";
    static final String PROVIDER = "arn:aws:iam::" + ACCOUNT + ":oidc-provider/" + URL;
    static final String SUB = "system:serviceaccount:team-a:builder";
    static final Origin ORIGIN = new Origin("192.0.2.9", true, "aws-sdk-java/2");

    final AppFixture app = new AppFixture();
    final StsFixture sts = new StsFixture(app);
    int requests;

    AssumeRoleWithWebIdentityTest() {
        provider(root(), URL, "sts.amazonaws.com");
    }

    void provider(dev.opensts.app.Caller owner, String url, String... clientIds) {
        await(app.oidcProviders.create(owner, new OidcProviders.NewProvider("https://" + url, List.of(clientIds),
                List.of(), List.of()), "setup"));
    }

    static String trust(String provider, String action, String condition) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Federated\":\""
                + provider + "\"},\"Action\":" + action + (condition == null ? "" : ",\"Condition\":" + condition)
                + "}]}";
    }

    static String trust(String condition) {
        return trust(PROVIDER, "\"sts:AssumeRoleWithWebIdentity\"", condition);
    }

    static VerifiedToken token(String issuer, String sub, Map<String, String> tags, String sourceIdentity,
                               VerifiedToken.Kubernetes k8s) {
        return new VerifiedToken(issuer, sub, List.of("sts.amazonaws.com"), "sts.amazonaws.com", null, List.of(),
                "jti-1", T0, T0.plusSeconds(600), null, tags, List.of(), sourceIdentity, k8s);
    }

    static VerifiedToken.Kubernetes pod() {
        return new VerifiedToken.Kubernetes("team-a", "builder", "uid-sa", "builder-7d9f", "uid-pod");
    }

    /** A token of the test's provider for {@link #SUB}, as a Kubernetes service-account token. */
    String givenToken() {
        app.webIdentityTokens.valid("tk-tok", token("https://" + URL, SUB, Map.of(), null, pod()));
        return "tk-tok";
    }

    WebIdentityRequest req(String roleArn, String token) {
        return new WebIdentityRequest(roleArn, "pod-1", token, null, null, null, List.of());
    }

    WebIdentityIssued assumed(WebIdentityRequest r) {
        return await(app.sts.assumeRoleWithWebIdentity(ORIGIN, r, "req-" + ++requests));
    }

    AuditRecord lastRecord() {
        List<AuditRecord> all = app.audit.records();
        assertThat(all).isNotEmpty();
        return all.get(all.size() - 1);
    }

    AwsException refused(WebIdentityRequest r) {
        return failure(app.sts.assumeRoleWithWebIdentity(ORIGIN, r, "req-" + ++requests));
    }

    @Nested
    class TheSession {
        @Test
        void is_a_role_session_stemming_from_the_web_identity_and_created_by_its_provider() {
            RoleState role = sts.role("Builder", trust(null));

            WebIdentityIssued w = assumed(req(role.arn(), givenToken()));

            SessionClaims s = w.credentials().claims();
            assertThat(s.principalArn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":assumed-role/Builder/pod-1");
            assertThat(s.principalId()).isEqualTo(role.roleId() + ":pod-1");
            assertThat(s.roleArn()).isEqualTo(role.arn());
            assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(s.webIdentity()).isEqualTo(new SessionClaims.WebIdentity(PROVIDER, SUB));
            assertThat(s.originPrincipalArn()).isEqualTo(PROVIDER);
            assertThat(s.originAccessKeyId()).isEqualTo(s.accessKeyId());
            assertThat(s.chain()).isEmpty();
            assertThat(w.providerArn()).isEqualTo(PROVIDER);
            assertThat(w.provider()).isEqualTo("https://" + URL);
            assertThat(w.token().subject()).isEqualTo(SUB);
            assertThat(w.credentials().packedPolicySize()).as("no tags: the trust policy does not allow TagSession")
                    .isNull();
        }

        @Test
        void its_token_opens_to_the_same_claims_web_identity_included() {
            RoleState role = sts.role("Builder", trust(null));
            WebIdentityIssued w = assumed(req(role.arn(), givenToken()));

            assertThat(app.tokens.decode(w.credentials().sessionToken(), w.credentials().claims().accessKeyId()))
                    .isEqualTo(w.credentials().claims());
        }

        @Test
        void verifies_the_token_against_the_provider_of_the_roles_account_as_stored() {
            RoleState role = sts.role("Builder", trust(null));
            assumed(req(role.arn(), givenToken()));

            assertThat(app.webIdentityTokens.asked).singleElement().satisfies(p -> {
                assertThat(p.arn()).isEqualTo(PROVIDER);
                assertThat(p.clientIds()).containsExactly("sts.amazonaws.com");
            });
        }

        @Test
        void a_session_chained_from_it_carries_the_web_identity_and_its_origin() {
            String roleArn = sts.role("Builder", trust(null)).arn();
            RoleState next = sts.role("Next", StsFixture.trusting(roleArn));
            WebIdentityIssued w = assumed(req(roleArn, givenToken()));

            var chained = sts.assumed(AppFixture.callerOf(w.credentials().claims()),
                    StsFixture.req(next.arn(), "hop")).claims();

            assertThat(chained.webIdentity()).isEqualTo(new SessionClaims.WebIdentity(PROVIDER, SUB));
            assertThat(chained.originPrincipalArn()).isEqualTo(PROVIDER);
        }

        @Test
        void lasts_what_was_asked_within_the_roles_maximum() {
            RoleState role = sts.role(root(), "Builder", "/", trust(null), 3600);
            String t = givenToken();

            assertThat(assumed(new WebIdentityRequest(role.arn(), "pod-1", t, null, 900, null, List.of()))
                    .credentials().claims().expiresAt()).isEqualTo(T0.plusSeconds(900));
            assertThat(refused(new WebIdentityRequest(role.arn(), "pod-1", t, null, 7200, null, List.of())).code())
                    .isEqualTo(ValidationError);
        }
    }

    @Nested
    class TheTrustPolicy {
        @Test
        void decides_on_the_tokens_sub_and_aud_under_the_providers_url() {
            String good = "{\"StringEquals\":{\"" + URL + ":sub\":\"" + SUB + "\",\"" + URL
                    + ":aud\":\"sts.amazonaws.com\"}}";
            String other = "{\"StringEquals\":{\"" + URL + ":sub\":\"system:serviceaccount:team-b:builder\"}}";
            RoleState ok = sts.role("Ok", trust(good));
            RoleState no = sts.role("No", trust(other));
            String t = givenToken();

            assertThat(assumed(req(ok.arn(), t)).credentials()).isNotNull();
            var e = refused(req(no.arn(), t));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo("Not authorized to perform sts:AssumeRoleWithWebIdentity");
        }

        @Test
        void names_the_provider_and_the_session_name_as_condition_keys() {
            String cond = "{\"StringEquals\":{\"aws:FederatedProvider\":\"" + PROVIDER
                    + "\"},\"StringLike\":{\"sts:RoleSessionName\":\"pod-*\"}}";
            RoleState role = sts.role("Builder", trust(cond));
            String t = givenToken();

            assertThat(assumed(req(role.arn(), t)).credentials()).isNotNull();
            assertThat(refused(new WebIdentityRequest(role.arn(), "job-1", t, null, null, null, List.of())).code())
                    .isEqualTo(AccessDenied);
        }

        @Test
        void trusting_another_accounts_provider_lets_nobody_in() {
            provider(root(OTHER), URL, "sts.amazonaws.com");
            String theirs = "arn:aws:iam::" + OTHER + ":oidc-provider/" + URL;
            RoleState role = sts.role("Builder", trust(theirs, "\"sts:AssumeRoleWithWebIdentity\"", null));

            assertThat(refused(req(role.arn(), givenToken())).code()).isEqualTo(AccessDenied);
        }

        @Test
        void trusting_an_aws_principal_or_only_assume_role_does_not_admit_a_web_identity() {
            RoleState aws = sts.role("Aws", StsFixture.trusting("arn:aws:iam::" + ACCOUNT + ":root"));
            RoleState plain = sts.role("Plain", trust(PROVIDER, "\"sts:AssumeRole\"", null));
            String t = givenToken();

            assertThat(refused(req(aws.arn(), t)).code()).isEqualTo(AccessDenied);
            assertThat(refused(req(plain.arn(), t)).code()).isEqualTo(AccessDenied);
        }

        @Test
        void an_explicit_deny_wins_and_is_recorded_as_such() {
            String both = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Federated\":\"" + PROVIDER + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"},"
                    + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Condition\":{\"StringLike\":{\""
                    + URL + ":sub\":\"*:team-a:*\"}}}]}";
            RoleState role = sts.role("Builder", both);

            assertThat(refused(req(role.arn(), givenToken())).code()).isEqualTo(AccessDenied);
            assertThat(lastRecord().decision()).isEqualTo(AuditRecord.Decision.ExplicitDeny);
        }

        @Test
        void a_role_that_does_not_exist_answers_as_a_trust_denial() {
            sts.role("Builder", trust(null));
            String t = givenToken();

            var missing = refused(req("arn:aws:iam::" + ACCOUNT + ":role/Nope", t));
            var wrongPath = refused(req("arn:aws:iam::" + ACCOUNT + ":role/other/Builder", t));

            assertThat(missing.code()).isEqualTo(AccessDenied);
            assertThat(wrongPath.getMessage()).isEqualTo(missing.getMessage());
        }
    }

    @Nested
    class TheProvider {
        @Test
        void must_be_in_the_roles_account_a_provider_of_the_same_url_elsewhere_does_not_count() {
            provider(root(OTHER), "other.example.com", "sts.amazonaws.com");
            RoleState role = sts.role("Builder", trust(null));
            app.webIdentityTokens.valid("tk-t2", token("https://other.example.com", SUB, Map.of(), null, null));

            var e = refused(req(role.arn(), "tk-t2"));

            assertThat(e.code()).isEqualTo(InvalidIdentityToken);
            assertThat(e.getMessage()).doesNotContain("other.example.com");
            assertThat(app.webIdentityTokens.asked).as("no key fetched for an issuer nobody registered").isEmpty();
        }

        @Test
        void its_verdict_on_the_token_is_the_answer() {
            RoleState role = sts.role("Builder", trust(null));
            app.webIdentityTokens.invalid("tk-old", "https://" + URL,
                    new AwsException(ExpiredTokenException, "Token expired"));

            assertThat(refused(req(role.arn(), "tk-old")).code()).isEqualTo(ExpiredTokenException);
        }

        @Test
        void an_audience_outside_its_client_ids_is_refused() {
            RoleState role = sts.role("Builder", trust(null));
            app.webIdentityTokens.valid("tk-aud", new VerifiedToken("https://" + URL, SUB, List.of("other"), "other",
                    null, List.of(), null, T0, T0.plusSeconds(60), null, Map.of(), List.of(), null, null));

            assertThat(refused(req(role.arn(), "tk-aud")).code()).isEqualTo(InvalidIdentityToken);
        }
    }

    @Nested
    class SessionTags {
        static final String TAGGING = "[\"sts:AssumeRoleWithWebIdentity\",\"sts:TagSession\"]";

        @Test
        void a_kubernetes_tokens_pod_tags_are_carried_when_the_trust_policy_allows_tag_session() {
            RoleState role = sts.role("Builder", trust(PROVIDER, TAGGING, null));

            SessionClaims s = assumed(req(role.arn(), givenToken())).credentials().claims();

            assertThat(s.tags()).containsExactly(Map.entry("kubernetes-namespace", "team-a"),
                    Map.entry("kubernetes-service-account", "builder"), Map.entry("kubernetes-pod-name", "builder-7d9f"),
                    Map.entry("kubernetes-pod-uid", "uid-pod"));
        }

        @Test
        void pod_tags_decide_as_request_tags() {
            String cond = "{\"StringEquals\":{\"aws:RequestTag/kubernetes-namespace\":\"team-a\"}}";
            RoleState role = sts.role("Builder", trust(PROVIDER, TAGGING, cond));
            app.webIdentityTokens.valid("tk-b", token("https://" + URL, "system:serviceaccount:team-b:x", Map.of(),
                    null, new VerifiedToken.Kubernetes("team-b", "x", null, null, null)));

            assertThat(assumed(req(role.arn(), givenToken())).credentials()).isNotNull();
            assertThat(refused(req(role.arn(), "tk-b")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void the_tokens_own_session_tags_need_tag_session() {
            RoleState plain = sts.role("Plain", trust(null));
            RoleState tagging = sts.role("Tagging", trust(PROVIDER, TAGGING, null));
            app.webIdentityTokens.valid("tk-tags", token("https://" + URL, SUB, Map.of("team", "a"), null, null));

            var e = refused(req(plain.arn(), "tk-tags"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).contains("sts:TagSession");
            assertThat(assumed(req(tagging.arn(), "tk-tags")).credentials().claims().tags())
                    .containsExactly(Map.entry("team", "a"));
        }

        @Test
        void a_tokens_tags_and_source_identity_keep_the_models_bounds() {
            RoleState role = sts.role("Tagging", trust(PROVIDER,
                    "[\"sts:AssumeRoleWithWebIdentity\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]", null));
            var bad = Map.of(
                    "tk-value", token("https://" + URL, SUB, Map.of("team", "v".repeat(257)), null, null),
                    "tk-key", token("https://" + URL, SUB, Map.of("k".repeat(129), "v"), null, null),
                    "tk-chars", token("https://" + URL, SUB, Map.of("<script>", "v"), null, null),
                    "tk-si-aws", token("https://" + URL, SUB, Map.of(), "aws:x", null),
                    "tk-si-long", token("https://" + URL, SUB, Map.of(), "s".repeat(65), null),
                    "tk-si-chars", token("https://" + URL, SUB, Map.of(), "a b", null));
            bad.forEach(app.webIdentityTokens::valid);
            for (String t : bad.keySet()) {
                assertThat(refused(req(role.arn(), t)).code()).as(t).isEqualTo(ErrorCode.IDPRejectedClaim);
            }
            app.webIdentityTokens.valid("tk-edge", token("https://" + URL, SUB, Map.of("k".repeat(128), "v".repeat(256),
                    "team:a/b=c+d-e@f", ""), "s".repeat(64), null));
            assertThat(assumed(req(role.arn(), "tk-edge")).credentials().claims().tags()).hasSize(2);
        }

        @Test
        void pod_tags_come_only_from_a_service_account_token_whose_claims_agree() {
            String cond = "{\"StringEquals\":{\"aws:RequestTag/kubernetes-namespace\":\"team-a\"}}";
            RoleState role = sts.role("Builder", trust(PROVIDER, TAGGING, cond));
            app.webIdentityTokens.valid("tk-user", token("https://" + URL, "alice", Map.of(), null, pod()));
            app.webIdentityTokens.valid("tk-other-ns", token("https://" + URL, "system:serviceaccount:team-b:builder",
                    Map.of(), null, pod()));

            assertThat(refused(req(role.arn(), "tk-user")).code()).isEqualTo(AccessDenied);
            assertThat(refused(req(role.arn(), "tk-other-ns")).code()).isEqualTo(AccessDenied);
            assertThat(assumed(req(role.arn(), givenToken())).credentials().claims().tags())
                    .containsEntry("kubernetes-namespace", "team-a");
        }

        @Test
        void a_deny_on_pod_tags_holds_when_they_are_not_attached() {
            String both = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"Federated\":\"" + PROVIDER + "\"},\"Action\":\"sts:AssumeRoleWithWebIdentity\"},"
                    + "{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\",\"Condition\":{\"StringEquals\":"
                    + "{\"aws:RequestTag/kubernetes-namespace\":\"team-a\"}}}]}";
            RoleState role = sts.role("NoTeamA", both);
            app.webIdentityTokens.valid("tk-b", token("https://" + URL, "system:serviceaccount:team-b:builder",
                    Map.of(), null, new VerifiedToken.Kubernetes("team-b", "builder", null, "p", "u")));

            assertThat(refused(req(role.arn(), givenToken())).code()).isEqualTo(AccessDenied);
            assertThat(lastRecord().decision()).isEqualTo(AuditRecord.Decision.ExplicitDeny);
            assertThat(assumed(req(role.arn(), "tk-b")).credentials().claims().tags()).as("no TagSession: none")
                    .isEmpty();
        }

        @Test
        void a_source_identity_needs_set_source_identity() {
            RoleState plain = sts.role("Plain", trust(null));
            RoleState setting = sts.role("Setting", trust(PROVIDER,
                    "[\"sts:AssumeRoleWithWebIdentity\",\"sts:SetSourceIdentity\"]", null));
            app.webIdentityTokens.valid("tk-si", token("https://" + URL, SUB, Map.of(), "alice", null));

            assertThat(refused(req(plain.arn(), "tk-si")).getMessage()).contains("sts:SetSourceIdentity");
            assertThat(assumed(req(setting.arn(), "tk-si")).credentials().claims().sourceIdentity()).isEqualTo("alice");
        }
    }

    @Nested
    class BadInput {
        @Test
        void provider_id_is_refused_before_the_token_is_looked_at() {
            RoleState role = sts.role("Builder", trust(null));

            var e = refused(new WebIdentityRequest(role.arn(), "pod-1", givenToken(), "www.amazon.com", null, null,
                    List.of()));

            assertThat(e.code()).isEqualTo(InvalidParameterValue);
            assertThat(app.webIdentityTokens.asked).isEmpty();
        }

        @Test
        void the_models_bounds_hold_without_the_adapter() {
            RoleState role = sts.role("Builder", trust(null));
            String t = givenToken();

            assertThat(refused(new WebIdentityRequest(role.arn(), "x", t, null, null, null, List.of())).code())
                    .isEqualTo(ValidationError);
            assertThat(refused(new WebIdentityRequest(role.arn(), "pod-1", t, null, 899, null, List.of())).code())
                    .isEqualTo(ValidationError);
            assertThat(refused(new WebIdentityRequest(role.arn(), "pod-1", "abc", null, null, null, List.of())).code())
                    .isEqualTo(ValidationError);
            assertThat(refused(new WebIdentityRequest(role.arn(), "pod-1", "a".repeat(20_001), null, null, null,
                    List.of())).code()).isEqualTo(ValidationError);
            assertThat(refused(new WebIdentityRequest("arn:aws:iam::1:role/x", "pod-1", t, null, null, null,
                    List.of())).code()).isEqualTo(ValidationError);
            assertThat(app.webIdentityTokens.asked).isEmpty();
        }

        @Test
        void nothing_is_issued_before_the_replica_caught_up() {
            RoleState role = sts.role("Builder", trust(null));
            app.caughtUp = false;

            assertThat(refused(req(role.arn(), givenToken())).code()).isEqualTo(ServiceUnavailable);
        }
    }

    @Nested
    class Audit {
        @Test
        void a_grant_names_the_web_identity_never_the_token() {
            RoleState role = sts.role("Builder", trust(null));
            WebIdentityIssued w = assumed(req(role.arn(), givenToken()));

            AuditRecord r = lastRecord();
            assertThat(r.eventName()).isEqualTo("AssumeRoleWithWebIdentity");
            assertThat(r.userIdentity()).isEqualTo(new AuditRecord.UserIdentity("WebIdentityUser",
                    URL + ":sts.amazonaws.com:" + SUB, null, null, null, SUB, null, URL));
            assertThat(r.sourceIpAddress()).isEqualTo("192.0.2.9");
            assertThat(r.requestParameters()).containsOnlyKeys("roleArn", "roleSessionName");
            assertThat(r.responseElements()).containsEntry("subjectFromWebIdentityToken", SUB)
                    .containsEntry("provider", "https://" + URL).containsEntry("audience", "sts.amazonaws.com");
            assertThat(r.responseElements().get("credentials")).isEqualTo(Map.of("accessKeyId",
                    w.credentials().claims().accessKeyId(), "expiration", w.credentials().claims().expiresAt()));
            assertThat(r.recipientAccountId()).isEqualTo(ACCOUNT);
        }

        @Test
        void a_request_the_model_refused_is_recorded_without_its_token() {
            app.sts.rejectedWebIdentity(ORIGIN, "req-x", Map.of("Action", List.of("AssumeRoleWithWebIdentity"),
                    "RoleArn", List.of("arn:aws:iam::" + ACCOUNT + ":role/Builder"), "RoleSessionName", List.of("x"),
                    "WebIdentityToken", List.of("eyJ.secret.token")), new AwsException(ValidationError, "bad name"));

            AuditRecord r = lastRecord();
            assertThat(r.eventName()).isEqualTo("AssumeRoleWithWebIdentity");
            assertThat(r.requestParameters()).containsOnlyKeys("roleArn", "roleSessionName");
            assertThat(r.toString()).doesNotContain("eyJ.secret.token");
            assertThat(r.recipientAccountId()).isEqualTo(ACCOUNT);
            assertThat(r.userIdentity()).isEqualTo(AuditRecords.unverifiedWebIdentity());
        }

        @Test
        void a_token_that_did_not_verify_leaves_only_the_identitys_type() {
            RoleState role = sts.role("Builder", trust(null));
            app.webIdentityTokens.invalid("tk-forged", "https://" + URL,
                    new AwsException(InvalidIdentityToken, "bad signature"));

            refused(req(role.arn(), "tk-forged"));

            AuditRecord r = lastRecord();
            assertThat(r.userIdentity()).isEqualTo(AuditRecords.unverifiedWebIdentity());
            assertThat(r.errorCode()).isEqualTo("InvalidIdentityToken");
            assertThat(r.recipientAccountId()).isEqualTo(ACCOUNT);
            assertThat(r.toString()).doesNotContain("tk-forged");
        }
    }

    @Nested
    class Revocation {
        RevokeSessions.Request subject(String provider, String sub) {
            return new RevokeSessions.Request(null, null, null, null, null, provider, sub);
        }

        @Test
        void revoking_the_subject_refuses_its_sessions_and_those_chained_from_them_only() {
            String roleArn = sts.role("Builder", trust(null)).arn();
            RoleState next = sts.role("Next", StsFixture.trusting(roleArn));
            SessionClaims mine = assumed(req(roleArn, givenToken())).credentials().claims();
            SessionClaims chained = sts.assumed(AppFixture.callerOf(mine), StsFixture.req(next.arn(), "hop")).claims();
            app.webIdentityTokens.valid("tk-b", token("https://" + URL, "system:serviceaccount:team-b:x", Map.of(),
                    null, null));
            SessionClaims theirs = assumed(req(roleArn, "tk-b")).credentials().claims();
            app.clock.advance(Duration.ofSeconds(1));

            // the provider named with its host in another case is the same provider
            await(app.revokeSessions.revoke(root(), subject(PROVIDER.replace("k8s.example.com", "K8S.example.com"),
                    SUB), "r"));

            assertThat(app.revocations.isRevoked(mine)).isTrue();
            assertThat(app.revocations.isRevoked(chained)).isTrue();
            assertThat(app.revocations.isRevoked(theirs)).isFalse();
        }

        @Test
        void revoking_the_provider_as_a_principal_refuses_every_session_it_gave() {
            String roleArn = sts.role("Builder", trust(null)).arn();
            SessionClaims mine = assumed(req(roleArn, givenToken())).credentials().claims();
            app.clock.advance(Duration.ofSeconds(1));

            await(app.revokeSessions.revoke(root(), new RevokeSessions.Request(null, null, null, null, PROVIDER),
                    "r"));

            assertThat(app.revocations.isRevoked(mine)).isTrue();
        }

        @Test
        void a_session_issued_after_the_revocation_is_not_refused() {
            String roleArn = sts.role("Builder", trust(null)).arn();
            await(app.revokeSessions.revoke(root(), subject(PROVIDER, SUB), "r"));
            app.clock.advance(Duration.ofSeconds(1));

            SessionClaims later = assumed(req(roleArn, givenToken())).credentials().claims();

            assertThat(app.revocations.isRevoked(later)).isFalse();
        }

        @Test
        void another_account_cannot_revoke_the_subject_and_half_a_selector_is_refused() {
            var e = failure(app.revokeSessions.revoke(root(OTHER), subject(PROVIDER, SUB), "r"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(failure(app.revokeSessions.revoke(root(), subject(null, SUB), "r")).code())
                    .isEqualTo(ErrorCode.InvalidParameterCombination);
            assertThat(failure(app.revokeSessions.revoke(root(), subject("arn:aws:iam::" + ACCOUNT + ":role/x", SUB),
                    "r")).code()).isEqualTo(ValidationError);
        }
    }
}
