package dev.opensts.app.iam;

import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed MFA sign-ins per device on this replica, to slow down guessing: after {@link #MAX_FAILURES} wrong codes for
 * a device within {@link #WINDOW_SECONDS} seconds, further codes for it are refused unchecked until the window
 * ends. Only the device's own user can reach this (every other caller is refused before a code is compared), so it
 * guards the case of stolen long-term keys: 5 guesses per 5 minutes against 3 valid codes in a million. Counted per
 * replica (a deployment of n replicas allows n times as many), not in the event log: a guess is not a change of the
 * device, and each one already leaves an audit record.
 */
final class MfaAttempts {
    static final int MAX_FAILURES = 5;
    static final long WINDOW_SECONDS = 300;
    private static final int PRUNE_ABOVE = 10_000;

    private record Window(long start, int failures) {
    }

    private final ConcurrentHashMap<String, Window> failures = new ConcurrentHashMap<>();

    /** Whether the device's user has used up its failures in the current window. */
    boolean blocked(String deviceId, Instant now) {
        Window w = failures.get(deviceId);
        return w != null && now.getEpochSecond() - w.start() < WINDOW_SECONDS && w.failures() >= MAX_FAILURES;
    }

    void failed(String deviceId, Instant now) {
        long t = now.getEpochSecond();
        if (failures.size() > PRUNE_ABOVE) {
            failures.values().removeIf(w -> t - w.start() >= WINDOW_SECONDS);
        }
        failures.compute(deviceId, (k, w) -> w == null || t - w.start() >= WINDOW_SECONDS ? new Window(t, 1)
                : new Window(w.start(), w.failures() + 1));
    }

    void succeeded(String deviceId) {
        failures.remove(deviceId);
    }
}
