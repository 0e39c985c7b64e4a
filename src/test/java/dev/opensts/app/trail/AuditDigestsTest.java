package dev.opensts.app.trail;

import dev.opensts.app.AppFixture;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import static dev.opensts.app.AppFixture.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuditDigestsTest {
    final AppFixture app = new AppFixture();
    final Rows index = new Rows();
    final AuditDigests digests = new AuditDigests(index, app.keyRing, app.clock, Duration.ofMinutes(1),
            Duration.ofSeconds(30));

    /** Rows and digests in memory. */
    static final class Rows extends LookupEventsTest.FakeIndex {
        final List<IndexedRecord> rows = new ArrayList<>();
        final List<Digest> stored = new ArrayList<>();

        @Override
        public Uni<List<IndexedRecord>> records(Instant from, Instant to) {
            return Uni.createFrom().item(rows.stream().filter(r -> !r.eventTime().isBefore(from)
                            && r.eventTime().isBefore(to))
                    .sorted(Comparator.comparing(IndexedRecord::eventTime).thenComparing(IndexedRecord::eventId))
                    .toList());
        }

        @Override
        public Uni<Instant> earliestEventTime() {
            return Uni.createFrom().item(rows.stream().map(IndexedRecord::eventTime).min(Comparator.naturalOrder())
                    .orElse(null));
        }

        @Override
        public Uni<Digest> lastDigest() {
            return Uni.createFrom().item(stored.isEmpty() ? null : stored.get(stored.size() - 1));
        }

        @Override
        public Uni<Boolean> storeDigest(Digest digest) {
            return Uni.createFrom().item(stored.add(digest));
        }

        @Override
        public Uni<List<Digest>> digests(Instant from, Instant to) {
            // as the store selects them: windows overlapping (from, to)
            return Uni.createFrom().item(stored.stream().filter(d -> d.windowEnd().isAfter(from)
                    && d.windowStart().isBefore(to)).toList());
        }
    }

    @Test
    void closedWindowsAreDigestedOnceAndChained() {
        index.rows.add(new IndexedRecord("a", T0.minusSeconds(200), "{\"n\":1}"));
        index.rows.add(new IndexedRecord("b", T0.minusSeconds(100), "{\"n\":2}"));
        index.rows.add(new IndexedRecord("c", T0.minusSeconds(10), "{\"n\":3}"));
        // windows of a minute from the first record's; the last one, still within the grace, waits
        assertThat(AppFixture.await(digests.digestClosedWindows())).isEqualTo(3);
        assertThat(index.stored).extracting(Digest::recordCount).containsExactly(1, 0, 1);
        assertThat(index.stored.get(0).previousDigest()).isEmpty();
        assertThat(index.stored.get(1).previousDigest()).isEqualTo(index.stored.get(0).digest());
        assertThat(AppFixture.await(digests.digestClosedWindows())).isZero();
        assertThat(AppFixture.await(digests.verify(T0.minusSeconds(3600), T0)).intact()).isTrue();
    }

    /** The digest topic, in memory: what was published, and whether the next publication fails. */
    static final class Published implements DigestLog {
        final List<Digest> digests = new ArrayList<>();
        boolean failNext;

        @Override
        public Uni<Void> publish(Digest digest) {
            if (failNext) {
                failNext = false;
                return Uni.createFrom().failure(new IllegalStateException("broker away"));
            }
            digests.add(digest);
            return Uni.createFrom().voidItem();
        }
    }

    @Test
    void everyStoredDigestIsPublishedOnceInWindowOrderEvenFromAnIndexOlderThanADay() {
        var topic = new Published();
        var publishing = new AuditDigests(index, app.keyRing, app.clock, Duration.ofHours(1), Duration.ofMinutes(5),
                topic);
        index.rows.add(new IndexedRecord("old", T0.minus(Duration.ofDays(3)), "{\"n\":1}"));
        index.rows.add(new IndexedRecord("new", T0.minus(Duration.ofHours(2)), "{\"n\":2}"));
        int digested = AppFixture.await(publishing.digestClosedWindows());
        assertThat(digested).isGreaterThan(60);
        assertThat(topic.digests).containsExactlyElementsOf(index.stored);
        assertThat(AppFixture.await(publishing.digestClosedWindows())).isZero();
        assertThat(topic.digests).hasSize(digested);
    }

    @Test
    void aFailedPublicationIsTriedAgainAtTheNextRunAndNothingIsPublishedTwice() {
        var topic = new Published();
        var publishing = new AuditDigests(index, app.keyRing, app.clock, Duration.ofMinutes(1),
                Duration.ofSeconds(30), topic);
        index.rows.add(new IndexedRecord("a", T0.minusSeconds(200), "{\"n\":1}"));
        index.rows.add(new IndexedRecord("b", T0.minusSeconds(100), "{\"n\":2}"));
        topic.failNext = true;
        assertThatThrownBy(() -> AppFixture.await(publishing.digestClosedWindows())).hasMessageContaining("broker away");
        assertThat(index.stored).hasSize(3);
        assertThat(topic.digests).isEmpty();
        app.clock.advance(Duration.ofMinutes(1));
        AppFixture.await(publishing.digestClosedWindows());
        assertThat(index.stored).hasSize(4);
        assertThat(topic.digests).containsExactlyElementsOf(index.stored);
    }

    @Test
    void eachTamperingIsNamed() {
        index.rows.add(new IndexedRecord("a", T0.minusSeconds(300), "{\"n\":1}"));
        index.rows.add(new IndexedRecord("b", T0.minusSeconds(230), "{\"n\":2}"));
        index.rows.add(new IndexedRecord("c", T0.minusSeconds(170), "{\"n\":3}"));
        AppFixture.await(digests.digestClosedWindows());
        index.rows.remove(0);
        index.rows.set(0, new IndexedRecord("b", T0.minusSeconds(230), "{\"n\":20}"));
        index.rows.add(new IndexedRecord("x", T0.minusSeconds(165), "{}"));
        var v = AppFixture.await(digests.verify(T0.minusSeconds(3600), T0));
        assertThat(v.findings()).extracting(AuditDigests.Finding::kind).containsExactlyInAnyOrder(
                AuditDigests.Kind.RECORDS_REMOVED, AuditDigests.Kind.RECORDS_ALTERED_OR_REORDERED,
                AuditDigests.Kind.RECORDS_INSERTED);

        Digest first = index.stored.get(0);
        index.stored.set(0, new Digest(first.windowStart(), first.windowEnd(), 0, first.recordsHash(),
                first.previousDigest(), first.digest(), first.keyId(), first.signature()));
        index.stored.remove(1);
        assertThat(AppFixture.await(digests.verify(T0.minusSeconds(3600), T0)).findings())
                .extracting(AuditDigests.Finding::kind)
                .contains(AuditDigests.Kind.BAD_SIGNATURE, AuditDigests.Kind.CHAIN_BROKEN);
    }
}
