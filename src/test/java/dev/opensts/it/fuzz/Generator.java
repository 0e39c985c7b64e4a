package dev.opensts.it.fuzz;

import java.util.SplittableRandom;

/**
 * Request number i of a run with seed s: its own random source is derived from (s, i) alone, so any one request
 * can be generated again without the ones before it (replaying it alone sends the same bytes, but for
 * signatures and dates, which are made at sending time).
 */
final class Generator {
    private final long seed;
    private final QueryFuzz query;
    private final DecisionFuzz decision;
    private final AdminFuzz admin;

    Generator(long seed, QueryFuzz query, DecisionFuzz decision, AdminFuzz admin) {
        this.seed = seed;
        this.query = query;
        this.decision = decision;
        this.admin = admin;
    }

    FuzzCase build(int index) {
        SplittableRandom r = random(seed, index);
        int p = r.nextInt(100);
        return p < 60 ? query.build(index, r) : p < 85 ? decision.build(index, r) : admin.build(index, r);
    }

    static SplittableRandom random(long seed, int index) {
        return new SplittableRandom(mix(seed ^ mix(index + 0x632BE59BD9B4E019L)));
    }

    /** Stafford's mix13 (as SplittableRandom uses): nearby inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
