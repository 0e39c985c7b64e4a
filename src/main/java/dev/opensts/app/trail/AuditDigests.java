package dev.opensts.app.trail;

import dev.opensts.credentials.KeyRing;
import io.smallrye.mutiny.Uni;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Tamper evidence for the audit index: signed digests over fixed windows of event time, each chained to the one
 * before, and their verification against the rows. A window is digested once it ended {@code grace} ago (records
 * arrive late by the indexer's lag). A verification reports, per window, records removed or inserted (the count
 * differs), altered or reordered (same count, another hash), and digests removed, reordered or forged (the chain or
 * the signature does not hold).
 */
public final class AuditDigests {
    static final String PURPOSE = "audit digest";
    static final int MAX_WINDOWS_PER_RUN = 1000;

    /** What a verification found in one window. */
    public enum Kind { RECORDS_REMOVED, RECORDS_INSERTED, RECORDS_ALTERED_OR_REORDERED, CHAIN_BROKEN, BAD_SIGNATURE }

    public record Finding(Instant windowStart, Instant windowEnd, Kind kind, String detail) {
    }

    /** A verification: the windows checked, the records they hold now, and what does not match. */
    public record Verification(int windows, long records, List<Finding> findings) {
        public boolean intact() {
            return findings.isEmpty();
        }
    }

    private final AuditIndex index;
    private final KeyRing keyRing;
    private final Clock clock;
    private final Duration window;
    private final Duration grace;
    private final DigestLog log;
    /**
     * Digests of windows starting at or after this are published at the next run: at start, those of the last day
     * (a replica stopped between storing a digest and publishing it publishes it when it starts again); then the
     * windows after the last one published, so a publication that failed is tried again.
     */
    private volatile Instant publishFrom;

    public AuditDigests(AuditIndex index, KeyRing keyRing, Clock clock, Duration window, Duration grace) {
        this(index, keyRing, clock, window, grace, DigestLog.NONE);
    }

    public AuditDigests(AuditIndex index, KeyRing keyRing, Clock clock, Duration window, Duration grace,
                        DigestLog log) {
        this.index = index;
        this.keyRing = keyRing;
        this.clock = clock;
        this.window = window;
        this.grace = grace;
        this.log = log;
        this.publishFrom = clock.instant().minus(Duration.ofDays(1));
    }

    /**
     * Digests every window closed since the last digest (the first from the oldest record), then publishes the
     * digests not published yet, in window order; answers how many windows were digested.
     */
    public Uni<Integer> digestClosedWindows() {
        return index.lastDigest().flatMap(last -> {
            if (last != null) {
                return next(last.windowEnd(), last.digest(), 0);
            }
            return index.earliestEventTime().flatMap(first -> first == null ? Uni.createFrom().item(0)
                    : next(floor(first), "", 0));
        }).call(this::publishPending);
    }

    /** A digest this replica stored for a window starting then is published at the end of this run. */
    private AuditDigests published(Instant windowStart) {
        if (windowStart.isBefore(publishFrom)) {
            publishFrom = windowStart;
        }
        return this;
    }

    private Uni<Void> publishPending() {
        return index.digests(publishFrom, clock.instant().plus(window)).flatMap(digests -> publish(digests, 0));
    }

    private Uni<Void> publish(List<Digest> digests, int i) {
        if (i == digests.size()) {
            return Uni.createFrom().voidItem();
        }
        Digest d = digests.get(i);
        return log.publish(d).flatMap(x -> {
            publishFrom = d.windowEnd();
            return publish(digests, i + 1);
        });
    }

    private Uni<Integer> next(Instant start, String previous, int done) {
        Instant end = start.plus(window);
        if (done >= MAX_WINDOWS_PER_RUN || end.isAfter(clock.instant().minus(grace))) {
            return Uni.createFrom().item(done);
        }
        return index.records(start, end).flatMap(rows -> {
            Digest d = digest(start, end, rows, previous, keyRing.currentKeyId());
            return index.storeDigest(d).flatMap(stored -> stored ? published(start).next(end, d.digest(), done + 1)
                    // another replica stored this window first: continue from its digest
                    : index.lastDigest().flatMap(last -> next(last.windowEnd(), last.digest(), done)));
        });
    }

    public Uni<Verification> verify(Instant from, Instant to) {
        return index.digests(from, to).flatMap(digests -> check(digests, 0, null, new ArrayList<>(), 0));
    }

    private Uni<Verification> check(List<Digest> digests, int i, Digest before, List<Finding> findings, long records) {
        if (i == digests.size()) {
            return Uni.createFrom().item(new Verification(digests.size(), records, List.copyOf(findings)));
        }
        Digest d = digests.get(i);
        return index.records(d.windowStart(), d.windowEnd()).flatMap(rows -> {
            if (before != null && (!before.windowEnd().equals(d.windowStart())
                    || !before.digest().equals(d.previousDigest()))) {
                findings.add(new Finding(d.windowStart(), d.windowEnd(), Kind.CHAIN_BROKEN,
                        "the previous digest is not the one this digest was chained to"));
            }
            String expected = chain(d.windowStart(), d.windowEnd(), d.recordCount(), d.recordsHash(),
                    d.previousDigest());
            if (!expected.equals(d.digest()) || !signature(d.keyId(), d.digest()).equals(d.signature())) {
                findings.add(new Finding(d.windowStart(), d.windowEnd(), Kind.BAD_SIGNATURE,
                        "the digest or its signature does not hold (key " + d.keyId() + ")"));
            }
            String hash = recordsHash(rows);
            if (rows.size() < d.recordCount()) {
                findings.add(new Finding(d.windowStart(), d.windowEnd(), Kind.RECORDS_REMOVED,
                        (d.recordCount() - rows.size()) + " of " + d.recordCount() + " records are missing"));
            } else if (rows.size() > d.recordCount()) {
                findings.add(new Finding(d.windowStart(), d.windowEnd(), Kind.RECORDS_INSERTED,
                        (rows.size() - d.recordCount()) + " records more than the " + d.recordCount() + " digested"));
            } else if (!hash.equals(d.recordsHash())) {
                findings.add(new Finding(d.windowStart(), d.windowEnd(), Kind.RECORDS_ALTERED_OR_REORDERED,
                        "the " + rows.size() + " records do not hash as digested"));
            }
            return check(digests, i + 1, d, findings, records + rows.size());
        });
    }

    Instant floor(Instant t) {
        long w = window.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), w) * w);
    }

    Digest digest(Instant start, Instant end, List<IndexedRecord> rows, String previous, String keyId) {
        String hash = recordsHash(rows);
        String digest = chain(start, end, rows.size(), hash, previous);
        return new Digest(start, end, rows.size(), hash, previous, digest, keyId, signature(keyId, digest));
    }

    /** SHA-256 over each record's id and the SHA-256 of its text, in index order (time, then id). */
    static String recordsHash(List<IndexedRecord> rows) {
        MessageDigest all = sha256();
        for (IndexedRecord r : rows) {
            all.update((r.eventId() + " " + r.eventTime() + " ").getBytes(StandardCharsets.UTF_8));
            all.update(HexFormat.of().formatHex(sha256().digest(r.record().getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.UTF_8));
            all.update((byte) '\n');
        }
        return HexFormat.of().formatHex(all.digest());
    }

    static String chain(Instant start, Instant end, int count, String recordsHash, String previous) {
        String text = "open-sts audit digest 1\n" + start + "\n" + end + "\n" + count + "\n" + recordsHash + "\n"
                + previous;
        return HexFormat.of().formatHex(sha256().digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    private String signature(String keyId, String digest) {
        byte[] key = keyRing.derivedKey(keyId, PURPOSE).orElse(null);
        if (key == null) {
            return "";
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(digest.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
