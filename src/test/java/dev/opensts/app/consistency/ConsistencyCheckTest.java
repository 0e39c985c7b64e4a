package dev.opensts.app.consistency;

import dev.opensts.app.AppFixture;
import dev.opensts.app.iam.Roles;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.RoleState;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;
import dev.opensts.view.Versioned;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static dev.opensts.app.AppFixture.ACCOUNT;
import static dev.opensts.app.AppFixture.TRUST;
import static dev.opensts.app.AppFixture.await;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The checker against in-memory ports: the fixture's event log and revocation log as the topics, a read model
 * built from the view (then damaged on purpose), and views that disagree with the log.
 */
class ConsistencyCheckTest {
    final AppFixture app = new AppFixture();
    /** The read model: each aggregate of the view as PostgreSQL would hold it, jsonb and snapshot alike. */
    final Map<String, ReadModelRows.Row> rows = new HashMap<>();
    /** The projector's stored next offset of the (one) partition. */
    long projectedUpTo = Long.MAX_VALUE;

    final EventLogReplay replay = new EventLogReplay() {
        @Override
        public Replayed replayIam(Consumer<Positioned> sink) {
            List<EventEnvelope<IamEvent>> all = app.events.envelopes();
            for (int i = 0; i < all.size(); i++) {
                sink.accept(new Positioned(all.get(i), 0, i));
            }
            return new Replayed(all.size(), 0);
        }

        @Override
        public Replayed replayRevocations(Instant since, BiConsumer<EventEnvelope<Revocation>, Instant> sink) {
            var all = app.revocationLog.appended();
            all.stream().filter(a -> !a.recordTime().isBefore(since)).forEach(a -> sink.accept(a.envelope(), a.recordTime()));
            return new Replayed(all.size(), 0);
        }
    };

    ConsistencyCheck checker(dev.opensts.view.LiveView view, Revocations index) {
        return new ConsistencyCheck(replay, () -> new ReadModelRows.ReadModel(Map.copyOf(rows), Map.of(0, projectedUpTo)),
                view, index, app.clock, Duration.ofHours(48), Duration.ZERO);
    }

    @BeforeEach
    void someHistory() {
        await(app.roles.create(AppFixture.root(), new Roles.NewRole("app", "/", TRUST, null, null, List.of(), null), "r1"));
        await(app.roles.create(AppFixture.root(), new Roles.NewRole("gone", "/", TRUST, null, null, List.of(), null), "r2"));
        await(app.roles.change(AppFixture.root(), new dev.opensts.app.iam.RoleChange.Delete("gone"), "r3"));
        await(app.revokeSessions.revoke(AppFixture.root(), new RevokeSessions.Request(
                "arn:aws:iam::" + ACCOUNT + ":role/app", null, null, null, null), "r4"));
        for (String id : app.view.streamIds()) {
            Versioned v = app.view.get(id);
            rows.put(id, new ReadModelRows.Row(v.version(), v.state(), v.state()));
        }
    }

    static String roleId(String name) {
        return "arn:aws:iam::" + ACCOUNT + ":role/" + name;
    }

    @Test
    void anAgreeingReplicaIsConsistent() {
        ConsistencyCheck.Report r = checker(app.view, app.revocations).check();
        assertThat(r.consistent()).as(r.differences().toString()).isTrue();
        assertThat(r.aggregates()).isEqualTo(app.view.streamIds().size()).isEqualTo(2); // app, and gone (deleted)
        assertThat(r.iamRecords()).isEqualTo(app.events.envelopes().size());
        assertThat(r.revocationEntries()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDamagedReadModelIsReportedRowByRowAndFormByForm() {
        String app1 = streamOf("app");
        String gone = streamOf("gone");
        ReadModelRows.Row row = rows.get(app1);
        RoleState state = (RoleState) row.state();
        RoleState altered = new RoleState(state.accountId(), state.roleName(), state.roleId(), state.path(),
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}", state.description(), state.maxSessionDuration(),
                state.tags(), state.createDate(), state.inlinePolicies(), state.attachedPolicyArns(),
                state.permissionsBoundary(), state.trustPrincipalIds());
        rows.put(app1, new ReadModelRows.Row(row.version(), altered, row.snapshot()));
        rows.remove(gone);

        ConsistencyCheck.Report r = checker(app.view, app.revocations).check();

        assertThat(r.consistent()).isFalse();
        assertThat(r.differences()).extracting(d -> d.where() + " " + d.key())
                .containsExactlyInAnyOrder("postgres " + app1, "postgres " + gone);
        var changed = r.differences().stream().filter(d -> d.key().equals(app1)).findFirst().orElseThrow();
        assertThat(changed.fields()).containsExactly("trustPolicy");
        assertThat(changed.expectedVersion()).isEqualTo(changed.actualVersion());
        assertThat(changed.expectedHash()).isNotEqualTo(changed.actualHash());
        var missing = r.differences().stream().filter(d -> d.key().equals(gone)).findFirst().orElseThrow();
        assertThat(missing.actualHash()).isEqualTo("absent");
        assertThat(missing.expectedHash()).isEqualTo("deleted");

        // a snapshot that does not decode, and one behind its row
        rows.put(app1, new ReadModelRows.Row(row.version(), row.state(), null, true, false));
        rows.put(gone, new ReadModelRows.Row(1, null, state));
        r = checker(app.view, app.revocations).check();
        assertThat(r.differences()).extracting(d -> d.where() + " " + d.key()).containsExactlyInAnyOrder(
                "postgresSnapshot " + app1, "postgres " + gone, "postgresSnapshot " + gone);
    }

    @Test
    void aProjectorThatIsMerelyBehindIsNotReportedOneThatSkippedARecordIs() {
        // the read model as the projector left it after the first two records: the deletion not projected yet
        List<EventEnvelope<IamEvent>> all = app.events.envelopes();
        var partial = new dev.opensts.view.LiveView();
        all.subList(0, all.size() - 1).forEach(partial::apply);
        String gone = streamOf("gone");
        Versioned before = partial.get(gone);
        rows.put(gone, new ReadModelRows.Row(before.version(), before.state(), before.state()));
        projectedUpTo = all.size() - 1;
        assertThat(checker(app.view, app.revocations).check().consistent()).isTrue();

        // the projector says it stored the deletion, but the row is still the old one: a lost write
        projectedUpTo = all.size();
        var r = checker(app.view, app.revocations).check();
        assertThat(r.differences()).extracting(d -> d.where() + " " + d.key())
                .containsExactlyInAnyOrder("postgres " + gone, "postgresSnapshot " + gone);
    }

    @Test
    void aViewThatMissedAnEventOrHoldsOneTheLogHasNotIsReported() {
        var behind = new dev.opensts.view.LiveView();
        List<EventEnvelope<IamEvent>> all = app.events.envelopes();
        all.subList(0, all.size() - 1).forEach(behind::apply); // missed the last (the deletion)
        var r = checker(behind, app.revocations).check();
        assertThat(r.differences()).extracting(d -> d.where() + " " + d.key())
                .containsExactly("view " + streamOf("gone"));
        assertThat(r.differences().get(0).actualVersion()).isEqualTo(r.differences().get(0).expectedVersion() - 1);
    }

    @Test
    void aRevocationIndexThatMissedARevocationIsReported() {
        var r = checker(app.view, new Revocations()).check();
        assertThat(r.differences()).isNotEmpty().allSatisfy(d -> {
            assertThat(d.where()).isEqualTo(ConsistencyCheck.Where.revocationIndex);
            assertThat(d.actualHash()).isEqualTo("absent");
        });
        assertThat(r.differences()).extracting(ConsistencyCheck.Difference::key).anyMatch(k -> k.startsWith("role "));
    }

    @Test
    void theFieldsOfTwoStatesThatDifferAreNamed() {
        RoleState a = (RoleState) app.view.get(streamOf("app")).state();
        RoleState b = new RoleState(a.accountId(), a.roleName(), a.roleId(), "/other/", a.trustPolicy(), "changed",
                a.maxSessionDuration(), a.tags(), a.createDate(), a.inlinePolicies(), a.attachedPolicyArns(),
                a.permissionsBoundary(), a.trustPrincipalIds());
        assertThat(ConsistencyCheck.fields(a, b)).containsExactly("path", "description");
        assertThat(ConsistencyCheck.fields(a, (AggregateState) null)).isEmpty();
    }

    private String streamOf(String roleName) {
        List<String> ids = new ArrayList<>(app.view.streamIds());
        return ids.stream().filter(id -> id.endsWith(":role/" + roleName)).findFirst().orElseThrow();
    }
}
