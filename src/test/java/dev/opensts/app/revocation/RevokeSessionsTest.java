package dev.opensts.app.revocation;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.error.AwsException;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import dev.opensts.view.Revocation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * RevokeSessions: validation, authorization as opensts:RevokeSessions on the subject's ARN, the revocation it
 * decides (what the index then matches is RevocationsTest's business), and its execution on the log.
 */
class RevokeSessionsTest {
    static final String APP = "arn:aws:iam::123456789012:role/team/App";

    final AppFixture app = new AppFixture(Options.defaults().timeout(Duration.ofMillis(50)));

    RevokeSessions.Revoked revoke(Caller c, RevokeSessions.Request r) {
        return await(app.revokeSessions.revoke(c, r, "req-1"));
    }

    AwsException refused(Caller c, RevokeSessions.Request r) {
        AwsException e = failure(app.revokeSessions.revoke(c, r, "req-1"));
        assertThat(app.revocationLog.appended()).as("nothing appended").isEmpty();
        return e;
    }

    static RevokeSessions.Request role(String arn) {
        return new RevokeSessions.Request(arn, null, null, null, null);
    }

    static RevokeSessions.Request accessKey(String id) {
        return new RevokeSessions.Request(null, null, id, null, null);
    }

    static RevokeSessions.Request sourceIdentity(String si) {
        return new RevokeSessions.Request(null, null, null, si, null);
    }

    static RevokeSessions.Request principal(String arn) {
        return new RevokeSessions.Request(null, null, null, null, arn);
    }

    /** The one revocation appended. */
    Revocation decided() {
        assertThat(app.revocationLog.revocations()).hasSize(1);
        return app.revocationLog.revocations().get(0);
    }

    Caller userWith(String document) {
        app.given(userCreated("ops", "/"), new UserPolicyPut(ACCOUNT, "ops", "p", document));
        return app.user("ops");
    }

    @Nested
    class Validation {
        @Test
        void one_selector_is_needed() {
            var e = refused(root(), new RevokeSessions.Request(null, null, null, null, null));
            assertThat(e.code()).isEqualTo(ValidationError);
            assertThat(e.getMessage()).endsWith("none was given.");
        }

        @Test
        void only_one_selector_is_taken() {
            var e = refused(root(), new RevokeSessions.Request(APP, null, "ASIAX", null, null));
            assertThat(e.code()).isEqualTo(InvalidParameterCombination);
            assertThat(e.getMessage()).contains("RoleArn and AccessKeyId were given");
            assertThat(refused(root(), new RevokeSessions.Request(null, null, null, "si", "arn:aws:iam::"
                    + ACCOUNT + ":root")).code()).isEqualTo(InvalidParameterCombination);
        }

        @Test
        void issued_before_goes_with_role_arn_only() {
            var e = refused(root(), new RevokeSessions.Request(null, T0, null, "alice", null));
            assertThat(e.code()).isEqualTo(InvalidParameterCombination);
            assertThat(e.getMessage()).isEqualTo("IssuedBefore can only be given with RoleArn.");
        }

        @ParameterizedTest
        @ValueSource(strings = {"App", "arn:aws:iam::123456789012:user/App", "arn:aws:iam::1234:role/App",
                "arn:aws:sts::123456789012:assumed-role/App/ci"})
        void a_role_arn_names_a_role(String arn) {
            assertThat(refused(root(), role(arn)).code()).isEqualTo(ValidationError);
        }

        @Test
        void an_access_key_id_is_one_of_temporary_credentials_issued_here() {
            String longTerm = app.ids.accessKeyId("AKIA", ACCOUNT);
            assertThat(refused(root(), accessKey(longTerm)).code()).isEqualTo(ValidationError);
            assertThat(refused(root(), accessKey("ASIA-not-ours")).code()).isEqualTo(ValidationError);
        }

        @ParameterizedTest
        @ValueSource(strings = {"arn:aws:iam::123456789012:role/App", "arn:aws:iam::123456789012:policy/P",
                "alice", "arn:aws:sts::123456789012:federated-user/b"})
        void a_principal_arn_is_a_root_a_user_a_role_session_or_a_federated_user(String arn) {
            assertThat(refused(root(), principal(arn)).code()).isEqualTo(ValidationError);
        }
    }

    @Nested
    class RoleArn {
        @Test
        void names_the_role_whatever_its_path_or_case_and_the_revocation_carries_its_real_arn() {
            app.given(roleCreated("App", "/team/"));
            var before = app.roleSession("App", "s");
            app.clock.advance(Duration.ofSeconds(1));

            var revoked = revoke(root(), role("arn:aws:iam::123456789012:role/APP"));

            assertThat(decided()).isEqualTo(new Revocation(revoked.revocationId(), ACCOUNT, Revocation.Kind.ROLE,
                    APP, null));
            assertThat(revoked.effectiveAt()).isEqualTo(T0.plusSeconds(1));
            assertThat(app.revocations.isRevoked(before.session())).isTrue();
            assertThat(app.revocations.isRevoked(app.roleSession("App", "after").session()))
                    .as("issued at the record's time").isFalse();
        }

        @Test
        void issued_before_is_carried_as_asked() {
            app.given(roleCreated("App", "/team/"));
            Instant cut = T0.minusSeconds(600);
            revoke(root(), new RevokeSessions.Request(APP, cut, null, null, null));
            assertThat(decided().requestedIssuedBefore()).isEqualTo(cut);
        }

        @Test
        void a_role_that_does_not_exist_is_no_such_entity_so_that_a_revocation_id_always_means_something() {
            var e = refused(root(), role("arn:aws:iam::123456789012:role/Ghost"));
            assertThat(e.code()).isEqualTo(NoSuchEntity);
            assertThat(e.getMessage()).isEqualTo("The role with name Ghost cannot be found.");
        }

        @Test
        void a_caller_without_permission_learns_nothing_of_a_role_that_does_not_exist() {
            Caller ops = userWith(allow("iam:*", "*"));
            assertThat(refused(ops, role("arn:aws:iam::123456789012:role/Ghost")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void another_accounts_role_is_refused_whether_it_exists_or_not() {
            app.given(roleCreated(OTHER, "Real", "/secret/"));

            var existing = refused(root(), role("arn:aws:iam::210987654321:role/Real"));
            var missing = refused(root(), role("arn:aws:iam::210987654321:role/Ghos"));

            assertThat(existing.code()).isEqualTo(AccessDenied);
            assertThat(missing.code()).isEqualTo(AccessDenied);
            assertThat(existing.getMessage()).doesNotContain("secret");
            assertThat(existing.getMessage().replace("Real", "Ghos")).isEqualTo(missing.getMessage());
        }

        @Test
        void authorization_is_on_the_roles_arn_with_its_path() {
            app.given(roleCreated("App", "/team/"), roleCreated("Other", "/"));
            Caller ops = userWith(allow("opensts:RevokeSessions", "arn:aws:iam::123456789012:role/team/*"));

            revoke(ops, role("arn:aws:iam::123456789012:role/App"));
            assertThat(decided().subject()).isEqualTo(APP);
            assertThat(failure(app.revokeSessions.revoke(ops, role("arn:aws:iam::123456789012:role/team/Other"),
                    "r")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_permission_on_the_arn_without_the_path_does_not_reach_a_role_with_one() {
            app.given(roleCreated("App", "/team/"));
            Caller ops = userWith(allow("opensts:RevokeSessions", "arn:aws:iam::123456789012:role/App"));
            assertThat(refused(ops, role("arn:aws:iam::123456789012:role/App")).code()).isEqualTo(AccessDenied);
        }
    }

    @Nested
    class AccessKeyId {
        @Test
        void revokes_one_session_of_the_account_its_key_was_minted_for() {
            app.given(roleCreated("App", "/"));
            var session = app.roleSession("App", "s");
            var other = app.roleSession("App", "t");
            app.clock.advance(Duration.ofSeconds(1));

            revoke(root(), accessKey(session.accessKeyId()));

            assertThat(decided()).isEqualTo(new Revocation(decided().revocationId(), ACCOUNT,
                    Revocation.Kind.ACCESS_KEY, session.accessKeyId(), null));
            assertThat(app.revocations.isRevoked(session.session())).isTrue();
            assertThat(app.revocations.isRevoked(other.session())).isFalse();
        }

        @Test
        void is_authorized_on_the_session_arn() {
            String key = app.ids.accessKeyId("ASIA", ACCOUNT);
            Caller ops = userWith(allow("opensts:RevokeSessions", "arn:aws:sts::123456789012:session/" + key));
            revoke(ops, accessKey(key));
            assertThat(failure(app.revokeSessions.revoke(ops, accessKey(app.ids.accessKeyId("ASIA", ACCOUNT)),
                    "r")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void another_accounts_session_is_refused() {
            assertThat(refused(root(), accessKey(app.ids.accessKeyId("ASIA", OTHER))).code())
                    .isEqualTo(AccessDenied);
        }
    }

    @Nested
    class SourceIdentity {
        @Test
        void is_scoped_to_the_callers_account_and_authorized_on_its_arn() {
            Caller ops = userWith(allow("opensts:RevokeSessions",
                    "arn:aws:sts::123456789012:source-identity/alice*"));

            revoke(ops, sourceIdentity("alice@example.com"));

            assertThat(decided()).isEqualTo(new Revocation(decided().revocationId(), ACCOUNT,
                    Revocation.Kind.SOURCE_IDENTITY, "alice@example.com", null));
            assertThat(failure(app.revokeSessions.revoke(ops, sourceIdentity("bob"), "r")).code())
                    .isEqualTo(AccessDenied);
        }
    }

    @Nested
    class PrincipalArn {
        @Test
        void an_accounts_root_revokes_its_own_sessions() {
            var session = app.rootSession(ACCOUNT, false);
            app.clock.advance(Duration.ofSeconds(1));
            revoke(root(), principal("arn:aws:iam::123456789012:root"));
            assertThat(decided()).isEqualTo(new Revocation(decided().revocationId(), ACCOUNT,
                    Revocation.Kind.PRINCIPAL, "arn:aws:iam::123456789012:root", null));
            assertThat(app.revocations.isRevoked(session.session())).isTrue();
        }

        @Test
        void another_accounts_root_is_refused() {
            assertThat(refused(root(), principal("arn:aws:iam::210987654321:root")).code()).isEqualTo(AccessDenied);
        }

        @Test
        void a_user_is_named_with_its_real_path_and_authorized_on_it() {
            app.given(userCreated("alice", "/eng/"));
            Caller ops = userWith(allow("opensts:RevokeSessions", "arn:aws:iam::123456789012:user/eng/*"));

            revoke(ops, principal("arn:aws:iam::123456789012:user/alice"));

            assertThat(decided().kind()).isEqualTo(Revocation.Kind.PRINCIPAL);
            assertThat(decided().subject()).isEqualTo("arn:aws:iam::123456789012:user/eng/alice");
        }

        @Test
        void a_user_that_no_longer_exists_may_be_named_as_written() {
            revoke(root(), principal("arn:aws:iam::123456789012:user/old/gone"));
            assertThat(decided().subject()).isEqualTo("arn:aws:iam::123456789012:user/old/gone");
        }

        @Test
        void another_accounts_user_is_refused_whether_it_exists_or_not() {
            app.given(userCreated(OTHER, "real", "/secret/"));
            var existing = refused(root(), principal("arn:aws:iam::210987654321:user/real"));
            var missing = refused(root(), principal("arn:aws:iam::210987654321:user/ghos"));
            assertThat(existing.code()).isEqualTo(AccessDenied);
            assertThat(existing.getMessage()).doesNotContain("secret");
            assertThat(existing.getMessage().replace("real", "ghos")).isEqualTo(missing.getMessage());
        }

        @Test
        void a_role_session_is_named_by_its_session_arn() {
            app.given(roleCreated("App", "/"));
            var session = app.roleSession("App", "build-42");
            var other = app.roleSession("App", "build-43");
            app.clock.advance(Duration.ofSeconds(1));

            revoke(root(), principal(session.arn()));

            assertThat(decided().subject()).isEqualTo("arn:aws:sts::123456789012:assumed-role/App/build-42");
            assertThat(app.revocations.isRevoked(session.session())).isTrue();
            assertThat(app.revocations.isRevoked(other.session())).isFalse();
        }

        @Test
        void a_deny_on_a_session_arn_holds_whatever_case_the_role_is_written_in() {
            app.given(roleCreated("App", "/"));
            var session = app.roleSession("App", "vic");
            Caller ops = userWith("""
                    {"Version":"2012-10-17","Statement":[\
                    {"Effect":"Allow","Action":"opensts:RevokeSessions","Resource":"*"},\
                    {"Effect":"Deny","Action":"opensts:RevokeSessions",\
                    "Resource":"arn:aws:sts::123456789012:assumed-role/App/*"}]}""");

            assertThat(refused(ops, principal("arn:aws:sts::123456789012:assumed-role/APP/vic")).code())
                    .isEqualTo(AccessDenied);
            assertThat(app.revocations.isRevoked(session.session())).isFalse();
            revoke(root(), principal("arn:aws:sts::123456789012:assumed-role/app/vic"));
            assertThat(decided().subject()).as("named as the role is stored")
                    .isEqualTo("arn:aws:sts::123456789012:assumed-role/App/vic");
        }

        @Test
        void another_accounts_role_session_is_refused() {
            assertThat(refused(root(), principal("arn:aws:sts::210987654321:assumed-role/App/ci")).code())
                    .isEqualTo(AccessDenied);
        }
    }

    @Nested
    class Execution {
        @Test
        void takes_effect_at_its_records_time_on_the_log_not_at_the_deciders_clock() {
            app.given(roleCreated("App", "/team/"));
            app.revocationLog.lag(Duration.ofMillis(250));
            var justBefore = app.roleSession("App", "s");
            app.clock.advance(Duration.ofMillis(100));
            var between = app.roleSession("App", "t");
            app.clock.advance(Duration.ofMillis(-100));

            var revoked = revoke(root(), role(APP));

            var appended = app.revocationLog.appended().get(0);
            assertThat(appended.decidedAt()).isEqualTo(T0);
            assertThat(appended.requestId()).isEqualTo("req-1");
            assertThat(appended.actor()).as("the revocation names who revoked").isEqualTo(root().actor());
            assertThat(revoked.effectiveAt()).isEqualTo(T0.plusMillis(250));
            assertThat(app.revocations.isRevoked(justBefore.session())).isTrue();
            assertThat(app.revocations.isRevoked(between.session())).as("issued after the decision, before the "
                    + "record").isTrue();
        }

        @Test
        void the_revocation_id_is_drawn_from_the_id_source() {
            var revoked = revoke(root(), sourceIdentity("alice"));
            assertThat(revoked.revocationId()).matches(
                    "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            assertThat(decided().revocationId()).isEqualTo(revoked.revocationId());
        }

        @Test
        void a_log_that_refuses_the_append_revokes_nothing() {
            app.revocationLog.broker(Broker.DOWN);
            var e = failure(app.revokeSessions.revoke(root(), sourceIdentity("alice"), "r"));
            assertThat(e.code()).isEqualTo(ServiceUnavailable);
            assertThat(e.getMessage()).isEqualTo("The revocation log is unavailable; nothing was revoked.");
            assertThat(app.revocations.size()).isZero();
        }

        @Test
        void a_revocation_the_index_does_not_read_back_in_time_is_reported_as_written() {
            app.revocationLog.broker(Broker.SILENT);
            var e = failure(app.revokeSessions.revoke(root(), sourceIdentity("alice"), "r"));
            assertThat(e.code()).isEqualTo(ServiceUnavailable);
            assertThat(e.getMessage()).contains("written but not confirmed in time");
        }
    }
}
