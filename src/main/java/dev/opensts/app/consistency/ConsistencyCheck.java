package dev.opensts.app.consistency;

import dev.opensts.iam.AggregateState;
import dev.opensts.iam.Aggregates;
import dev.opensts.iam.VersionRule;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocations;
import dev.opensts.view.Versioned;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import java.lang.reflect.RecordComponent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The consistency checker: folds the IAM event log afresh, with the same evolve function and version rule as the
 * live view, and compares every aggregate's version and state with this replica's live view and with PostgreSQL's
 * read model (the jsonb state of record and the compact snapshot a starting replica loads); the read model is
 * compared with the fold of exactly the records its projector had stored when it was read, so a projector that
 * is merely behind is not reported, while one that skipped a record is; and rebuilds the
 * revocation index from the revocation topic and compares it with this replica's. It changes nothing and runs
 * against a live deployment.
 *
 * <p>A replica under writes moves on while it is checked: an aggregate written after the replay read the log
 * looks different. So a first pass that finds differences is followed, after a pause, by a second one, and only
 * what differs in both is reported; an aggregate written during both passes may still be reported (check again).
 * The report names each differing aggregate, where it differs, both versions, both hashes and the fields that
 * differ; never a state itself (a user's holds its sealed secret keys).
 */
public final class ConsistencyCheck {
    private static final Logger LOG = Logger.getLogger(ConsistencyCheck.class);
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final EventLogReplay log;
    private final ReadModelRows readModel;
    private final LiveView view;
    private final Revocations revocations;
    private final Clock clock;
    private final Duration revocationRetention;
    private final Duration settle;
    private final AtomicReference<Report> last = new AtomicReference<>();

    public ConsistencyCheck(EventLogReplay log, ReadModelRows readModel, LiveView view, Revocations revocations,
                            Clock clock, Duration revocationRetention) {
        this(log, readModel, view, revocations, clock, revocationRetention, SETTLE);
    }

    ConsistencyCheck(EventLogReplay log, ReadModelRows readModel, LiveView view, Revocations revocations,
                     Clock clock, Duration revocationRetention, Duration settle) {
        this.log = log;
        this.readModel = readModel;
        this.view = view;
        this.revocations = revocations;
        this.clock = clock;
        this.revocationRetention = revocationRetention;
        this.settle = settle;
    }

    /** Where an aggregate or a revocation entry differs from the log. */
    public enum Where {
        /** this replica's live view */
        view,
        /** PostgreSQL's read model, the jsonb state of record */
        postgres,
        /** PostgreSQL's compact snapshot, what a starting replica loads */
        postgresSnapshot,
        /** this replica's revocation index */
        revocationIndex
    }

    /**
     * One difference.
     *
     * @param key             the stream id, or the revocation index's entry key
     * @param expectedVersion the log's (for revocation entries: 0)
     * @param expectedHash    a hash of the log's state or entry ("absent" when the log has none)
     * @param fields          the state's fields that differ, when both exist
     */
    public record Difference(Where where, String key, long expectedVersion, long actualVersion, String expectedHash,
                             String actualHash, List<String> fields) {
    }

    /**
     * What a check found.
     *
     * @param aggregates         aggregates compared (the union of the log's, the view's and the read model's)
     * @param revocationEntries  entries of the rebuilt revocation index compared
     * @param undecodableRecords records no codec could read (skipped, as the view skips them)
     */
    public record Report(Instant checkedAt, long iamRecords, long revocationRecords, int aggregates,
                         int revocationEntries, long undecodableRecords, List<Difference> differences) {
        public boolean consistent() {
            return differences.isEmpty();
        }
    }

    /** Runs a check on a worker thread. */
    public Uni<Report> run() {
        return Uni.createFrom().item(this::check).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    /** The last report, or null before the first check. */
    public Report last() {
        return last.get();
    }

    /** Runs a check; blocking. */
    public Report check() {
        Report first = pass();
        Report result = first;
        if (!first.consistent()) {
            sleep(settle);
            Report second = pass();
            Set<String> before = new java.util.HashSet<>();
            first.differences().forEach(d -> before.add(d.where() + " " + d.key()));
            List<Difference> both = second.differences().stream()
                    .filter(d -> before.contains(d.where() + " " + d.key())).toList();
            result = new Report(second.checkedAt(), second.iamRecords(), second.revocationRecords(),
                    second.aggregates(), second.revocationEntries(), second.undecodableRecords(), both);
        }
        last.set(result);
        if (result.consistent()) {
            LOG.infof("consistency check: %d aggregates and %d revocation entries agree with the logs",
                    result.aggregates(), result.revocationEntries());
        } else {
            LOG.warnf("consistency check: %d differences: %s", result.differences().size(),
                    result.differences().stream().limit(20).map(d -> d.where() + " " + d.key()).toList());
        }
        return result;
    }

    private Report pass() {
        Instant now = clock.instant();
        // PostgreSQL first: its rows and offsets are one snapshot, and the log read after it holds all it covers
        ReadModelRows.ReadModel model = readModel.read();
        Map<String, ReadModelRows.Row> rows = model.rows();
        Map<String, Versioned> folded = new HashMap<>();
        // the fold of the records the projector had stored when PostgreSQL was read: what the read model must be
        Map<String, Versioned> projected = new HashMap<>();
        var iam = log.replayIam(positioned -> {
            fold(folded, positioned.envelope());
            if (positioned.offset() < model.nextOffsets().getOrDefault(positioned.partition(), 0L)) {
                fold(projected, positioned.envelope());
            }
        });
        Set<String> ids = new TreeSet<>(folded.keySet());
        ids.addAll(view.streamIds());
        ids.addAll(rows.keySet());

        List<Difference> differences = new ArrayList<>();
        for (String id : ids) {
            Versioned expected = folded.getOrDefault(id, Versioned.ABSENT);
            Versioned live = view.get(id);
            compare(differences, Where.view, id, expected, live.version(), live.state());
            ReadModelRows.Row row = rows.get(id);
            Versioned inPostgres = projected.getOrDefault(id, Versioned.ABSENT);
            if (row == null) {
                if (inPostgres.version() > 0) {
                    differences.add(new Difference(Where.postgres, id, inPostgres.version(), 0, hash(inPostgres),
                            "absent", List.of()));
                }
            } else {
                expected = inPostgres;
                if (row.stateReadable()) {
                    compare(differences, Where.postgres, id, expected, row.version(), row.state());
                } else {
                    differences.add(new Difference(Where.postgres, id, expected.version(), row.version(),
                            hash(expected), "unreadable", List.of()));
                }
                if (!row.snapshotReadable()) {
                    differences.add(new Difference(Where.postgresSnapshot, id, expected.version(), row.version(),
                            hash(expected), "unreadable", List.of()));
                } else if (row.snapshot() != null) {
                    compare(differences, Where.postgresSnapshot, id, expected, row.version(), row.snapshot());
                }
            }
        }

        Revocations rebuilt = new Revocations();
        var revoked = log.replayRevocations(now.minus(revocationRetention),
                (envelope, recordTime) -> rebuilt.apply(envelope, recordTime, now));
        SortedMap<String, String> expectedEntries = unexpired(rebuilt.entries(), now);
        SortedMap<String, String> liveEntries = unexpired(revocations.entries(), now);
        Set<String> keys = new LinkedHashSet<>(expectedEntries.keySet());
        keys.addAll(liveEntries.keySet());
        for (String key : keys) {
            String want = expectedEntries.get(key);
            String have = liveEntries.get(key);
            if (!Objects.equals(want, have)) {
                differences.add(new Difference(Where.revocationIndex, key, 0, 0, want == null ? "absent" : want,
                        have == null ? "absent" : have, List.of()));
            }
        }
        return new Report(now, iam.records(), revoked.records(), ids.size(), expectedEntries.size(),
                iam.undecodable() + revoked.undecodable(), List.copyOf(differences));
    }

    /** Applies one event as the live view does: the version rule, then the aggregate's evolve function. */
    private static void fold(Map<String, Versioned> states, dev.opensts.iam.EventEnvelope<dev.opensts.iam.IamEvent> e) {
        Versioned current = states.getOrDefault(e.streamId(), Versioned.ABSENT);
        if (VersionRule.applies(current.version(), e)) {
            AggregateState next = Aggregates.evolve(current.state(), e.event());
            states.put(e.streamId(), new Versioned(VersionRule.next(current.version()), next));
        }
    }

    private static void compare(List<Difference> out, Where where, String id, Versioned expected, long version,
                                AggregateState state) {
        if (expected.version() != version || !Objects.equals(expected.state(), state)) {
            out.add(new Difference(where, id, expected.version(), version, hash(expected),
                    hash(new Versioned(version, state)), fields(expected.state(), state)));
        }
    }

    /** A short hash of a version and state: records hash their contents, collections theirs regardless of order. */
    static String hash(Versioned v) {
        if (v.state() == null) {
            return v.version() == 0 ? "absent" : "deleted";
        }
        return String.format("%08x", v.state().hashCode());
    }

    /** The record components in which two states of one kind differ; empty when either is missing. */
    static List<String> fields(AggregateState a, AggregateState b) {
        if (a == null || b == null || a.getClass() != b.getClass() || !a.getClass().isRecord()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (RecordComponent c : a.getClass().getRecordComponents()) {
            try {
                if (!Objects.equals(c.getAccessor().invoke(a), c.getAccessor().invoke(b))) {
                    out.add(c.getName());
                }
            } catch (ReflectiveOperationException e) {
                out.add(c.getName());
            }
        }
        return out;
    }

    /** Entries whose expiry ("..EPOCHMILLIS" at the end) has not passed. */
    private static SortedMap<String, String> unexpired(SortedMap<String, String> entries, Instant now) {
        SortedMap<String, String> out = new TreeMap<>();
        long t = now.toEpochMilli();
        entries.forEach((k, v) -> {
            long expires = Long.parseLong(v.substring(v.lastIndexOf("..") + 2));
            if (expires > t) {
                out.put(k, v);
            }
        });
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
