package dev.opensts.adapter.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes of request bodies this replica holds before their requests are complete (and so before anyone
 * was authenticated), across all connections: a request whose next chunk would take the total beyond the
 * limit is refused (ServiceUnavailable, retryable) and its connection closed. Without it, clients that start
 * many bodies and never finish them could fill the heap up to connections x body limit.
 */
final class BodyBudget {
    private final long limit;
    private final AtomicLong held = new AtomicLong();

    BodyBudget(long limitBytes) {
        this.limit = limitBytes;
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
