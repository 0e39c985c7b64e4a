package dev.opensts.adapter.http;

import dev.opensts.settings.OpenStsConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies this replica holds before their requests are complete (and so before anyone
 * was authenticated), across all connections: a request whose next chunk would take the total beyond the
 * limit is refused (ServiceUnavailable, retryable) and its connection closed. Without it, clients that start
 * many bodies and never finish them could fill the heap up to connections x body limit. One per replica, shared by
 * every endpoint that reads bodies (opensts.http.buffered-bodies-limit).
 */
@Singleton
final class BodyBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long limitBytes) {
        this.limit = limitBytes;
    }

    @Inject
    BodyBudget(OpenStsConfig config) {
        this(config.http().bufferedBodiesLimit());
    }

    /** Takes n bytes from the budget; false (nothing taken) when that would exceed it. */
    boolean reserve(long n) {
        long now = held.addAndGet(n);
        if (now > limit) {
            held.addAndGet(-n);
            return false;
        }
        return true;
    }

    void release(long n) {
        if (n > 0) {
            held.addAndGet(-n);
        }
    }

    /** Bytes held now. */
    long held() {
        return held.get();
    }
}
