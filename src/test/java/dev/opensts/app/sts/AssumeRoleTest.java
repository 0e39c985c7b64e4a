package dev.opensts.app.sts;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.iam.RoleChange;
import dev.opensts.app.iam.UserChange;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.app.sts.StsFixture.callerOf;
import static dev.opensts.app.sts.StsFixture.req;
import static dev.opensts.app.sts.StsFixture.trust;
import static dev.opensts.app.sts.StsFixture.trusting;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * AssumeRole's rules through {@link Sts}, against in-memory ports: roles and users made by the IAM use cases, the
 * trust policy evaluated by the policy engine, the session minted with the fixture's clock and ids.
 *
 * <p>The model's constraints (RoleSessionName of 2..64 characters of {@code [\w+=,.@-]}, DurationSeconds of at
 * least 900, a RoleArn of 20..2048 characters) are checked by the Query adapter before a request record exists
 * (adapter.http.query.QueryDecoderTest); AssumeRoleRequest is documented as already checked against them, so
 * they are not repeated here.
 */
class AssumeRoleTest {
    static final String ROOT_ARN = "arn:aws:iam::123456789012:root";
    static final String OTHER_ROOT_ARN = "arn:aws:iam::210987654321:root";

    final AppFixture app = new AppFixture();
    final StsFixture sts = new StsFixture(app);

    static String denied(Caller c, String action, String resource) {
        return "User: " + c.arn() + " is not authorized to perform: " + action + " on resource: " + resource;
    }

    @Nested
    class TheSession {
        @Test
        void carries_the_assumed_role_arn_and_id_and_expires_an_hour_after_the_clock_by_default() {
            RoleState role = sts.role("App", TRUST);

            IssuedCredentials c = sts.assumed(root(), req(role.arn(), "s1"));

            SessionClaims s = c.claims();
            assertThat(s.kind()).isEqualTo(SessionKind.ASSUMED_ROLE);
            assertThat(s.principalArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/App/s1");
            assertThat(s.principalId()).isEqualTo(role.roleId() + ":s1").matches("AROA[A-Z2-7]{16}:s1");
            assertThat(s.roleArn()).isEqualTo(role.arn());
            assertThat(s.roleId()).isEqualTo(role.roleId());
            assertThat(s.sessionName()).isEqualTo("s1");
            assertThat(s.accountId()).isEqualTo(ACCOUNT);
            assertThat(s.accessKeyId()).startsWith("ASIA");
            assertThat(CredentialIds.accountOf(s.accessKeyId())).isEqualTo(ACCOUNT);
            assertThat(s.secretAccessKey()).hasSize(40);
            assertThat(s.issuedAt()).isEqualTo(T0);
            assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(3600));
            assertThat(s.chainDepth()).isZero();
            assertThat(s.originPrincipalArn()).isEqualTo(ROOT_ARN);
            assertThat(s.parentAccessKeyId()).isEqualTo(root().accessKeyId());
            assertThat(c.packedPolicySize()).as("no policy, no tag").isNull();
        }

        @Test
        void its_token_opens_to_the_same_claims_with_its_own_access_key_only() throws Exception {
            sts.role("App", TRUST);
            IssuedCredentials c = sts.assumed(root(), req(roleArn("/", "App"), "s1"));

            assertThat(app.tokens.decode(c.sessionToken(), c.claims().accessKeyId())).isEqualTo(c.claims());
        }

        @Test
        void expiry_is_in_whole_seconds_while_the_issue_time_keeps_its_milliseconds() {
            sts.role("App", TRUST);
            app.clock.advance(Duration.ofMillis(1_750));

            SessionClaims s = sts.assumed(root(), req(roleArn("/", "App"), "s1").duration(900)).claims();

            assertThat(s.issuedAt()).isEqualTo(T0.plusMillis(1_750));
            assertThat(s.expiresAt()).isEqualTo(T0.plusSeconds(1 + 900));
        }

        @Test
        void two_sessions_get_two_keys() {
            sts.role("App", TRUST);
            var a = sts.assumed(root(), req(roleArn("/", "App"), "s1")).claims();
            var b = sts.assumed(root(), req(roleArn("/", "App"), "s1")).claims();
            assertThat(a.accessKeyId()).isNotEqualTo(b.accessKeyId());
            assertThat(a.secretAccessKey()).isNotEqualTo(b.secretAccessKey());
        }
    }

    @Nested
    class Trust {
        @Test
        void the_accounts_root_may_assume_a_role_trusting_its_account() {
            sts.role("App", TRUST);
            assertThat(sts.assumed(root(), req(roleArn("/", "App"), "s1")).claims().originPrincipalArn())
                    .isEqualTo(ROOT_ARN);
        }

        @Test
        void a_user_named_by_the_trust_policy_needs_no_policy_of_its_own() {
            UserState dev = sts.user(root(), "dev");
            sts.role("App", trusting(dev.arn()));

            SessionClaims s = sts.assumed(callerOf(dev), req(roleArn("/", "App"), "dev")).claims();

            assertThat(s.originPrincipalArn()).isEqualTo(dev.arn());
            assertThat(s.parentAccessKeyId()).isEqualTo(callerOf(dev).accessKeyId());
        }

        @Test
        void when_the_trust_names_the_account_a_user_needs_its_own_allow() {
            sts.role("App", TRUST);
            Caller without = callerOf(sts.user(root(), "without"));
            Caller with = callerOf(sts.user(root(), "with", allow("sts:AssumeRole", roleArn("/", "App"))));

            AwsException e = sts.refused(without, req(roleArn("/", "App"), "s1"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(denied(without, "sts:AssumeRole", roleArn("/", "App")));
            assertThat(sts.assumed(with, req(roleArn("/", "App"), "s1")).claims().originPrincipalArn())
                    .isEqualTo(with.arn());
        }

        @Test
        void a_user_the_trust_policy_does_not_name_is_refused_whatever_its_own_policies() {
            UserState named = sts.user(root(), "named");
            Caller other = callerOf(sts.user(root(), "other", allow("sts:AssumeRole", "*")));
            sts.role("App", trusting(named.arn()));

            AwsException e = sts.refused(other, req(roleArn("/", "App"), "s1"));

            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(denied(other, "sts:AssumeRole", roleArn("/", "App")));
        }

        @Test
        void an_explicit_deny_in_the_trust_policy_wins_over_the_account_allow() {
            Caller dev = callerOf(sts.user(root(), "dev", allow("sts:AssumeRole", "*")));
            sts.role("App", "{\"Version\":\"2012-10-17\",\"Statement\":["
                    + "{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":\"sts:AssumeRole\"},"
                    + "{\"Sid\":\"NoDev\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"" + dev.arn()
                    + "\"},\"Action\":\"sts:AssumeRole\"}]}");

            assertThat(sts.refused(dev, req(roleArn("/", "App"), "s1")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void an_explicit_deny_in_the_callers_own_policies_wins_over_the_trust_policy() {
            UserState u = sts.user(root(), "dev", deny("sts:AssumeRole", "*"));
            sts.role("App", trusting(u.arn()));

            assertThat(sts.refused(callerOf(u), req(roleArn("/", "App"), "s1")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_role_that_does_not_exist_answers_as_a_trust_denial() {
            sts.role("App", TRUST); // a role exists, but not the one asked for
            Caller dev = callerOf(sts.user(root(), "dev", allow("sts:AssumeRole", "*")));

            AwsException e = sts.refused(dev, req(roleArn("/", "Ghost"), "s1"));

            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(denied(dev, "sts:AssumeRole", roleArn("/", "Ghost")));
        }

        @Test
        void a_role_arn_that_is_not_a_roles_is_a_validation_error() {
            AwsException e = sts.refused(root(), req(userArn("/", "dev"), "s1"));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).contains("Invalid RoleArn");
        }

        @ParameterizedTest
        @ValueSource(strings = {"s", "a/b", "with space", "0123456789012345678901234567890123456789012345678901234567890123x"})
        void a_session_name_outside_the_models_constraint_is_refused_by_the_use_case_itself(String name) {
            sts.role("App", TRUST);
            AwsException e = sts.refused(root(), req(roleArn("/", "App"), name));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).contains("'roleSessionName'");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 1, 899, 43201, Integer.MAX_VALUE, -1})
        void a_duration_outside_the_models_bounds_is_refused_by_the_use_case_itself(int seconds) {
            sts.role("App", TRUST);
            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "ok").duration(seconds));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).contains("'durationSeconds'");
        }

        @Test
        void mfa_parameters_are_refused_since_mfa_devices_are_not_supported() {
            sts.role("App", TRUST);
            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1")
                    .mfa("arn:aws:iam::123456789012:mfa/dev", "123456"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).contains("MultiFactorAuthentication failed");
        }
    }

    @Nested
    class AnotherAccount {
        @Test
        void a_user_of_a_trusted_account_with_its_own_allow_gets_a_session_of_the_roles_account() {
            RoleState role = sts.role("Shared", trusting(OTHER_ROOT_ARN));
            Caller stranger = callerOf(sts.user(root(OTHER), "ext", allow("sts:AssumeRole", role.arn())));

            SessionClaims s = sts.assumed(stranger, req(role.arn(), "ext")).claims();

            assertThat(s.accountId()).isEqualTo(ACCOUNT);
            assertThat(CredentialIds.accountOf(s.accessKeyId())).isEqualTo(ACCOUNT);
            assertThat(s.principalArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Shared/ext");
            assertThat(s.originPrincipalArn()).isEqualTo(stranger.arn());
        }

        @Test
        void a_user_of_a_trusted_account_without_its_own_allow_is_refused() {
            RoleState role = sts.role("Shared", trusting(OTHER_ROOT_ARN));
            Caller stranger = callerOf(sts.user(root(OTHER), "ext"));

            AwsException e = sts.refused(stranger, req(role.arn(), "ext"));

            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(denied(stranger, "sts:AssumeRole", role.arn()));
        }

        @Test
        void a_principal_of_an_account_the_trust_policy_does_not_name_is_refused_even_with_its_own_allow() {
            RoleState role = sts.role("Mine", TRUST);
            Caller stranger = callerOf(sts.user(root(OTHER), "ext", allow("sts:AssumeRole", "*")));

            assertThat(sts.refused(stranger, req(role.arn(), "ext")).code()).isEqualTo(AccessDenied);
            assertThat(sts.refused(root(OTHER), req(role.arn(), "ext")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_role_of_another_account_that_trusts_this_one_gives_a_session_in_that_account() {
            RoleState theirs = sts.role(root(OTHER), "Theirs", "/", trusting(ROOT_ARN), null);

            SessionClaims s = sts.assumed(root(), req(theirs.arn(), "visit")).claims();

            assertThat(theirs.arn()).isEqualTo("arn:aws:iam::210987654321:role/Theirs");
            assertThat(s.accountId()).isEqualTo(OTHER);
            assertThat(CredentialIds.accountOf(s.accessKeyId())).isEqualTo(OTHER);
            assertThat(s.principalArn()).isEqualTo("arn:aws:sts::210987654321:assumed-role/Theirs/visit");
            assertThat(s.principalId()).isEqualTo(theirs.roleId() + ":visit");
        }

        @Test
        void the_root_of_another_account_may_assume_a_role_trusting_its_account() {
            RoleState role = sts.role("Shared", trusting(OTHER_ROOT_ARN));
            assertThat(sts.assumed(root(OTHER), req(role.arn(), "r1")).claims().originPrincipalArn())
                    .isEqualTo(OTHER_ROOT_ARN);
        }
    }

    @Nested
    class ThePath {
        @Test
        void the_exact_arn_with_the_path_is_assumed_and_the_session_arn_has_no_path() {
            RoleState role = sts.role(root(), "App", "/team/a/", TRUST, null);

            SessionClaims s = sts.assumed(root(), req("arn:aws:iam::123456789012:role/team/a/App", "s1")).claims();

            assertThat(role.arn()).isEqualTo("arn:aws:iam::123456789012:role/team/a/App");
            assertThat(s.roleArn()).isEqualTo(role.arn());
            assertThat(s.principalArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/App/s1");
        }

        @Test
        void the_arn_without_the_path_or_with_another_path_is_refused_as_an_unknown_role() {
            sts.role(root(), "App", "/team/a/", TRUST, null);

            for (String arn : List.of("arn:aws:iam::123456789012:role/App",
                    "arn:aws:iam::123456789012:role/team/b/App", "arn:aws:iam::123456789012:role/team/App")) {
                AwsException e = sts.refused(root(), req(arn, "s1"));
                assertThat(e.code()).as(arn).isEqualTo(AccessDenied);
                assertThat(e.getMessage()).as(arn).isEqualTo(denied(root(), "sts:AssumeRole", arn));
            }
        }
    }

    @Nested
    class UniqueIds {
        @Test
        void a_user_deleted_and_recreated_under_its_name_is_not_the_user_the_trust_policy_named() {
            UserState first = sts.user(root(), "dev");
            sts.role("App", trusting(first.arn()));
            assertThat(sts.assumed(callerOf(first), req(roleArn("/", "App"), "s1"))).isNotNull();

            await(app.users.change(root(), new UserChange.Delete("dev"), "r"));
            UserState second = sts.user(root(), "dev");

            assertThat(second.userId()).isNotEqualTo(first.userId());
            AwsException e = sts.refused(callerOf(second), req(roleArn("/", "App"), "s1"));
            assertThat(e.code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_role_deleted_and_recreated_under_its_name_is_not_the_role_the_trust_policy_named() {
            RoleState hop = sts.role("Hop", TRUST);
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Hop", "p",
                    allow("sts:AssumeRole", "*")), "r"));
            sts.role("Target", trusting(hop.arn()));
            Caller firstHop = app.roleSession("Hop", "h");
            assertThat(sts.assumed(firstHop, req(roleArn("/", "Target"), "t1"))).isNotNull();

            await(app.roles.change(root(), new RoleChange.DeleteInlinePolicy("Hop", "p"), "r"));
            await(app.roles.change(root(), new RoleChange.Delete("Hop"), "r"));
            RoleState again = sts.role("Hop", TRUST);
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Hop", "p",
                    allow("sts:AssumeRole", "*")), "r"));

            assertThat(again.roleId()).isNotEqualTo(hop.roleId());
            assertThat(sts.refused(app.roleSession("Hop", "h"), req(roleArn("/", "Target"), "t1")).code())
                    .isEqualTo(AccessDenied);
        }
    }

    @Nested
    class Chaining {
        /** Role "Hop", whose sessions may assume any role, and role "Target" trusting the account. */
        Caller hopSession(Integer targetMax) {
            sts.role("Hop", TRUST);
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Hop", "p",
                    allow("sts:AssumeRole", "*")), "r"));
            sts.role(root(), "Target", "/", TRUST, targetMax);
            return app.roleSession("Hop", "h");
        }

        @Test
        void a_role_session_may_assume_another_role_and_the_chain_is_recorded() {
            Caller hop = hopSession(null);

            SessionClaims s = sts.assumed(hop, req(roleArn("/", "Target"), "t1")).claims();

            assertThat(s.principalArn()).isEqualTo("arn:aws:sts::123456789012:assumed-role/Target/t1");
            assertThat(s.chainDepth()).isEqualTo(1);
            assertThat(s.parentAccessKeyId()).isEqualTo(hop.accessKeyId());
            assertThat(s.originPrincipalArn()).as("where the chain began").isEqualTo(ROOT_ARN);
            assertThat(s.chain()).extracting(SessionClaims.ChainLink::principalArn)
                    .containsExactly("arn:aws:sts::123456789012:assumed-role/Hop/h");
        }

        @Test
        void a_chained_session_is_limited_to_one_hour_whatever_the_roles_maximum() {
            Caller hop = hopSession(43200);

            assertThat(sts.assumed(hop, req(roleArn("/", "Target"), "t1").duration(3600)).claims().expiresAt())
                    .isEqualTo(T0.plusSeconds(3600));
            AwsException e = sts.refused(hop, req(roleArn("/", "Target"), "t1").duration(3601));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).contains("1 hour session limit for roles assumed by role chaining");
        }

        @Test
        void a_role_session_needs_its_roles_allow_when_the_trust_names_the_account() {
            sts.role("Hop", TRUST);
            sts.role("Target", TRUST);
            Caller hop = app.roleSession("Hop", "h");

            AwsException e = sts.refused(hop, req(roleArn("/", "Target"), "t1"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(denied(hop, "sts:AssumeRole", roleArn("/", "Target")));
        }

        @Test
        void a_session_policy_of_the_calling_session_bounds_what_it_may_assume() {
            hopSession(null);
            Caller bounded = app.roleSession("Hop", "h", allow("s3:GetObject", "*"), List.of());

            assertThat(sts.refused(bounded, req(roleArn("/", "Target"), "t1")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_session_may_assume_its_own_role_again_only_where_the_trust_names_the_role_itself() {
            Caller hop = hopSession(null);
            assertThat(sts.refused(hop, req(roleArn("/", "Hop"), "again")).code())
                    .as("trusting the account is not enough").isEqualTo(AccessDenied);

            await(app.roles.change(root(), new RoleChange.UpdateTrustPolicy("Hop",
                    trust(List.of(ROOT_ARN, roleArn("/", "Hop")), "sts:AssumeRole")), "r"));

            assertThat(sts.assumed(hop, req(roleArn("/", "Hop"), "again")).claims().chainDepth()).isEqualTo(1);
        }

        @Test
        void a_chain_can_be_continued_from_the_session_it_issued() {
            Caller hop = hopSession(null);
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Target", "p",
                    allow("sts:AssumeRole", "*")), "r"));
            sts.role("Third", TRUST);

            SessionClaims second = sts.assumed(hop, req(roleArn("/", "Target"), "t1")).claims();
            SessionClaims third = sts.assumed(AppFixture.callerOf(second), req(roleArn("/", "Third"), "t3")).claims();

            assertThat(third.chainDepth()).isEqualTo(2);
            assertThat(third.originPrincipalArn()).isEqualTo(ROOT_ARN);
            assertThat(third.chain()).extracting(SessionClaims.ChainLink::principalArn).containsExactly(
                    "arn:aws:sts::123456789012:assumed-role/Hop/h",
                    "arn:aws:sts::123456789012:assumed-role/Target/t1");
        }
    }

    @Nested
    class DurationSeconds {
        @Test
        void the_shortest_session_is_the_models_minimum_of_900_seconds() {
            sts.role("App", TRUST);
            assertThat(sts.assumed(root(), req(roleArn("/", "App"), "s1").duration(900)).claims().expiresAt())
                    .isEqualTo(T0.plusSeconds(900));
        }

        @Test
        void the_longest_is_the_roles_maximum_session_duration() {
            sts.role(root(), "Long", "/", TRUST, 7200);

            assertThat(sts.assumed(root(), req(roleArn("/", "Long"), "s1").duration(7200)).claims().expiresAt())
                    .isEqualTo(T0.plusSeconds(7200));
            AwsException e = sts.refused(root(), req(roleArn("/", "Long"), "s1").duration(7201));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).isEqualTo(
                    "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.");
        }

        @Test
        void a_role_with_the_default_maximum_allows_one_hour() {
            sts.role("App", TRUST);
            assertThat(sts.refused(root(), req(roleArn("/", "App"), "s1").duration(3601)).code())
                    .isEqualTo(ValidationError);
        }

        @Test
        void a_stranger_asking_beyond_the_maximum_learns_nothing_about_the_role() {
            sts.role("App", TRUST);
            Caller stranger = callerOf(sts.user(root(OTHER), "ext", allow("sts:AssumeRole", "*")));

            AwsException e = sts.refused(stranger, req(roleArn("/", "App"), "s1").duration(43200));

            assertThat(e.code()).as("the trust denial, not the duration rule").isEqualTo(AccessDenied);
        }
    }

    @Nested
    class SessionPolicies {
        @Test
        void a_session_policy_is_carried_and_its_packed_size_reported() {
            sts.role("App", TRUST);
            String policy = allow("s3:GetObject", "*");

            IssuedCredentials c = sts.assumed(root(), req(roleArn("/", "App"), "s1").policy(policy));

            assertThat(c.claims().sessionPolicy()).isEqualTo(policy);
            assertThat(c.packedPolicySize()).isBetween(1, 10);
        }

        @Test
        void a_session_policy_over_2048_characters_is_a_validation_error() {
            sts.role("App", TRUST);
            String big = policyOf(2049);
            assertThat(big.length()).isEqualTo(2049);

            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1").policy(big));

            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).contains("'policy'", "2048");
        }

        @Test
        void a_malformed_session_policy_is_refused() {
            sts.role("App", TRUST);
            assertThat(sts.refused(root(), req(roleArn("/", "App"), "s1").policy("{\"Version\":")).code())
                    .isEqualTo(MalformedPolicyDocument);
        }

        @Test
        void policies_and_arns_beyond_the_packed_space_are_packed_policy_too_large() {
            sts.role("App", TRUST);
            String[] arns = IntStream.range(0, 10)
                    .mapToObj(i -> createPolicy("a-rather-long-managed-policy-name-number-" + i)).toArray(String[]::new);
            String policy = policyOf(2000);

            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1").policy(policy).policyArns(arns));

            assertThat(e.code()).isEqualTo(PackedPolicyTooLarge);
            assertThat(e.getMessage()).startsWith("Packed policy consumes ").contains("% of allotted space");
            // either part alone fits
            assertThat(sts.assumed(root(), req(roleArn("/", "App"), "s1").policy(policy)).packedPolicySize())
                    .isBetween(90, 100);
            assertThat(sts.assumed(root(), req(roleArn("/", "App"), "s1").policyArns(arns)).claims()
                    .sessionPolicyArns()).containsExactly(arns);
        }

        @Test
        void at_most_ten_policy_arns() {
            sts.role("App", TRUST);
            String[] arns = IntStream.range(0, 11).mapToObj(i -> createPolicy("p" + i)).toArray(String[]::new);

            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1").policyArns(arns));

            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).contains("'policyArns'", "less than or equal to 10");
            assertThat(sts.assumed(root(), req(roleArn("/", "App"), "s1")
                    .policyArns(List.of(arns).subList(0, 10).toArray(String[]::new))).claims().sessionPolicyArns())
                    .hasSize(10);
        }

        @Test
        void a_policy_arn_that_does_not_exist_or_is_another_accounts_is_malformed() {
            sts.role("App", TRUST);
            await(app.policies.create(root(OTHER), new dev.opensts.app.iam.Policies.NewPolicy("Theirs", "/", null,
                    allow("s3:*", "*"), List.of()), "r"));

            for (String arn : List.of(policyArn("/", "Missing"), "arn:aws:iam::210987654321:policy/Theirs",
                    "arn:aws:iam::aws:policy/ReadOnlyAccess", "not-an-arn")) {
                AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1").policyArns(arn));
                assertThat(e.code()).as(arn).isEqualTo(MalformedPolicyDocument);
                assertThat(e.getMessage()).as(arn).isEqualTo("Policy " + arn + " does not exist or is not attachable.");
            }
        }

        String createPolicy(String name) {
            await(app.policies.create(root(), new dev.opensts.app.iam.Policies.NewPolicy(name, "/", null,
                    allow("s3:GetObject", "*"), List.of()), "r"));
            return policyArn("/", name);
        }

        /** A valid session policy of exactly this many characters, none of them whitespace. */
        static String policyOf(int length) {
            String head = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                    + "\"Resource\":\"arn:aws:s3:::";
            String tail = "/*\"}]}";
            return head + "b".repeat(length - head.length() - tail.length()) + tail;
        }
    }

    @Nested
    class Tags {
        static final String TAGGING_TRUST = trust(List.of(ROOT_ARN), "sts:AssumeRole", "sts:TagSession");

        @Test
        void tags_need_sts_tag_session_in_the_trust_policy() {
            sts.role("App", TRUST);

            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1").tag("team", "blue"));

            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(denied(root(), "sts:TagSession", roleArn("/", "App")));
        }

        @Test
        void tags_and_transitive_keys_are_carried_and_count_in_the_packed_size() {
            sts.role("App", TAGGING_TRUST);

            IssuedCredentials c = sts.assumed(root(), req(roleArn("/", "App"), "s1")
                    .tag("team", "blue").tag("cost", "42").transitive("team"));

            assertThat(c.claims().tags()).containsExactly(Map.entry("team", "blue"), Map.entry("cost", "42"));
            assertThat(c.claims().transitiveTagKeys()).containsExactly("team");
            assertThat(c.packedPolicySize()).isBetween(1, 5);
        }

        @Test
        void the_trust_policy_sees_the_request_tags() {
            sts.role("App", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\"],"
                    + "\"Condition\":{\"StringEquals\":{\"aws:RequestTag/team\":\"blue\"}}}]}");

            assertThat(sts.assumed(root(), req(roleArn("/", "App"), "s1").tag("team", "blue"))).isNotNull();
            assertThat(sts.refused(root(), req(roleArn("/", "App"), "s1").tag("team", "red")).code())
                    .isEqualTo(AccessDenied);
        }

        @Test
        void a_reserved_or_case_duplicate_key_and_a_transitive_key_that_is_no_tag_are_invalid() {
            sts.role("App", TAGGING_TRUST);
            String arn = roleArn("/", "App");

            assertThat(sts.refused(root(), req(arn, "s1").tag("aws:team", "x")).code()).isEqualTo(InvalidParameterValue);
            assertThat(sts.refused(root(), req(arn, "s1").tag("Team", "x").tag("team", "y")).code())
                    .isEqualTo(InvalidParameterValue);
            assertThat(sts.refused(root(), req(arn, "s1").tag("a", "1").transitive("b")).code())
                    .isEqualTo(InvalidParameterValue);
        }

        @Test
        void transitive_tags_ride_along_a_chain_and_cannot_be_overridden() {
            sts.role("Hop", TAGGING_TRUST);
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Hop", "p",
                    allow("sts:*", "*")), "r"));
            sts.role("Target", TAGGING_TRUST);
            SessionClaims first = sts.assumed(root(), req(roleArn("/", "Hop"), "h1")
                    .tag("team", "blue").tag("cost", "42").transitive("team")).claims();
            Caller hop = AppFixture.callerOf(first);

            SessionClaims chained = sts.assumed(hop, req(roleArn("/", "Target"), "t1").tag("env", "dev")).claims();

            assertThat(chained.tags()).as("the transitive tag, not the other").containsExactly(
                    Map.entry("team", "blue"), Map.entry("env", "dev"));
            assertThat(chained.transitiveTagKeys()).containsExactly("team");
            AwsException e = sts.refused(hop, req(roleArn("/", "Target"), "t1").tag("TEAM", "red"));
            assertThat(e.code()).isEqualTo(InvalidParameterValue);
            assertThat(e.getMessage()).contains("cannot be overridden");
        }

        @Test
        void at_most_50_tags_transitive_ones_included() {
            sts.role("App", TAGGING_TRUST);
            var r = req(roleArn("/", "App"), "s1");
            IntStream.range(0, 51).forEach(i -> r.tag("k" + i, "v"));
            assertThat(sts.refused(root(), r).code()).isEqualTo(InvalidParameterValue);
        }
    }

    @Nested
    class SourceIdentity {
        static final String SOURCE_TRUST = trust(List.of(ROOT_ARN), "sts:AssumeRole", "sts:SetSourceIdentity");

        @Test
        void setting_it_needs_sts_set_source_identity_in_the_trust_policy() {
            sts.role("App", TRUST);
            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1").sourceIdentity("alice"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).isEqualTo(denied(root(), "sts:SetSourceIdentity", roleArn("/", "App")));
        }

        @Test
        void it_is_carried_and_kept_through_a_chain_and_cannot_be_changed() {
            sts.role("Hop", SOURCE_TRUST);
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Hop", "p",
                    allow("sts:*", "*")), "r"));
            sts.role("Target", SOURCE_TRUST);
            SessionClaims first = sts.assumed(root(), req(roleArn("/", "Hop"), "h1").sourceIdentity("alice"))
                    .claims();
            Caller hop = AppFixture.callerOf(first);

            assertThat(first.sourceIdentity()).isEqualTo("alice");
            assertThat(sts.assumed(hop, req(roleArn("/", "Target"), "t1")).claims().sourceIdentity())
                    .isEqualTo("alice");
            assertThat(sts.assumed(hop, req(roleArn("/", "Target"), "t1").sourceIdentity("alice")).claims()
                    .sourceIdentity()).isEqualTo("alice");
            assertThat(sts.refused(hop, req(roleArn("/", "Target"), "t1").sourceIdentity("bob")).code())
                    .isEqualTo(AccessDenied);
        }

        @Test
        void the_aws_prefix_is_reserved() {
            sts.role("App", SOURCE_TRUST);
            AwsException e = sts.refused(root(), req(roleArn("/", "App"), "s1").sourceIdentity("AWS:me"));
            assertThat(e.code()).isEqualTo(ValidationError);
        }
    }

    @Nested
    class Conditions {
        static final String EXTERNAL_ID_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":\"sts:AssumeRole\","
                + "\"Condition\":{\"StringEquals\":{\"sts:ExternalId\":\"x-123\"}}}]}";

        @Test
        void the_external_id_must_match_the_trust_policys_condition() {
            sts.role("Vendor", EXTERNAL_ID_TRUST);
            String arn = roleArn("/", "Vendor");

            assertThat(sts.refused(root(), req(arn, "s1")).code()).as("missing").isEqualTo(AccessDenied);
            assertThat(sts.refused(root(), req(arn, "s1").externalId("x-124")).code()).as("wrong")
                    .isEqualTo(AccessDenied);
            assertThat(sts.assumed(root(), req(arn, "s1").externalId("x-123"))).isNotNull();
        }

        @Test
        void the_trust_policy_sees_the_role_session_name() {
            sts.role("Ci", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":\"sts:AssumeRole\","
                    + "\"Condition\":{\"StringLike\":{\"sts:RoleSessionName\":\"ci-*\"}}}]}");

            assertThat(sts.assumed(root(), req(roleArn("/", "Ci"), "ci-42"))).isNotNull();
            assertThat(sts.refused(root(), req(roleArn("/", "Ci"), "dev-42")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void the_trust_policy_sees_the_principal_arn_with_the_path_of_a_callers_role() {
            sts.role(root(), "Hop", "/ci/", TRUST, null);
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Hop", "p",
                    allow("sts:AssumeRole", "*")), "r"));
            sts.role("Target", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                    + "\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},\"Action\":\"sts:AssumeRole\","
                    + "\"Condition\":{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::123456789012:role/ci/*\"}}}]}");

            assertThat(sts.assumed(app.roleSession("Hop", "h"), req(roleArn("/", "Target"), "t1"))).isNotNull();
            assertThat(sts.refused(root(), req(roleArn("/", "Target"), "t1")).code()).isEqualTo(AccessDenied);
        }
    }
}
