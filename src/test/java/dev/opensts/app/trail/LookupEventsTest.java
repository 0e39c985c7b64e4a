package dev.opensts.app.trail;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import static dev.opensts.app.AppFixture.ACCOUNT;
import static dev.opensts.app.AppFixture.OTHER;
import static dev.opensts.app.AppFixture.T0;
import static dev.opensts.app.AppFixture.root;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class LookupEventsTest {
    final AppFixture app = new AppFixture();
    final FakeIndex index = new FakeIndex();
    final LookupEvents lookup = new LookupEvents(index, app.authorizer, app.keyRing, app.clock, Duration.ofDays(90));

    /** Answers the entries it was given, at most the query's limit, and keeps the queries it was asked. */
    static class FakeIndex implements AuditIndex {
        final List<Lookup> queries = new ArrayList<>();
        List<TrailEntry> entries = List.of();

        @Override
        public Uni<Map<Integer, Long>> nextOffsets() {
            return Uni.createFrom().item(Map.of());
        }

        @Override
        public Uni<Void> store(List<Consumed> batch, Map<Integer, Long> nextOffsets, Instant keepFrom) {
            return Uni.createFrom().voidItem();
        }

        @Override
        public Uni<Integer> dropBefore(Instant cutoff) {
            return Uni.createFrom().item(0);
        }

        @Override
        public Uni<List<TrailEntry>> lookup(Lookup query) {
            queries.add(query);
            return Uni.createFrom().item(entries.subList(0, Math.min(query.limit(), entries.size())));
        }

        @Override
        public Uni<Map<String, LastUsed>> lastUsed(Collection<String> accessKeyIds) {
            return Uni.createFrom().item(Map.of());
        }

        @Override
        public Uni<List<IndexedRecord>> records(Instant from, Instant to) {
            return Uni.createFrom().item(List.of());
        }

        @Override
        public Uni<Instant> earliestEventTime() {
            return Uni.createFrom().nullItem();
        }

        @Override
        public Uni<Digest> lastDigest() {
            return Uni.createFrom().nullItem();
        }

        @Override
        public Uni<Boolean> storeDigest(Digest digest) {
            return Uni.createFrom().item(true);
        }

        @Override
        public Uni<List<Digest>> digests(Instant from, Instant to) {
            return Uni.createFrom().item(List.of());
        }
    }

    static TrailEntry entry(String id, Instant time) {
        return new TrailEntry(id, time, ACCOUNT, ACCOUNT, "AssumeRole", "sts.amazonaws.com", false, "root", null,
                "us-east-1", List.of(), "{}");
    }

    static LookupEvents.Request request(List<LookupEvents.RawAttribute> attributes, Instant start, Instant end,
                                        Integer max, String token) {
        return new LookupEvents.Request(attributes, start, end, max, token, null);
    }

    ErrorCode refused(Caller caller, LookupEvents.Request r) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> AppFixture.await(lookup.lookup(caller, r)));
        assertThat(e).as("refused").isNotNull();
        return e.code();
    }

    @Test
    void withoutFiltersTheLastNinetyDaysOfTheCallersAccountFiftyAtATime() {
        AppFixture.await(lookup.lookup(root(), request(null, null, null, null, null)));
        AuditIndex.Lookup q = index.queries.get(0);
        assertThat(q.accountId()).isEqualTo(ACCOUNT);
        assertThat(q.attribute()).isNull();
        assertThat(q.startTime()).isEqualTo(T0.minus(Duration.ofDays(90)));
        assertThat(q.endTime()).isEqualTo(T0);
        assertThat(q.limit()).isEqualTo(50);
        assertThat(q.after()).isNull();
    }

    @Test
    void oneAttributeOfCloudTrailsKeys() {
        AppFixture.await(lookup.lookup(root(), request(List.of(new LookupEvents.RawAttribute("Username", "dave")),
                null, null, 5, null)));
        assertThat(index.queries.get(0).attribute())
                .isEqualTo(new LookupAttribute(LookupAttribute.Key.Username, "dave"));
        assertThat(index.queries.get(0).limit()).isEqualTo(5);

        assertThat(refused(root(), request(List.of(new LookupEvents.RawAttribute("Username", "dave"),
                new LookupEvents.RawAttribute("EventName", "AssumeRole")), null, null, null, null)))
                .isEqualTo(ErrorCode.InvalidLookupAttributesException);
        assertThat(refused(root(), request(List.of(new LookupEvents.RawAttribute("Colour", "red")), null, null, null,
                null))).isEqualTo(ErrorCode.InvalidLookupAttributesException);
        assertThat(refused(root(), request(List.of(new LookupEvents.RawAttribute("ReadOnly", "yes")), null, null,
                null, null))).isEqualTo(ErrorCode.InvalidLookupAttributesException);
        assertThat(refused(root(), request(List.of(new LookupEvents.RawAttribute("EventName", "")), null, null,
                null, null))).isEqualTo(ErrorCode.InvalidLookupAttributesException);
        assertThat(index.queries).hasSize(1);
    }

    @Test
    void timeRangeMaxResultsAndCategoryAreCheckedAsCloudTrailChecksThem() {
        assertThat(refused(root(), request(null, T0, T0.minusSeconds(1), null, null)))
                .isEqualTo(ErrorCode.InvalidTimeRangeException);
        assertThat(refused(root(), request(null, null, null, 0, null))).isEqualTo(ErrorCode.InvalidMaxResultsException);
        assertThat(refused(root(), request(null, null, null, 51, null)))
                .isEqualTo(ErrorCode.InvalidMaxResultsException);
        assertThat(refused(root(), new LookupEvents.Request(null, null, null, null, null, "data")))
                .isEqualTo(ErrorCode.InvalidEventCategoryException);
        // open-sts records no insights: that category is empty, and the index is not asked
        var insights = AppFixture.await(lookup.lookup(root(), new LookupEvents.Request(null, null, null, null, null,
                "insight")));
        assertThat(insights.events()).isEmpty();
        assertThat(index.queries).isEmpty();
    }

    @Test
    void anIamUserNeedsCloudtrailLookupEvents() {
        app.given(AppFixture.userCreated("dave", "/"));
        assertThat(refused(app.user("dave"), request(null, null, null, null, null))).isEqualTo(ErrorCode.AccessDenied);
        assertThat(index.queries).isEmpty();
    }

    @Test
    void aFullPageHasASealedTokenBoundToItsAccountAndFilters() {
        index.entries = List.of(entry("e3", T0.minusSeconds(1)), entry("e2", T0.minusSeconds(2)),
                entry("e1", T0.minusSeconds(3)));
        var attrs = List.of(new LookupEvents.RawAttribute("EventName", "AssumeRole"));
        var page = AppFixture.await(lookup.lookup(root(), request(attrs, null, null, 2, null)));
        assertThat(page.events()).extracting(TrailEntry::eventId).containsExactly("e3", "e2");
        assertThat(page.nextToken()).isNotNull().doesNotContain("e2");

        AppFixture.await(lookup.lookup(root(), request(attrs, null, null, 2, page.nextToken())));
        assertThat(index.queries.get(1).after()).isEqualTo(new AuditIndex.Cursor(T0.minusSeconds(2), "e2"));

        assertThat(refused(root(), request(List.of(new LookupEvents.RawAttribute("EventName", "GetSessionToken")),
                null, null, 2, page.nextToken()))).isEqualTo(ErrorCode.InvalidNextTokenException);
        assertThat(refused(root(OTHER), request(attrs, null, null, 2, page.nextToken())))
                .isEqualTo(ErrorCode.InvalidNextTokenException);
        assertThat(refused(root(), request(attrs, null, null, 2, "not-a-token")))
                .isEqualTo(ErrorCode.InvalidNextTokenException);

        index.entries = List.of(entry("e1", T0));
        assertThat(AppFixture.await(lookup.lookup(root(), request(null, null, null, 2, null))).nextToken()).isNull();
    }
}
