package dev.opensts.app.audit;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The audit trail: every request of every API passes through {@link #run}, which records it once, granted or
 * refused, in the shape of {@link AuditRecords}. Two paths:
 * <ul>
 *   <li>the write path: the record of an action that changes something or issues credentials, granted, is
 *       acknowledged by the broker before the answer; if it cannot be, the caller gets ServiceUnavailable (for a
 *       change, it may nevertheless have been applied: its event on the IAM topic carries the request id);</li>
 *   <li>the read path: the record of a read-only action, and of any refusal or failure (nothing changed), is
 *       handed to a bounded buffer and published asynchronously: a read never waits for the broker or fails
 *       because of it; what the buffer cannot take, or the broker refuses, is dropped and counted
 *       ({@code dropped} is told the reason: {@code buffer_full} or {@code publish_failed}).</li>
 * </ul>
 */
public final class Trail {
    private static final Logger LOG = Logger.getLogger(Trail.class);

    /** What a granted request's record carries beyond its call. */
    public record Outcome(Map<String, Object> responseElements, Map<String, Object> additional,
                          dev.opensts.policy.Decision decision) {
        public static final Outcome NONE = new Outcome(null, Map.of(), null);
    }

    private final AuditLog log;
    private final AuditRecords records;
    private final int capacity;
    private final Executor publisher;
    private final Consumer<String> dropped;
    private final AtomicInteger pending = new AtomicInteger();
    private final boolean acknowledgeWrites;

    /**
     * @param capacity  how many read-path records may wait for the broker at once (OPENSTS_AUDIT_READ_BUFFER)
     * @param publisher runs the read path's publications, off the request's thread (a send may wait for the
     *                  broker's metadata)
     * @param dropped   told the reason of every read-path record dropped
     */
    public Trail(AuditLog log, AuditRecords records, int capacity, Executor publisher, Consumer<String> dropped) {
        this(log, records, capacity, publisher, dropped, true);
    }

    /**
     * @param acknowledgeWrites whether granted writes wait for their record's acknowledgement
     *                          (OPENSTS_AUDIT_ACKNOWLEDGED); when not, their records take the read path
     */
    public Trail(AuditLog log, AuditRecords records, int capacity, Executor publisher, Consumer<String> dropped,
                 boolean acknowledgeWrites) {
        this.acknowledgeWrites = acknowledgeWrites;
        this.log = log;
        this.records = records;
        this.capacity = capacity;
        this.publisher = publisher;
        this.dropped = dropped;
    }

    public AuditRecords records() {
        return records;
    }

    /**
     * Runs the action and records it: granted (with what {@code outcome} tells of its result), or refused (with its
     * error). A granted write answers only once its record is acknowledged.
     */
    public <T> Uni<T> run(Call call, Supplier<Uni<T>> action, Function<? super T, Outcome> outcome) {
        return Uni.createFrom().<T>deferred(action::get).onItemOrFailure().transformToUni((item, failure) -> {
            if (failure != null) {
                buffer(records.failed(call, failure));
                return Uni.createFrom().failure(failure);
            }
            Outcome o;
            try {
                o = outcome.apply(item);
            } catch (RuntimeException e) {
                LOG.errorf(e, "audit outcome of %s %s", call.action(), call.requestId());
                o = Outcome.NONE;
            }
            AuditRecord record = records.completed(call, o.responseElements(), o.additional(), o.decision());
            if (record.readOnly() || !acknowledgeWrites) {
                buffer(record);
                return Uni.createFrom().item(item);
            }
            return acknowledged(record, "The audit log is unavailable; the change may nevertheless have been "
                    + "applied (its event carries request id " + call.requestId() + "). Retry later.")
                    .replaceWith(item);
        });
    }

    /** A read-only request that completed without an asynchronous action (the decision endpoint): the read path. */
    public void read(Call call, Outcome outcome) {
        buffer(records.completed(call, null, outcome.additional(), outcome.decision()));
    }

    /** A request refused before any action ran (authentication, the model's validation): the read path. */
    public void refused(Call call, Throwable failure) {
        buffer(records.failed(call, failure));
    }

    /**
     * The write path: completes once the broker acknowledged the record; fails with ServiceUnavailable and
     * {@code unavailable} as its message when it did not (a log that throws is a failed publication too).
     */
    public Uni<Void> acknowledged(AuditRecord record, String unavailable) {
        return Uni.createFrom().deferred(() -> log.publish(record)).onFailure().transform(e -> {
            LOG.warnf("audit log unavailable, %s %s refused: %s", record.eventName(), record.requestId(),
                    e.toString());
            return new AwsException(ErrorCode.ServiceUnavailable, unavailable);
        });
    }

    /** The read path: published asynchronously when the buffer has room, else dropped and counted. */
    public void buffer(AuditRecord record) {
        if (pending.incrementAndGet() > capacity) {
            pending.decrementAndGet();
            drop(record, "buffer_full", null);
            return;
        }
        try {
            publisher.execute(() -> {
                try {
                    log.publish(record).subscribe().with(x -> pending.decrementAndGet(), e -> {
                        pending.decrementAndGet();
                        drop(record, "publish_failed", e);
                    });
                } catch (RuntimeException e) {
                    pending.decrementAndGet();
                    drop(record, "publish_failed", e);
                }
            });
        } catch (RuntimeException rejected) { // an executor shut down
            pending.decrementAndGet();
            drop(record, "publish_failed", rejected);
        }
    }

    /** Read-path records waiting for the broker now. */
    public int pending() {
        return pending.get();
    }

    private void drop(AuditRecord record, String reason, Throwable e) {
        LOG.debugf("audit record of %s %s dropped (%s): %s", record.eventName(), record.requestId(), reason,
                e == null ? "" : e.toString());
        try {
            dropped.accept(reason);
        } catch (RuntimeException ignored) {
            // a metric never fails a request
        }
    }
}
