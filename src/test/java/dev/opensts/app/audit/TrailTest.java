package dev.opensts.app.audit;

import dev.opensts.app.AppFixture;
import dev.opensts.app.AppFixture.Broker;
import dev.opensts.app.Caller;
import dev.opensts.app.iam.Roles;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.RoleState;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import io.smallrye.mutiny.subscription.UniEmitter;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static dev.opensts.app.AppFixture.ACCOUNT;
import static dev.opensts.app.AppFixture.TRUST;
import static dev.opensts.app.AppFixture.await;
import static dev.opensts.app.AppFixture.root;
import static dev.opensts.app.AppFixture.userCreated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The trail's two paths: a granted write answers only once its record is acknowledged and fails closed with
 * ServiceUnavailable when it cannot be; reads and refusals are recorded through a bounded buffer and answer
 * whatever the broker does, what is dropped being counted by reason.
 */
class TrailTest {
    private final AppFixture app = new AppFixture();

    private static Roles.NewRole role(String name) {
        return new Roles.NewRole(name, null, TRUST, null, null, List.of(), null);
    }

    private Uni<RoleState> createRole(Caller c, String name, String rid) {
        Call call = Call.of(AuditRecord.Service.iam, "CreateRole", rid, c, null, Map.of("roleName", name));
        return app.trail.run(call, () -> app.roles.create(c, role(name), rid),
                r -> new Trail.Outcome(Map.of("role", Map.of("arn", r.arn())), Map.of(), null));
    }

    private Uni<RoleState> getRole(Trail trail, Caller c, String name, String rid) {
        Call call = Call.of(AuditRecord.Service.iam, "GetRole", rid, c, null, Map.of("roleName", name));
        return trail.run(call, () -> app.roles.get(c, name), r -> Trail.Outcome.NONE);
    }

    private AuditRecord last() {
        List<AuditRecord> records = app.audit.records();
        assertThat(records).isNotEmpty();
        return records.get(records.size() - 1);
    }

    @Nested
    class The_write_path {
        @Test
        void a_granted_change_answers_only_once_its_record_is_acknowledged() {
            var pending = new AtomicReference<UniEmitter<? super Void>>();
            var published = new ArrayList<AuditRecord>();
            var trail = new Trail(r -> {
                published.add(r);
                return Uni.createFrom().<Void>emitter(pending::set);
            }, app.auditRecords, 10, Runnable::run, reason -> { });
            Call call = Call.of(AuditRecord.Service.iam, "CreateRole", "r1", root(), null, Map.of("roleName", "App"));

            var answer = trail.run(call, () -> app.roles.create(root(), role("App"), "r1"),
                    r -> new Trail.Outcome(Map.of("role", Map.of("arn", r.arn())), Map.of(), null))
                    .subscribe().withSubscriber(UniAssertSubscriber.create());

            assertThat(published).singleElement().satisfies(r -> {
                assertThat(r.eventName()).isEqualTo("CreateRole");
                assertThat(r.readOnly()).isFalse();
                assertThat(r.responseElements()).isEqualTo(Map.of("role",
                        Map.of("arn", "arn:aws:iam::" + ACCOUNT + ":role/App")));
                assertThat(r.resources()).containsExactly(new AuditRecord.Resource(
                        "arn:aws:iam::" + ACCOUNT + ":role/App", ACCOUNT, "AWS::IAM::Role"));
            });
            answer.assertNotTerminated();
            pending.get().complete(null);
            assertThat(answer.assertCompleted().getItem().roleName()).isEqualTo("App");
        }

        @Test
        void a_granted_change_whose_record_cannot_be_written_is_service_unavailable_though_it_was_applied() {
            app.audit.broker(Broker.DOWN);

            assertThatThrownBy(() -> await(createRole(root(), "App", "r1")))
                    .isInstanceOfSatisfying(AwsException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.ServiceUnavailable);
                        assertThat(e.getMessage()).contains("may nevertheless have been applied").contains("r1");
                    });
            assertThat(app.audit.records()).as("the record was attempted").hasSize(1);
            assertThat(app.view.role(ACCOUNT, "App")).as("the change stands").isNotNull();
        }

        @Test
        void without_acknowledged_audit_a_change_answers_whatever_the_broker_does() {
            app.audit.broker(Broker.DOWN);
            var trail = new Trail(app.audit, app.auditRecords, 10, Runnable::run, app.dropped::add, false);
            Call call = Call.of(AuditRecord.Service.iam, "CreateRole", "r1", root(), null, Map.of("roleName", "App"));

            RoleState created = await(trail.run(call, () -> app.roles.create(root(), role("App"), "r1"),
                    r -> Trail.Outcome.NONE));

            assertThat(created.roleName()).isEqualTo("App");
            assertThat(last().eventName()).isEqualTo("CreateRole");
            assertThat(app.dropped).containsExactly("publish_failed");
        }

        @Test
        void an_adapter_that_throws_fails_closed_too() {
            app.audit.broker(Broker.THROWS);

            assertThatThrownBy(() -> await(createRole(root(), "App", "r1")))
                    .isInstanceOfSatisfying(AwsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.ServiceUnavailable));
        }

        @Test
        void a_signature_refused_before_authentication_is_recorded_with_the_code_the_caller_got() {
            Throwable refused = org.assertj.core.api.Assertions.catchThrowable(() -> dev.opensts.sigv4.SigV4Parser.parse(
                    new dev.opensts.sigv4.HttpRequestView("POST", "/", "", List.of(Map.entry("authorization",
                            "AWS4-HMAC-SHA256 Credential=garbage")), new byte[0])));
            assertThat(refused).isInstanceOf(dev.opensts.sigv4.SigV4Exception.class);
            String code = ((dev.opensts.sigv4.SigV4Exception) refused).code();

            AuditRecord r = app.auditRecords.failed(new Call(AuditRecord.Service.opensts, "GetEntityHistory", "r1",
                    AuditRecords.unknown(null), AuditRecords.NO_ACCOUNT, "127.0.0.1", "test", null, null, Map.of()),
                    refused);

            assertThat(r.errorCode()).isEqualTo(code).isNotEqualTo("ServiceFailure");
            assertThat(r.errorMessage()).isEqualTo(refused.getMessage());
        }

        @Test
        void a_refused_change_keeps_its_own_error_and_takes_the_read_path() {
            app.given(userCreated("dave", "/"));
            app.audit.broker(Broker.DOWN);

            assertThatThrownBy(() -> await(createRole(app.user("dave"), "App", "r2")))
                    .isInstanceOfSatisfying(AwsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.AccessDenied));
            AuditRecord r = last();
            assertThat(r.errorCode()).isEqualTo("AccessDenied");
            assertThat(r.decision()).isEqualTo(AuditRecord.Decision.Deny);
            assertThat(r.userIdentity().arn()).isEqualTo("arn:aws:iam::" + ACCOUNT + ":user/dave");
            assertThat(r.responseElements()).isNull();
            assertThat(app.dropped).containsExactly("publish_failed");
        }
    }

    @Nested
    class The_read_path {
        @Test
        void a_read_answers_while_the_broker_is_down_and_its_dropped_record_is_counted() {
            await(createRole(root(), "App", "r1"));
            app.audit.broker(Broker.DOWN);

            assertThat(await(getRole(app.trail, root(), "App", "r2")).roleName()).isEqualTo("App");
            AuditRecord r = last();
            assertThat(r.eventName()).isEqualTo("GetRole");
            assertThat(r.readOnly()).isTrue();
            assertThat(r.responseElements()).isNull();
            assertThat(app.dropped).containsExactly("publish_failed");
        }

        @Test
        void a_read_answers_when_the_adapter_throws() {
            await(createRole(root(), "App", "r1"));
            app.audit.broker(Broker.THROWS);

            assertThat(await(getRole(app.trail, root(), "App", "r2")).roleName()).isEqualTo("App");
            assertThat(app.dropped).containsExactly("publish_failed");
        }

        @Test
        void a_failed_read_is_recorded_with_its_error() {
            assertThatThrownBy(() -> await(getRole(app.trail, root(), "Nobody", "r3")))
                    .isInstanceOfSatisfying(AwsException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.NoSuchEntity));
            AuditRecord r = last();
            assertThat(r.errorCode()).isEqualTo("NoSuchEntity");
            assertThat(r.readOnly()).isTrue();
            assertThat(r.decision()).as("no policy decision to report").isNull();
        }

        @Test
        void a_full_buffer_drops_and_counts_instead_of_waiting() {
            await(createRole(root(), "App", "r1"));
            var dropped = new ArrayList<String>();
            var sent = new ArrayList<AuditRecord>();
            // a broker that never answers: the first record stays pending, the buffer (1) is full
            var trail = new Trail(r -> {
                sent.add(r);
                return Uni.createFrom().<Void>emitter(e -> { });
            }, app.auditRecords, 1, Runnable::run, dropped::add);

            assertThat(await(getRole(trail, root(), "App", "a")).roleName()).isEqualTo("App");
            assertThat(await(getRole(trail, root(), "App", "b")).roleName()).isEqualTo("App");
            assertThat(await(getRole(trail, root(), "App", "c")).roleName()).isEqualTo("App");

            assertThat(sent).extracting(AuditRecord::requestId).containsExactly("a");
            assertThat(dropped).containsExactly("buffer_full", "buffer_full");
            assertThat(trail.pending()).isEqualTo(1);
        }

        @Test
        void the_buffer_frees_its_room_once_the_broker_answers() {
            var emitters = new ArrayList<UniEmitter<? super Void>>();
            var dropped = new ArrayList<String>();
            var trail = new Trail(r -> Uni.createFrom().<Void>emitter(emitters::add), app.auditRecords, 1, Runnable::run,
                    dropped::add);
            Call call = Call.of(AuditRecord.Service.sts, "GetCallerIdentity", "x", root(), null, Map.of());

            trail.read(call, Trail.Outcome.NONE);
            emitters.get(0).complete(null);
            trail.read(call, Trail.Outcome.NONE);

            assertThat(emitters).hasSize(2);
            assertThat(dropped).isEmpty();
        }
    }

    @Test
    void each_record_has_its_own_event_id_and_the_ids_are_uuids() {
        Call call = Call.of(AuditRecord.Service.sts, "GetCallerIdentity", "x", root(), null, Map.of());
        app.trail.read(call, Trail.Outcome.NONE);
        app.trail.read(call, Trail.Outcome.NONE);

        assertThat(app.audit.records()).extracting(AuditRecord::eventId).doesNotHaveDuplicates()
                .allSatisfy(id -> assertThat(java.util.UUID.fromString(id).version()).isEqualTo(4));
        assertThat(app.audit.records()).extracting(AuditRecord::requestId).containsOnly("x");
    }

    @Test
    void what_reads_and_what_writes() {
        assertThat(AuditRecords.readOnly("GetRole")).isTrue();
        assertThat(AuditRecords.readOnly("ListRoles")).isTrue();
        assertThat(AuditRecords.readOnly("GetCallerIdentity")).isTrue();
        assertThat(AuditRecords.readOnly("DescribePodIdentityAssociation")).isTrue();
        assertThat(AuditRecords.readOnly("Authorize")).isTrue();
        assertThat(AuditRecords.readOnly("GetSessionToken")).as("issues credentials").isFalse();
        assertThat(AuditRecords.readOnly("AssumeRole")).isFalse();
        assertThat(AuditRecords.readOnly("RevokeSessions")).isFalse();
        assertThat(AuditRecords.readOnly("CreateAccount")).isFalse();
    }
}
