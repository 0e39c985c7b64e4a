package dev.opensts.app.sts;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.PrincipalPolicies;
import dev.opensts.app.auth.SessionPrincipals;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.UserEvent;
import dev.opensts.iam.UserState;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.PrincipalType;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.app.sts.StsFixture.callerOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** GetFederationToken through {@link Federation}: who may call it, the federated user's session and what it may do. */
class GetFederationTokenTest {
    static final String MAY_FEDERATE = allow("sts:GetFederationToken", "*");
    static final String S3_ALL = allow("s3:*", "*");

    final AppFixture app = new AppFixture();
    final StsFixture sts = new StsFixture(app);
    final PolicySources policies = new PolicySources(app.view);
    final Contexts contexts = new Contexts(app.view, app.clock);
    int requests;

    static FederationTokenRequest req(String name, String policy) {
        return new FederationTokenRequest(name, policy, List.of(), null, Map.of());
    }

    IssuedCredentials issued(Caller c, FederationTokenRequest r) {
        return await(app.federation.getFederationToken(c, r, "req-" + ++requests));
    }

    AwsException refused(Caller c, FederationTokenRequest r) {
        return failure(app.federation.getFederationToken(c, r, "req-" + ++requests));
    }

    Caller federatedUser(Caller issuer, String name, String policy) {
        return AppFixture.callerOf(issued(issuer, req(name, policy)).claims());
    }

    boolean allowed(Caller c, String action, String resource) {
        PrincipalPolicies p = policies.of(c);
        return Evaluator.evaluate(contexts.forCaller(c, action, resource).build(), p.identity(), p.session(),
                p.boundary()).allowed();
    }

    Caller dev(String... more) {
        var all = new java.util.ArrayList<>(List.of(MAY_FEDERATE));
        all.addAll(List.of(more));
        return callerOf(sts.user(root(), "dev", all.toArray(String[]::new)));
    }

    @Nested
    class AUser {
        @Test
        void gets_a_federated_user_session_for_twelve_hours_by_default() {
            Caller dev = dev(S3_ALL);

            IssuedCredentials c = issued(dev, req("Bob", S3_ALL));

            SessionClaims s = c.claims();
            assertThat(s.kind()).isEqualTo(SessionKind.FEDERATED_USER);
            assertThat(s.principalArn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob");
            assertThat(s.principalId()).isEqualTo(ACCOUNT + ":Bob");
            assertThat(s.sessionName()).isEqualTo("Bob");
            assertThat(s.userName()).isEqualTo("dev");
            assertThat(s.issuerId()).isEqualTo(dev.userId());
            assertThat(s.roleArn()).isNull();
            assertThat(s.accessKeyId()).startsWith("ASIA");
            assertThat(s.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(12)));
            assertThat(s.originPrincipalArn()).isEqualTo(dev.arn());
            assertThat(c.packedPolicySize()).isPositive();
        }

        @Test
        void its_token_opens_to_its_claims() throws Exception {
            IssuedCredentials c = issued(dev(), req("Bob", S3_ALL));
            assertThat(app.tokens.decode(c.sessionToken(), c.claims().accessKeyId())).isEqualTo(c.claims());
        }

        @Test
        void may_ask_for_15_minutes_to_36_hours_and_no_more() {
            Caller dev = dev();
            assertThat(issued(dev, new FederationTokenRequest("Bob", S3_ALL, List.of(), 900, Map.of())).claims()
                    .expiresAt()).isEqualTo(T0.plusSeconds(900));
            assertThat(issued(dev, new FederationTokenRequest("Bob", S3_ALL, List.of(), 129_600, Map.of())).claims()
                    .expiresAt()).isEqualTo(T0.plus(Duration.ofHours(36)));
            assertThat(refused(dev, new FederationTokenRequest("Bob", S3_ALL, List.of(), 899, Map.of())).code())
                    .isEqualTo(ErrorCode.ValidationError);
            assertThat(refused(dev, new FederationTokenRequest("Bob", S3_ALL, List.of(), 129_601, Map.of())).code())
                    .isEqualTo(ErrorCode.ValidationError);
        }

        @ParameterizedTest
        @ValueSource(strings = {"B", "has space", "slash/name", "abcdefghijklmnopqrstuvwxyz0123456", "colon:x"})
        void names_outside_the_model_are_refused(String name) {
            assertThat(refused(dev(), req(name, S3_ALL)).code()).isEqualTo(ErrorCode.ValidationError);
        }

        @Test
        void needs_sts_GetFederationToken_in_its_own_policies() {
            Caller plain = callerOf(sts.user(root(), "plain", S3_ALL));
            AwsException e = refused(plain, req("Bob", S3_ALL));
            assertThat(e.code()).isEqualTo(ErrorCode.AccessDenied);
            assertThat(e.getMessage()).contains("sts:GetFederationToken")
                    .contains("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob");
        }

        @Test
        void tags_need_sts_TagSession_and_keep_AWS_limits() {
            Caller dev = dev();
            var tags = Map.of("team", "blue");
            assertThat(refused(dev, new FederationTokenRequest("Bob", S3_ALL, List.of(), null, tags)).getMessage())
                    .contains("sts:TagSession");

            Caller tagger = callerOf(sts.user(root(), "tagger", MAY_FEDERATE, allow("sts:TagSession", "*")));
            assertThat(issued(tagger, new FederationTokenRequest("Bob", S3_ALL, List.of(), null, tags)).claims()
                    .tags()).containsEntry("team", "blue");
            assertThat(refused(tagger, new FederationTokenRequest("Bob", S3_ALL, List.of(), null,
                    Map.of("aws:team", "x"))).code()).isEqualTo(ErrorCode.InvalidParameterValue);
            var many = new LinkedHashMap<String, String>();
            for (int i = 0; i < 51; i++) {
                many.put("k" + i, "v");
            }
            assertThat(refused(tagger, new FederationTokenRequest("Bob", S3_ALL, List.of(), null, many)).code())
                    .isEqualTo(ErrorCode.InvalidParameterValue);
        }

        @Test
        void an_oversized_policy_and_tags_are_PackedPolicyTooLarge() {
            Caller tagger = callerOf(sts.user(root(), "tagger", MAY_FEDERATE, allow("sts:TagSession", "*")));
            String big = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                    + "\"Resource\":\"arn:aws:s3:::" + "b".repeat(1900) + "\"}]}";
            var tags = Map.of("k".repeat(100), "v".repeat(200));
            assertThat(refused(tagger, new FederationTokenRequest("Bob", big, List.of(), null, tags)).code())
                    .isEqualTo(ErrorCode.PackedPolicyTooLarge);
            assertThat(refused(tagger, req("Bob", "{not json")).code()).isEqualTo(ErrorCode.MalformedPolicyDocument);
        }

        @Test
        void policy_arns_of_another_account_are_refused_as_if_missing() {
            Caller dev = dev();
            String theirs = "arn:aws:iam::999999999999:policy/Theirs";
            app.given(policyCreated("999999999999", "Theirs", "/", S3_ALL));
            AwsException e = refused(dev, new FederationTokenRequest("Bob", null, List.of(theirs), null, Map.of()));
            assertThat(e.code()).isEqualTo(ErrorCode.MalformedPolicyDocument);
            assertThat(refused(dev, new FederationTokenRequest("Bob", null, List.of(policyArn("/", "Nope")), null,
                    Map.of())).code()).isEqualTo(ErrorCode.MalformedPolicyDocument);
        }

        @Test
        void a_managed_session_policy_of_its_own_account_bounds_the_session() {
            Caller dev = dev(S3_ALL);
            app.given(policyCreated("ReadOnly", "/", allow("s3:GetObject", "*")));
            SessionClaims s = issued(dev, new FederationTokenRequest("Bob", null, List.of(policyArn("/", "ReadOnly")),
                    null, Map.of())).claims();
            Caller bob = AppFixture.callerOf(s);
            assertThat(allowed(bob, "s3:GetObject", "arn:aws:s3:::b/k")).isTrue();
            assertThat(allowed(bob, "s3:PutObject", "arn:aws:s3:::b/k")).isFalse();
        }
    }

    @Nested
    class TheFederatedUser {
        @Test
        void may_do_what_both_its_issuer_and_its_session_policy_allow() {
            Caller bob = federatedUser(dev(allow("s3:*", "*")), "Bob",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\","
                            + "\"ec2:*\"],\"Resource\":\"*\"}]}");
            assertThat(bob.type()).isEqualTo(PrincipalType.FEDERATED);
            assertThat(allowed(bob, "s3:GetObject", "arn:aws:s3:::b/k")).isTrue();
            assertThat(allowed(bob, "s3:PutObject", "arn:aws:s3:::b/k")).as("not in the session policy").isFalse();
            assertThat(allowed(bob, "ec2:RunInstances", "*")).as("not in the user's policies").isFalse();
        }

        @Test
        void may_do_nothing_without_a_session_policy() {
            Caller bob = federatedUser(dev(S3_ALL), "Bob", null);
            assertThat(allowed(bob, "s3:GetObject", "arn:aws:s3:::b/k")).isFalse();
        }

        @Test
        void its_issuers_group_and_boundary_count() {
            Caller dev = dev(S3_ALL);
            app.given(policyCreated("Boundary", "/", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":"
                    + "\"Allow\",\"Action\":[\"s3:GetObject\",\"sts:GetFederationToken\"],\"Resource\":\"*\"}]}"));
            await(app.users.change(root(), new dev.opensts.app.iam.UserChange.PutPermissionsBoundary("dev",
                    policyArn("/", "Boundary")), "setup"));
            Caller bob = federatedUser(dev, "Bob", S3_ALL);
            assertThat(allowed(bob, "s3:GetObject", "arn:aws:s3:::b/k")).isTrue();
            assertThat(allowed(bob, "s3:PutObject", "arn:aws:s3:::b/k")).as("outside the boundary").isFalse();
        }

        @Test
        void named_like_an_IAM_user_gets_nothing_of_that_user() {
            sts.user(root(), "admin", allow("*", "*"));
            Caller bob = federatedUser(dev(), "admin", allow("*", "*"));
            assertThat(bob.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/admin");
            assertThat(allowed(bob, "s3:GetObject", "arn:aws:s3:::b/k")).as("dev only may federate").isFalse();
        }

        @Test
        void cannot_call_IAM_even_when_every_policy_allows_it() {
            Caller bob = federatedUser(dev(allow("*", "*")), "Bob", allow("*", "*"));
            AwsException e = catchThrowableOfType(AwsException.class,
                    () -> app.authorizer.require(bob, "iam:ListUsers", "arn:aws:iam::" + ACCOUNT + ":user/"));
            assertThat(e.code()).isEqualTo(ErrorCode.AccessDenied);
            assertThat(catchThrowableOfType(AwsException.class, () -> app.authorizer.require(bob,
                    "opensts:RevokeSessions", "arn:aws:iam::" + ACCOUNT + ":role/r"))).isNotNull();
        }

        @Test
        void cannot_call_STS_but_GetCallerIdentity() {
            Caller bob = federatedUser(dev(allow("*", "*")), "Bob", allow("*", "*"));
            sts.role("target", StsFixture.trusting("arn:aws:iam::" + ACCOUNT + ":root"));
            AwsException assume = failure(app.sts.assumeRole(bob, StsFixture.req(roleArn("/", "target"), "s").build(),
                    "r"));
            assertThat(assume.code()).isEqualTo(ErrorCode.AccessDenied);
            assertThat(refused(bob, req("Eve", S3_ALL)).getMessage())
                    .isEqualTo("Cannot call GetFederationToken with session credentials");
            assertThat(failure(app.sts.getSessionToken(bob, new SessionTokenRequest(null, null, null), "r")).code())
                    .isEqualTo(ErrorCode.AccessDenied);
            assertThat(catchThrowableOfType(AwsException.class, () -> app.sts.accessKeyAccount(bob, bob.accessKeyId()))
                    .code()).isEqualTo(ErrorCode.AccessDenied);
            Sts.CallerIdentity id = app.sts.callerIdentity(bob);
            assertThat(id.userId()).isEqualTo(ACCOUNT + ":Bob");
            assertThat(id.arn()).isEqualTo("arn:aws:sts::" + ACCOUNT + ":federated-user/Bob");
            assertThat(id.account()).isEqualTo(ACCOUNT);
        }

        @Test
        void ends_with_its_issuer_deleted_or_recreated() {
            Caller bob = federatedUser(dev(S3_ALL), "Bob", S3_ALL);
            var principals = new SessionPrincipals(app.view, ACCOUNT);
            assertThat(principals.current(bob.session())).isTrue();

            app.given(new UserEvent.UserDeleted(ACCOUNT, "dev"));
            assertThat(principals.current(bob.session())).isFalse();

            app.given(new UserEvent.UserCreated(ACCOUNT, "dev", "AIDAOTHERLIFEQQQQQQQ", "/", List.of(), T0));
            assertThat(principals.current(bob.session())).as("another user of the same name").isFalse();
            assertThat(allowed(bob, "s3:GetObject", "arn:aws:s3:::b/k")).isFalse();
        }

        @Test
        void is_revocable_by_its_key_and_by_its_issuer() {
            Caller dev = dev(S3_ALL);
            SessionClaims one = issued(dev, req("Bob", S3_ALL)).claims();
            SessionClaims two = issued(dev, req("Bob", S3_ALL)).claims();
            app.clock.advance(Duration.ofSeconds(1));
            await(app.revokeSessions.revoke(root(), new RevokeSessions.Request(null, null, one.accessKeyId(), null,
                    null), "r1"));
            assertThat(app.revocations.isRevoked(one)).isTrue();
            assertThat(app.revocations.isRevoked(two)).isFalse();
            await(app.revokeSessions.revoke(root(), new RevokeSessions.Request(null, null, null, null, dev.arn()),
                    "r2"));
            assertThat(app.revocations.isRevoked(two)).isTrue();
        }

        @Test
        void is_revocable_by_its_federated_user_ARN_in_its_own_account_only() {
            Caller dev = dev(S3_ALL);
            SessionClaims bob = issued(dev, req("Bob", S3_ALL)).claims();
            SessionClaims alice = issued(dev, req("Alice", S3_ALL)).claims();
            app.clock.advance(Duration.ofSeconds(1));
            String arn = "arn:aws:sts::" + ACCOUNT + ":federated-user/Bob";
            assertThat(failure(app.revokeSessions.revoke(root("999999999999"), new RevokeSessions.Request(null, null,
                    null, null, arn), "r0")).code()).isEqualTo(ErrorCode.AccessDenied);
            assertThat(failure(app.revokeSessions.revoke(root(), new RevokeSessions.Request(null, null, null, null,
                    "arn:aws:sts::" + ACCOUNT + ":federated-user/x"), "r0")).code()).isEqualTo(ErrorCode.ValidationError);
            await(app.revokeSessions.revoke(root(), new RevokeSessions.Request(null, null, null, null, arn), "r1"));
            assertThat(app.revocations.isRevoked(bob)).isTrue();
            assertThat(app.revocations.isRevoked(alice)).isFalse();
            assertThat(app.revocations.isRevoked(issued(dev, req("Bob", S3_ALL)).claims())).as("issued after")
                    .isFalse();
        }

        @Test
        void as_of_an_earlier_instant_has_its_issuers_policies_of_then_within_its_session_policy() {
            Caller dev = dev(S3_ALL);
            UserState then = app.view.user(ACCOUNT, "dev");
            Caller bob = federatedUser(dev, "Bob", allow("s3:GetObject", "*"));
            PrincipalPolicies p = policies.asOf(bob, then, List.of(), Map.of());
            assertThat(p.identity()).isNotEmpty();
            assertThat(p.session()).hasSize(1);
            Caller none = federatedUser(dev, "None", null);
            assertThat(policies.asOf(none, then, List.of(), Map.of()).session()).isEmpty();
            UserState other = new UserState(then.accountId(), then.userName(), "AIDAOTHERLIFEQQQQQQQ", then.path(),
                    then.tags(), then.createDate(), then.accessKeys(), then.inlinePolicies(), then.attachedPolicyArns(),
                    then.permissionsBoundary());
            assertThat(policies.asOf(bob, other, List.of(), Map.of()).identity()).as("another life of the name").isEmpty();
        }

        @Test
        void is_recorded_as_a_FederatedUser_issued_by_its_IAM_user() {
            Caller dev = dev();
            Caller bob = federatedUser(dev, "Bob", S3_ALL);
            AuditRecord.UserIdentity id = AuditRecords.identity(bob);
            assertThat(id.type()).isEqualTo("FederatedUser");
            assertThat(id.principalId()).isEqualTo(ACCOUNT + ":Bob");
            assertThat(id.arn()).isEqualTo(bob.arn());
            assertThat(id.userName()).isNull();
            assertThat(id.sessionContext().sessionIssuer().principalId()).isEqualTo(dev.userId());
            assertThat(id.sessionContext().sessionIssuer().arn()).isEqualTo(dev.arn());
            assertThat(id.sessionContext().sessionIssuer().userName()).isEqualTo("dev");
        }
    }

    @Nested
    class TheRoot {
        @Test
        void gets_at_most_an_hour_and_its_session_policy_bounds_everything() {
            SessionClaims s = issued(root(), new FederationTokenRequest("Ops", S3_ALL, List.of(), 129_600, Map.of()))
                    .claims();
            assertThat(s.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
            assertThat(s.userName()).isNull();
            assertThat(s.issuerId()).isEqualTo(ACCOUNT);
            assertThat(issued(root(), req("Ops", S3_ALL)).claims().expiresAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
            Caller ops = AppFixture.callerOf(s);
            assertThat(allowed(ops, "s3:PutObject", "arn:aws:s3:::b/k")).isTrue();
            assertThat(allowed(ops, "ec2:RunInstances", "*")).isFalse();
        }
    }

    @Nested
    class SessionsAreRefused {
        @Test
        void a_role_session_a_user_session_and_a_root_session() {
            sts.user(root(), "dev", MAY_FEDERATE);
            sts.role("r", StsFixture.trusting("arn:aws:iam::" + ACCOUNT + ":root"));
            for (Caller c : List.of(app.roleSession("r", "s"), app.userSession("dev", false),
                    app.rootSession(ACCOUNT, false))) {
                AwsException e = refused(c, req("Bob", S3_ALL));
                assertThat(e.code()).isEqualTo(ErrorCode.AccessDenied);
                assertThat(e.getMessage()).isEqualTo("Cannot call GetFederationToken with session credentials");
            }
        }
    }

    @Nested
    class Audit {
        @Test
        void the_issuance_names_the_caller_the_key_and_the_federated_user() {
            Caller dev = dev();
            IssuedCredentials c = issued(dev, req("Bob", S3_ALL));
            AuditRecord r = app.audit.records().getLast();
            assertThat(r.eventName()).isEqualTo("GetFederationToken");
            assertThat(r.userIdentity().type()).isEqualTo("IAMUser");
            assertThat(r.userIdentity().arn()).isEqualTo(dev.arn());
            assertThat(r.requestParameters()).containsEntry("name", "Bob");
            @SuppressWarnings("unchecked")
            var credentials = (Map<String, Object>) r.responseElements().get("credentials");
            assertThat(credentials).containsEntry("accessKeyId", c.claims().accessKeyId())
                    .doesNotContainKeys("secretAccessKey", "sessionToken");
            assertThat(r.responseElements()).containsEntry("federatedUser", Map.of("federatedUserId", ACCOUNT + ":Bob",
                    "arn", "arn:aws:sts::" + ACCOUNT + ":federated-user/Bob"));
            assertThat(r.responseElements()).doesNotContainKey("assumedRoleUser");
        }

        @Test
        void a_refusal_is_recorded_too() {
            refused(callerOf(sts.user(root(), "plain")), req("Bob", S3_ALL));
            AuditRecord r = app.audit.records().getLast();
            assertThat(r.eventName()).isEqualTo("GetFederationToken");
            assertThat(r.errorCode()).isEqualTo("AccessDenied");
        }
    }
}
