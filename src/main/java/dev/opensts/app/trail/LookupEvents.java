package dev.opensts.app.trail;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.credentials.KeyRing;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * CloudTrail's LookupEvents over the audit index: validates the request as CloudTrail does, authorizes
 * {@code cloudtrail:LookupEvents}, and answers a page of the caller's own account's records, newest first. The
 * NextToken is sealed under the key ring with the caller's account and the query bound in as associated data: it
 * cannot be read, forged, or replayed by another account or with other filters.
 */
public final class LookupEvents {
    public static final String ACTION = "cloudtrail:LookupEvents";
    static final int MAX_RESULTS = 50;
    static final int MAX_VALUE_LENGTH = 2000;

    /** The request as the wire gives it; null members were absent. */
    public record Request(List<RawAttribute> attributes, Instant startTime, Instant endTime, Integer maxResults,
                          String nextToken, String eventCategory) {
    }

    /** A LookupAttribute as sent: its key is checked here, not by the wire. */
    public record RawAttribute(String key, String value) {
    }

    /** A page: the entries and the token of the next page (null on the last). */
    public record Page(List<TrailEntry> events, String nextToken) {
    }

    private final AuditIndex index;
    private final Authorizer authorizer;
    private final KeyRing keyRing;
    private final Clock clock;
    private final Duration retention;

    public LookupEvents(AuditIndex index, Authorizer authorizer, KeyRing keyRing, Clock clock, Duration retention) {
        this.index = index;
        this.authorizer = authorizer;
        this.keyRing = keyRing;
        this.clock = clock;
        this.retention = retention;
    }

    public Uni<Page> lookup(Caller caller, Request request) {
        return Uni.createFrom().item(() -> validated(caller, request))
                .flatMap(q -> q == null ? Uni.createFrom().item(new Page(List.of(), null))
                        : index.lookup(q).map(rows -> page(caller, request, q, rows)));
    }

    /** The index query, or null when nothing can match (the insight category: open-sts records no insights). */
    AuditIndex.Lookup validated(Caller caller, Request request) {
        LookupAttribute attribute = attribute(request.attributes());
        if (request.eventCategory() != null && !request.eventCategory().equals("insight")) {
            throw new AwsException(ErrorCode.InvalidEventCategoryException,
                    "Event category is not valid. Valid value is insight.");
        }
        Instant start = request.startTime();
        Instant end = request.endTime();
        if (start != null && end != null && start.isAfter(end)) {
            throw new AwsException(ErrorCode.InvalidTimeRangeException,
                    "Start time must be before or equal to end time.");
        }
        if (request.maxResults() != null && (request.maxResults() < 1 || request.maxResults() > MAX_RESULTS)) {
            throw new AwsException(ErrorCode.InvalidMaxResultsException,
                    "MaxResults must be between 1 and " + MAX_RESULTS + ".");
        }
        authorizer.require(caller, ACTION, "arn:aws:cloudtrail:" + region(caller) + ":" + caller.accountId() + ":*");
        AuditIndex.Cursor after = request.nextToken() == null ? null
                : cursor(request.nextToken(), boundData(caller, request));
        if (request.eventCategory() != null) {
            return null;
        }
        Instant now = clock.instant();
        return new AuditIndex.Lookup(caller.accountId(), attribute,
                start != null ? start : now.minus(retention), end != null ? end : now,
                request.maxResults() != null ? request.maxResults() : MAX_RESULTS, after);
    }

    private static String region(Caller caller) {
        return caller.requestedRegion() != null ? caller.requestedRegion() : "us-east-1";
    }

    static LookupAttribute attribute(List<RawAttribute> attributes) {
        if (attributes == null || attributes.isEmpty()) {
            return null;
        }
        if (attributes.size() > 1) {
            throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                    "You can specify only one lookup attribute.");
        }
        RawAttribute raw = attributes.get(0);
        LookupAttribute.Key key = null;
        for (LookupAttribute.Key k : LookupAttribute.Key.values()) {
            if (k.name().equals(raw.key())) {
                key = k;
            }
        }
        if (key == null) {
            throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                    "The attribute key " + raw.key() + " is not valid. Valid keys are "
                            + List.of(LookupAttribute.Key.values()) + ".");
        }
        String value = raw.value();
        if (value == null || value.isEmpty() || value.length() > MAX_VALUE_LENGTH) {
            throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                    "The attribute value must be between 1 and " + MAX_VALUE_LENGTH + " characters.");
        }
        if (key == LookupAttribute.Key.ReadOnly && !value.equals("true") && !value.equals("false")) {
            throw new AwsException(ErrorCode.InvalidLookupAttributesException,
                    "The value of ReadOnly must be true or false.");
        }
        return new LookupAttribute(key, value);
    }

    private Page page(Caller caller, Request request, AuditIndex.Lookup query, List<TrailEntry> rows) {
        String next = null;
        if (rows.size() >= query.limit() && !rows.isEmpty()) {
            TrailEntry last = rows.get(rows.size() - 1);
            next = keyRing.sealString(last.eventTime() + " " + last.eventId(), boundData(caller, request));
        }
        return new Page(rows, next);
    }

    private AuditIndex.Cursor cursor(String token, String bound) {
        String plain = keyRing.openString(token, bound).orElseThrow(() -> new AwsException(
                ErrorCode.InvalidNextTokenException, "A token that is not valid, or a token that was previously used"
                + " in a request with different parameters, was provided."));
        int space = plain.indexOf(' ');
        return new AuditIndex.Cursor(Instant.parse(plain.substring(0, space)), plain.substring(space + 1));
    }

    /** What a token is bound to: the account and every filter of the request (not MaxResults, which may change). */
    static String boundData(Caller caller, Request r) {
        StringBuilder b = new StringBuilder("cloudtrail:LookupEvents|").append(caller.accountId());
        if (r.attributes() != null) {
            for (RawAttribute a : r.attributes()) {
                b.append('|').append(a.key()).append('=').append(a.value());
            }
        }
        return b.append('|').append(r.startTime()).append('|').append(r.endTime()).append('|')
                .append(r.eventCategory()).toString();
    }
}
