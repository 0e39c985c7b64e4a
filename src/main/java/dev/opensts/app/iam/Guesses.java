package dev.opensts.app.iam;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed guesses of a secret per key (an MFA device's codes, a user's current password) on this replica, to slow
 * down guessing: after {@link #MAX_FAILURES} wrong guesses for a key within {@link #WINDOW_SECONDS} seconds, further
 * guesses for it are refused unchecked until the window ends. Only the key's own user reaches a comparison (every
 * other caller is refused before one), so this guards the case of stolen long-term keys: for an MFA device 5 guesses
 * per 5 minutes against 3 valid codes in a million. Counted per replica (a deployment of n replicas allows n times as
 * many), not in the event log: a guess is not a change of anything, and each one already leaves an audit record.
 */
final class Guesses {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_SECONDS = 300;
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(long start, int failures) {
    }

    private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();

    /** Whether the key has used up its failures in the current window. */
    boolean blocked(String key, Instant now) {
        Window w = failures.get(key);
        return w != null && now.getEpochSecond() - w.start() < WINDOW_SECONDS && w.failures() >= MAX_FAILURES;
    }

    void failed(String key, Instant now) {
        long t = now.getEpochSecond();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(w -> t - w.start() >= WINDOW_SECONDS);
        }
        failures.compute(key, (k, w) -> w == null || t - w.start() >= WINDOW_SECONDS ? new Window(t, 1)
                : new Window(w.start(), w.failures() + 1));
    }

    void succeeded(String key) {
        failures.remove(key);
    }
}
