package dev.opensts.app.sts;

import dev.opensts.app.AppFixture;
import dev.opensts.app.AppFixture.Broker;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecord.Decision;
import dev.opensts.app.audit.AuditRecord.Response;
import dev.opensts.app.audit.AuditRecord.SessionContext;
import dev.opensts.app.audit.AuditRecord.SessionIssuer;
import dev.opensts.app.audit.AuditRecord.UserIdentity;
import dev.opensts.app.iam.RoleChange;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Effect;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.app.sts.StsFixture.callerOf;
import static dev.opensts.app.sts.StsFixture.req;
import static dev.opensts.app.sts.StsFixture.trust;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The audit trail of the issuing actions: every issuance and every denial is exactly one record on the AuditLog
 * port, with the typed fields docs/audit-events.md promises, and never a secret, a session token or an MFA code.
 * Then what an audit log that fails does to an issuance (fails closed) and to a denial (answered anyway).
 */
class StsAuditTest {
    static final String ROOT_ARN = "arn:aws:iam::123456789012:root";
    /** Trusts the account for everything a request may need; refuses the session name "intruder". */
    static final String AUDITED_TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":["
            + "{\"Sid\":\"TrustAccount\",\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"" + ROOT_ARN + "\"},"
            + "\"Action\":[\"sts:AssumeRole\",\"sts:TagSession\",\"sts:SetSourceIdentity\"]},"
            + "{\"Sid\":\"NoIntruders\",\"Effect\":\"Deny\",\"Principal\":{\"AWS\":\"*\"},\"Action\":\"sts:AssumeRole\","
            + "\"Condition\":{\"StringEquals\":{\"sts:RoleSessionName\":\"intruder\"}}}]}";

    final AppFixture app = new AppFixture();
    final StsFixture sts = new StsFixture(app);

    RoleState audited() {
        return sts.role("audited", AUDITED_TRUST);
    }

    /** The one record the last request produced (the test fails if there is not exactly one). */
    AuditRecord theRecord() {
        assertThat(app.audit.records()).hasSize(1);
        return app.audit.records().get(0);
    }

    static DecidingStatement statement(RoleState role, String sid, int index, Effect effect) {
        return new DecidingStatement(role.arn() + " trust policy", sid, index, effect);
    }

    /** Neither the secret nor the token of what was issued appears anywhere in the record. */
    static void holdsNoSecretOf(AuditRecord r, IssuedCredentials c) {
        assertThat(r.toString()).doesNotContain(c.claims().secretAccessKey()).doesNotContain(c.sessionToken());
    }

    @Nested
    class AGrantedAssumeRole {
        @Test
        void is_one_record_with_the_caller_the_parameters_and_what_was_issued_but_no_secret() {
            RoleState role = audited();
            String policy = allow("s3:GetObject", "*");
            app.clock.advance(Duration.ofMillis(5));

            IssuedCredentials c = await(app.sts.assumeRole(root(), req(role.arn(), "granted").duration(900)
                    .externalId("ext-1").policy(policy).tag("team", "blue").transitive("team")
                    .sourceIdentity("alice").build(), "req-1"));

            AuditRecord r = theRecord();
            SessionClaims s = c.claims();
            assertThat(r.eventName()).isEqualTo("AssumeRole");
            assertThat(r.type()).isEqualTo("dev.opensts.sts.AssumeRole");
            assertThat(r.requestId()).isEqualTo("req-1");
            assertThat(r.eventTime()).isEqualTo(T0.plusMillis(5));
            assertThat(r.recipientAccountId()).isEqualTo(ACCOUNT);
            assertThat(r.userIdentity()).isEqualTo(new UserIdentity("Root", ACCOUNT, ROOT_ARN, ACCOUNT,
                    root().accessKeyId(), null, null));
            assertThat(r.sourceIpAddress()).isEqualTo("192.0.2.1");
            assertThat(r.userAgent()).isEqualTo("test");
            var params = new LinkedHashMap<String, Object>();
            params.put("roleArn", role.arn());
            params.put("roleSessionName", "granted");
            params.put("durationSeconds", 900);
            params.put("externalId", "ext-1");
            params.put("policy", policy);
            params.put("tags", List.of(Map.of("key", "team", "value", "blue")));
            params.put("transitiveTagKeys", List.of("team"));
            params.put("sourceIdentity", "alice");
            assertThat(r.requestParameters()).containsExactlyEntriesOf(params);
            assertThat(r.responseElements()).isEqualTo(new Response(s.accessKeyId(), T0.plusSeconds(900),
                    s.principalId(), "arn:aws:sts::123456789012:assumed-role/audited/granted", c.packedPolicySize(),
                    "alice").elements());
            assertThat((Integer) r.responseElements().get("packedPolicySize")).isPositive();
            assertThat(r.errorCode()).isNull();
            assertThat(r.errorMessage()).isNull();
            assertThat(r.decision()).isEqualTo(Decision.Allow);
            assertThat(r.decidingStatements()).containsExactly(statement(role, "TrustAccount", 0, Effect.ALLOW));
            holdsNoSecretOf(r, c);
        }

        @Test
        void by_an_iam_user_names_it_as_iam_user() {
            RoleState role = audited();
            UserState dev = sts.user(root(), "dev", allow("sts:AssumeRole", "*"));

            IssuedCredentials c = sts.assumed(callerOf(dev), req(role.arn(), "dev"));

            assertThat(theRecord().userIdentity()).isEqualTo(new UserIdentity("IAMUser", dev.userId(), dev.arn(),
                    ACCOUNT, callerOf(dev).accessKeyId(), "dev", null));
            holdsNoSecretOf(theRecord(), c);
        }

        @Test
        void by_a_role_session_names_it_as_assumed_role_with_its_session_context() {
            RoleState role = audited();
            await(app.roles.change(root(), new RoleChange.UpdateTrustPolicy("audited",
                    trust(List.of(ROOT_ARN, role.arn()), "sts:AssumeRole", "sts:SetSourceIdentity")), "r"));
            await(app.roles.change(root(), new RoleChange.PutInlinePolicy("audited", "p",
                    allow("sts:AssumeRole", "*")), "r"));
            SessionClaims first = sts.assumed(root(), req(role.arn(), "hop1").sourceIdentity("alice")).claims();
            app.clock.advance(Duration.ofSeconds(10));
            Caller hop = AppFixture.callerOf(first);

            IssuedCredentials c = sts.assumed(hop, req(role.arn(), "hop2"));

            AuditRecord r = app.audit.records().get(1);
            assertThat(app.audit.records()).hasSize(2);
            assertThat(r.userIdentity()).isEqualTo(new UserIdentity("AssumedRole", role.roleId() + ":hop1",
                    "arn:aws:sts::123456789012:assumed-role/audited/hop1", ACCOUNT, first.accessKeyId(), null,
                    new SessionContext(new SessionIssuer(role.roleId(), role.arn(), ACCOUNT, "audited"), T0, false,
                            "alice")));
            assertThat(r.responseElements().get("sourceIdentity")).as("kept through the chain").isEqualTo("alice");
            holdsNoSecretOf(r, c);
            assertThat(r.toString()).as("nor the calling session's secret")
                    .doesNotContain(first.secretAccessKey());
        }

        @Test
        void by_a_users_getsessiontoken_session_names_it_as_iam_user_with_a_session_context_without_issuer() {
            RoleState role = audited();
            sts.user(root(), "dev", allow("sts:AssumeRole", "*"));
            Caller session = app.userSession("dev", false);

            sts.assumed(session, req(role.arn(), "s1"));

            UserIdentity id = theRecord().userIdentity();
            assertThat(id.type()).isEqualTo("IAMUser");
            assertThat(id.userName()).isEqualTo("dev");
            assertThat(id.accessKeyId()).isEqualTo(session.accessKeyId());
            assertThat(id.sessionContext()).isEqualTo(new SessionContext(null, T0, false, null));
        }

        @Test
        void of_a_role_of_another_account_is_keyed_by_the_roles_account() {
            RoleState theirs = sts.role(root(OTHER), "Theirs", "/", StsFixture.trusting(ROOT_ARN), null);

            sts.assumed(root(), req(theirs.arn(), "visit"));

            assertThat(theRecord().recipientAccountId()).isEqualTo(OTHER);
            assertThat(theRecord().userIdentity().accountId()).isEqualTo(ACCOUNT);
        }
    }

    @Nested
    class ADeniedAssumeRole {
        @Test
        void is_one_record_with_the_error_the_caller_got_and_no_response() {
            RoleState role = audited();
            UserState dev = sts.user(root(), "dev");

            AwsException e = sts.refused(callerOf(dev), req(role.arn(), "dev"));

            AuditRecord r = theRecord();
            assertThat(r.eventName()).isEqualTo("AssumeRole");
            assertThat(r.recipientAccountId()).isEqualTo(ACCOUNT);
            assertThat(r.userIdentity().type()).isEqualTo("IAMUser");
            assertThat(r.requestParameters()).containsExactly(Map.entry("roleArn", role.arn()),
                    Map.entry("roleSessionName", "dev"));
            assertThat(r.responseElements()).isNull();
            assertThat(r.errorCode()).isEqualTo("AccessDenied");
            assertThat(r.errorMessage()).isEqualTo(e.getMessage());
            assertThat(r.decision()).isEqualTo(Decision.Deny);
        }

        @Test
        void by_an_explicit_deny_names_the_deny_statement() {
            RoleState role = audited();

            sts.refused(root(), req(role.arn(), "intruder"));

            AuditRecord r = theRecord();
            assertThat(r.decision()).isEqualTo(Decision.ExplicitDeny);
            assertThat(r.decidingStatements()).containsExactly(statement(role, "NoIntruders", 1, Effect.DENY));
            assertThat(r.errorCode()).isEqualTo("AccessDenied");
        }

        @Test
        void of_an_unknown_role_of_another_account_is_keyed_by_the_account_the_arn_names() {
            sts.refused(root(), req("arn:aws:iam::210987654321:role/Ghost", "s1"));

            assertThat(theRecord().recipientAccountId()).isEqualTo(OTHER);
            assertThat(theRecord().errorCode()).isEqualTo("AccessDenied");
            assertThat(theRecord().decidingStatements()).isEmpty();
        }

        @Test
        void by_a_rule_after_the_trust_policy_allowed_is_a_deny_that_still_names_the_allowing_statement() {
            RoleState role = audited();

            sts.refused(root(), req(role.arn(), "s1").duration(3601));

            AuditRecord r = theRecord();
            assertThat(r.errorCode()).isEqualTo("ValidationError");
            assertThat(r.decision()).isEqualTo(Decision.Deny);
            assertThat(r.decidingStatements()).containsExactly(statement(role, "TrustAccount", 0, Effect.ALLOW));
        }

        @Test
        void records_the_mfa_serial_number_but_never_the_token_code() {
            RoleState role = audited();

            sts.refused(root(), req(role.arn(), "s1").mfa("arn:aws:iam::123456789012:mfa/root", "654321"));

            AuditRecord r = theRecord();
            assertThat(r.requestParameters()).containsEntry("serialNumber", "arn:aws:iam::123456789012:mfa/root")
                    .doesNotContainKey("tokenCode");
            assertThat(r.toString()).doesNotContain("654321");
        }
    }

    @Nested
    class EveryRequest {
        @Test
        void is_exactly_one_record_with_its_own_request_id_granted_or_denied() {
            RoleState role = audited();
            Caller dev = callerOf(sts.user(root(), "dev"));
            sts.user(root(), "ops");
            List<Runnable> requests = List.of(
                    () -> sts.assumed(root(), req(role.arn(), "ok")),
                    () -> sts.refused(dev, req(role.arn(), "untrusted")),
                    () -> sts.refused(root(), req(role.arn(), "intruder")),
                    () -> sts.refused(root(), req(roleArn("/", "Ghost"), "unknown")),
                    () -> sts.refused(root(), req(role.arn(), "long").duration(7200)),
                    () -> sts.refused(root(), req(role.arn(), "tags").tag("aws:x", "y1")),
                    () -> sts.refused(root(), req(role.arn(), "bad-policy").policy("{")),
                    () -> sts.refused(root(), req(role.arn(), "arns").policyArns(policyArn("/", "Missing"))),
                    () -> sts.refused(root(), req("arn:aws:s3:::bucket", "not-a-role")),
                    () -> await(app.sts.getSessionToken(app.user("ops"), new SessionTokenRequest(null, null, null),
                            "req-gst-ok")),
                    () -> failure(app.sts.getSessionToken(app.roleSession("audited", "s1"),
                            new SessionTokenRequest(null, null, null), "req-gst-denied")));

            for (int i = 0; i < requests.size(); i++) {
                requests.get(i).run();
                assertThat(app.audit.records()).as("after request %d", i).hasSize(i + 1);
            }
            assertThat(app.audit.records()).extracting(AuditRecord::requestId).doesNotHaveDuplicates();
            assertThat(app.audit.records()).extracting(AuditRecord::errorCode).containsExactly(null,
                    "AccessDenied", "AccessDenied", "AccessDenied", "ValidationError", "InvalidParameterValue",
                    "MalformedPolicyDocument", "MalformedPolicyDocument", "ValidationError", null, "AccessDenied");
        }

        @Test
        void refused_by_the_model_is_recorded_with_its_parameters_as_sent_but_the_protocols_and_the_token_code() {
            var sent = new LinkedHashMap<String, List<String>>();
            sent.put("Action", List.of("AssumeRole"));
            sent.put("Version", List.of("2011-06-15"));
            sent.put("X-Amz-Date", List.of("20260301T100000Z"));
            sent.put("RoleArn", List.of("arn:aws:iam::210987654321:role/x"));
            sent.put("RoleSessionName", List.of("bad/name"));
            sent.put("Policy", List.of("p".repeat(5000)));
            sent.put("TokenCode", List.of("123456"));
            var error = new AwsException(ErrorCode.ValidationError, "1 validation error detected");

            app.sts.rejected("AssumeRole", root(), "req-model", sent, error);

            AuditRecord r = theRecord();
            assertThat(r.eventName()).isEqualTo("AssumeRole");
            assertThat(r.requestId()).isEqualTo("req-model");
            assertThat(r.recipientAccountId()).as("the account the role ARN names").isEqualTo(OTHER);
            assertThat(r.requestParameters()).containsOnlyKeys("roleArn", "roleSessionName", "policy");
            assertThat(r.requestParameters().get("policy")).isEqualTo("p".repeat(2048));
            assertThat(r.errorCode()).isEqualTo("ValidationError");
            assertThat(r.decision()).isEqualTo(Decision.Deny);
        }

        @Test
        void refused_by_the_model_for_an_action_that_issues_nothing_is_not_recorded() {
            app.sts.rejected("GetCallerIdentity", root(), "r", Map.of(),
                    new AwsException(ErrorCode.ValidationError, "x"));
            assertThat(app.audit.records()).isEmpty();
        }
    }

    @Nested
    class GetSessionToken {
        @Test
        void granted_is_one_record_with_the_key_id_and_expiry_and_no_assumed_role_user() {
            UserState dev = sts.user(root(), "dev");

            IssuedCredentials c = await(app.sts.getSessionToken(callerOf(dev), new SessionTokenRequest(900, null,
                    null), "req-g"));

            AuditRecord r = theRecord();
            assertThat(r.eventName()).isEqualTo("GetSessionToken");
            assertThat(r.requestId()).isEqualTo("req-g");
            assertThat(r.userIdentity().type()).isEqualTo("IAMUser");
            assertThat(r.requestParameters()).containsExactly(Map.entry("durationSeconds", 900));
            assertThat(r.responseElements()).isEqualTo(new Response(c.claims().accessKeyId(), T0.plusSeconds(900),
                    null, null, null, null).elements());
            assertThat(r.decision()).isEqualTo(Decision.Allow);
            assertThat(r.decidingStatements()).isEmpty();
            holdsNoSecretOf(r, c);
        }

        @Test
        void by_the_root_names_it_as_root() {
            await(app.sts.getSessionToken(root(), new SessionTokenRequest(null, null, null), "r"));
            assertThat(theRecord().userIdentity().type()).isEqualTo("Root");
            assertThat(theRecord().requestParameters()).isEmpty();
        }

        @Test
        void denied_to_a_role_session_is_one_record_naming_it_as_assumed_role() {
            sts.role("App", TRUST);

            failure(app.sts.getSessionToken(app.roleSession("App", "s"), new SessionTokenRequest(null,
                    "arn:aws:iam::123456789012:mfa/x", "999999"), "req-d"));

            AuditRecord r = theRecord();
            assertThat(r.eventName()).isEqualTo("GetSessionToken");
            assertThat(r.userIdentity().type()).isEqualTo("AssumedRole");
            assertThat(r.userIdentity().sessionContext().sessionIssuer().userName()).isEqualTo("App");
            assertThat(r.errorCode()).isEqualTo("AccessDenied");
            assertThat(r.requestParameters()).containsOnlyKeys("serialNumber");
            assertThat(r.toString()).doesNotContain("999999");
        }
    }

    @Nested
    class WhenTheAuditLogFails {
        @Test
        void an_issuance_fails_closed_with_service_unavailable_and_hands_out_nothing() {
            RoleState role = audited();
            app.audit.broker(Broker.DOWN);

            AwsException e = sts.refused(root(), req(role.arn(), "s1"));

            assertThat(e.code()).isEqualTo(ServiceUnavailable);
            assertThat(e.getMessage()).contains("no credentials were issued");
            assertThat(app.audit.records()).as("the record was attempted").hasSize(1);
            assertThat(theRecord().errorCode()).as("it was the record of a grant").isNull();
        }

        @Test
        void a_getsessiontoken_fails_closed_too() {
            app.audit.broker(Broker.DOWN);
            assertThat(failure(app.sts.getSessionToken(root(), new SessionTokenRequest(null, null, null), "r"))
                    .code()).isEqualTo(ServiceUnavailable);
        }

        @Test
        void a_denial_is_answered_with_its_own_error_anyway() {
            RoleState role = audited();
            app.audit.broker(Broker.DOWN);

            AwsException e = sts.refused(root(), req(role.arn(), "intruder"));

            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(app.audit.records()).hasSize(1);
        }

        @Test
        void a_log_that_throws_instead_of_failing_is_a_failure_like_any_other() {
            RoleState role = audited();
            app.audit.broker(Broker.THROWS);

            assertThat(sts.refused(root(), req(role.arn(), "s1")).code()).as("the grant fails closed")
                    .isEqualTo(ServiceUnavailable);
            assertThat(sts.refused(root(), req(role.arn(), "intruder")).code()).as("the denial keeps its error")
                    .isEqualTo(AccessDenied);
            assertThat(app.audit.records()).hasSize(2);
        }

        @Test
        void without_acknowledged_audit_the_credentials_are_handed_out_anyway() {
            RoleState role = audited();
            app.audit.broker(Broker.DOWN);

            IssuedCredentials c = await(app.stsWithoutAck.assumeRole(root(), req(role.arn(), "s1").build(), "r"));

            assertThat(c.claims().roleArn()).isEqualTo(role.arn());
            assertThat(app.audit.records()).hasSize(1);
        }

        @Test
        void with_acknowledged_audit_the_credentials_wait_for_the_acknowledgement() {
            RoleState role = audited();
            var pending = new AtomicReference<UniEmitter<? super Void>>();
            var waiting = new Sts(app.assumeRole, app.assumeRoleWithWebIdentity, app.getSessionToken,
                    new Issuer(new dev.opensts.app.audit.Trail(record -> Uni.createFrom().<Void>emitter(pending::set),
                            app.auditRecords, 10, Runnable::run, reason -> { }), true), app.auditRecords, ACCOUNT,
                    ROOT_KEY_ID);

            var answer = waiting.assumeRole(root(), req(role.arn(), "s1").build(), "r")
                    .subscribe().withSubscriber(UniAssertSubscriber.create());

            assertThat(pending.get()).as("the record was sent").isNotNull();
            answer.assertNotTerminated();
            pending.get().complete(null);
            assertThat(answer.assertCompleted().getItem().claims().roleArn()).isEqualTo(role.arn());
        }
    }
}
