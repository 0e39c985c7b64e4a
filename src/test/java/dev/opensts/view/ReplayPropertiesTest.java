package dev.opensts.view;

import dev.opensts.error.AwsException;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.Aggregates;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.RoleCommand;
import dev.opensts.iam.RoleDecider;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserCommand;
import dev.opensts.iam.UserDecider;
import dev.opensts.iam.UserState;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Projection idempotence and determinism. Two writers issue commands against one role and one
 * user; each decides on its own replica, which may lag behind the log, and appends with the
 * version it saw, as the command bus does. Some appends are redelivered (producer retries). Every
 * replica that applies the resulting log, however often and from whichever snapshot, must reach
 * the same state as the reference: the fold of exactly the events whose expected version matched.
 */
class ReplayPropertiesTest {
    private static final String A = ACCOUNT;
    private static final String ROLE = StreamIds.role(A, "App");
    private static final String USER = StreamIds.user(A, "Alice");

    /** One step of one writer: which writer, how far its replica lags, what it asks, or a redelivery. */
    record Step(int writer, int lag, int command, boolean redeliver) {
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Step> step = Combinators.combine(
                Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 3),
                Arbitraries.integers().between(0, 13),
                Arbitraries.integers().between(0, 9).map(i -> i == 0)).as(Step::new);
        return step.list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 300)
    void every_replica_that_applies_the_same_log_reaches_the_same_state(@ForAll("steps") List<Step> steps) {
        List<EventEnvelope<IamEvent>> log = write(steps);

        LiveView first = replay(log);
        LiveView second = replay(log);

        assertThat(stateOf(first, log)).isEqualTo(stateOf(second, log)).isEqualTo(reference(log));
    }

    @Property(tries = 200)
    void replaying_the_log_again_changes_nothing(@ForAll("steps") List<Step> steps) {
        List<EventEnvelope<IamEvent>> log = write(steps);
        LiveView view = replay(log);
        var once = stateOf(view, log);

        for (EventEnvelope<IamEvent> e : log) {
            assertThat(view.apply(e)).as("every event is stale the second time").isFalse();
        }
        assertThat(stateOf(view, log)).isEqualTo(once);
    }

    @Property(tries = 200)
    void a_snapshot_then_a_redelivered_suffix_gives_the_same_state(@ForAll("steps") List<Step> steps,
                                                                  @ForAll @IntRange(max = 40) int snapshotAt,
                                                                  @ForAll @IntRange(max = 40) int rewind) {
        List<EventEnvelope<IamEvent>> log = write(steps);
        int cut = Math.min(snapshotAt, log.size());
        int from = Math.max(0, cut - rewind); // the consumer's offsets lag the snapshot: events come again

        LiveView prefix = replay(log.subList(0, cut));
        var snapshot = new HashMap<String, Stored>();
        for (String id : List.of(ROLE, USER)) {
            Versioned v = prefix.get(id);
            if (v.version() > 0) {
                snapshot.put(id, Stored.of(v.version(), v.state()));
            }
        }
        LiveView restarted = new LiveView();
        restarted.load(snapshot);
        log.subList(from, log.size()).forEach(restarted::apply);

        assertThat(stateOf(restarted, log)).isEqualTo(reference(log));
    }

    @Property(tries = 200)
    void a_duplicated_or_stale_event_changes_nothing(@ForAll("steps") List<Step> steps,
                                                    @ForAll @IntRange(max = 40) int which,
                                                    @ForAll @IntRange(max = 40) int insertAt) {
        List<EventEnvelope<IamEvent>> log = write(steps);
        if (log.isEmpty()) {
            return;
        }
        int i = which % log.size();
        int at = i + 1 + insertAt % (log.size() - i); // anywhere after the original
        var withDuplicate = new ArrayList<>(log);
        withDuplicate.add(at, log.get(i));

        assertThat(stateOf(replay(withDuplicate), log)).isEqualTo(stateOf(replay(log), log));
    }

    @Example
    void two_writers_race_to_create_the_role_and_exactly_one_creation_applies() {
        var a = envelope("a", 0, new dev.opensts.iam.RoleEvent.RoleCreated(A, "App", "AROA1", "/", TRUST, null, 3600,
                List.of(), T0));
        var b = envelope("b", 0, new dev.opensts.iam.RoleEvent.RoleCreated(A, "app", "AROA2", "/", TRUST, null, 3600,
                List.of(), T0));
        LiveView view = replay(List.of(a, b));
        assertThat(view.role(A, "App").roleId()).isEqualTo("AROA1");
        assertThat(view.get(ROLE).version()).isEqualTo(1);
    }

    // --- the writers ----------------------------------------------------------------------------

    private static List<EventEnvelope<IamEvent>> write(List<Step> steps) {
        var log = new ArrayList<EventEnvelope<IamEvent>>();
        int n = 0;
        for (Step s : steps) {
            n++;
            if (s.redeliver() && !log.isEmpty()) {
                log.add(log.get(log.size() - 1 - Math.min(s.lag(), log.size() - 1)));
                continue;
            }
            LiveView replica = replay(log.subList(0, Math.max(0, log.size() - s.lag())));
            try {
                if (s.command() < 9) {
                    RoleCommand c = roleCommand(s.command(), s.writer(), n);
                    long version = replica.get(ROLE).version();
                    for (var e : RoleDecider.decide(c, replica.role(A, "App"), dev.opensts.iam.Quotas.AWS)) {
                        log.add(envelope("w" + s.writer() + "-" + n + "-" + log.size(), version++, e));
                    }
                } else {
                    UserCommand c = userCommand(s.command() - 9, s.writer(), n, replica.user(A, "Alice"));
                    long version = replica.get(USER).version();
                    for (var e : UserDecider.decide(c, replica.user(A, "Alice"), dev.opensts.iam.Quotas.AWS)) {
                        log.add(envelope("w" + s.writer() + "-" + n + "-" + log.size(), version++, e));
                    }
                }
            } catch (AwsException refused) {
                // the writer's replica said no: nothing is appended
            }
        }
        return log;
    }

    private static RoleCommand roleCommand(int which, int writer, int n) {
        String name = writer == 0 ? "App" : "app";
        return switch (which) {
            case 0 -> new RoleCommand.CreateRole(A, name, "AROA" + writer + n, "/", TRUST, "w" + writer, 3600,
                    List.of(), T0);
            case 1 -> new RoleCommand.TagRole(A, name, List.of(new Tag(writer == 0 ? "Env" : "env", "v" + n)));
            case 2 -> new RoleCommand.UntagRole(A, name, List.of("ENV"));
            case 3 -> new RoleCommand.PutRolePolicy(A, name, "p" + writer, PERMISSIONS);
            case 4 -> new RoleCommand.DeleteRolePolicy(A, name, "p" + writer);
            case 5 -> new RoleCommand.AttachRolePolicy(A, name, managedArn(writer));
            case 6 -> new RoleCommand.DetachRolePolicy(A, name, managedArn(writer));
            case 7 -> new RoleCommand.UpdateRole(A, name, "d" + n, 3600 + n);
            default -> new RoleCommand.DeleteRole(A, name);
        };
    }

    private static UserCommand userCommand(int which, int writer, int n, UserState seen) {
        return switch (which) {
            case 0 -> new UserCommand.CreateUser(A, "Alice", "AIDA" + writer + n, "/", List.of(), T0);
            case 1, 2 -> new UserCommand.CreateAccessKey(A, "Alice", "AKIA" + writer + "X" + n, "k1.s" + n, T0);
            case 3 -> new UserCommand.DeleteAccessKey(A, "Alice",
                    seen == null || seen.accessKeys().isEmpty() ? "AKIANONE" : seen.accessKeys().getFirst().accessKeyId());
            default -> new UserCommand.DeleteUser(A, "Alice");
        };
    }

    // --- replicas and the reference -------------------------------------------------------------

    private static EventEnvelope<IamEvent> envelope(String id, long expectedVersion, IamEvent event) {
        return new EventEnvelope<>(id, event.streamId(), expectedVersion, T0, "opensts/test", null, event);
    }

    private static LiveView replay(List<EventEnvelope<IamEvent>> log) {
        var view = new LiveView();
        log.forEach(view::apply);
        return view;
    }

    /** Versions, states and access-key owners: everything a reader of the view can observe. */
    private static Map<String, Object> stateOf(LiveView view, List<EventEnvelope<IamEvent>> log) {
        var out = new LinkedHashMap<String, Object>();
        for (String id : List.of(ROLE, USER)) {
            Versioned v = view.get(id);
            out.put(id, Arrays.asList(v.version(), v.state()));
        }
        var keys = new TreeSet<String>();
        for (EventEnvelope<IamEvent> e : log) {
            if (e.event() instanceof dev.opensts.iam.UserEvent.AccessKeyCreated k) {
                keys.add(k.accessKeyId());
            }
        }
        for (String k : keys) {
            out.put(k, Objects.toString(view.accessKeyOwner(k)));
        }
        return out;
    }

    /** An independent fold of the version rule, without the live view. */
    private static Map<String, Object> reference(List<EventEnvelope<IamEvent>> log) {
        var versions = new HashMap<String, Long>();
        var states = new HashMap<String, AggregateState>();
        for (EventEnvelope<IamEvent> e : log) {
            long current = versions.getOrDefault(e.streamId(), 0L);
            if (current == e.expectedVersion()) {
                states.put(e.streamId(), Aggregates.evolve(states.get(e.streamId()), e.event()));
                versions.put(e.streamId(), current + 1);
            }
        }
        var out = new LinkedHashMap<String, Object>();
        for (String id : List.of(ROLE, USER)) {
            out.put(id, Arrays.asList(versions.getOrDefault(id, 0L), states.get(id)));
        }
        var keys = new TreeSet<String>();
        for (EventEnvelope<IamEvent> e : log) {
            if (e.event() instanceof dev.opensts.iam.UserEvent.AccessKeyCreated k) {
                keys.add(k.accessKeyId());
            }
        }
        UserState user = (UserState) states.get(USER);
        for (String k : keys) {
            boolean live = user != null && user.accessKey(k) != null;
            out.put(k, String.valueOf(live ? new KeyOwner(A, user.userName()) : null));
        }
        return out;
    }
}
