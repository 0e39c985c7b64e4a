package dev.opensts.view;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Read-your-writes: a writer registers for its own event's id before appending it, and the thread that applies
 * the event to this replica's view (the feeder) reports what became of it. The one waiter mechanism of both the
 * live view (outcome: applied or skipped by the version rule) and the revocation index.
 *
 * <p>Registration is eager, so an event applied before anybody subscribes to the answer is not missed. Every
 * registration must end in {@link #forget} (the writer's termination), applied or not; an id nobody waits for
 * costs one map lookup when applied.
 *
 * @param <T> what the writer learns: the outcome of applying its event
 */
public final class Waiters<T> {
    private final ConcurrentHashMap<String, Slot<T>> slots = new ConcurrentHashMap<>();

    /**
     * Registers a wait for the event with this id. Call before appending the event. The answer completes on the
     * applying thread with the outcome {@link #complete} reports, or at once if it was reported already.
     */
    public Uni<T> expect(String eventId) {
        Slot<T> slot = slots.computeIfAbsent(eventId, id -> new Slot<>());
        return Uni.createFrom().<T>emitter(emitter -> slot.subscribe(emitter));
    }

    /** Reports the outcome of applying the event with this id to whoever waits for it, if anybody does. */
    public void complete(String eventId, T outcome) {
        Slot<T> slot = slots.get(eventId);
        if (slot != null) {
            slot.complete(outcome);
        }
    }

    /** Ends the wait for this id (the writer is done or gave up). */
    public void forget(String eventId) {
        slots.remove(eventId);
    }

    /** How many writers are registered. */
    public int waiting() {
        return slots.size();
    }

    /** One wait: the outcome once reported, and the subscribers waiting for it until then. */
    private static final class Slot<T> {
        private final List<UniEmitter<? super T>> subscribers = new ArrayList<>(1);
        private boolean done;
        private T outcome;

        void subscribe(UniEmitter<? super T> emitter) {
            T known;
            synchronized (this) {
                if (!done) {
                    subscribers.add(emitter);
                    emitter.onTermination(() -> unsubscribe(emitter));
                    return;
                }
                known = outcome;
            }
            emitter.complete(known);
        }

        private synchronized void unsubscribe(UniEmitter<? super T> emitter) {
            subscribers.remove(emitter);
        }

        void complete(T value) {
            List<UniEmitter<? super T>> toTell;
            synchronized (this) {
                if (done) {
                    return; // the first report counts: a redelivered event is skipped, its writer was told already
                }
                done = true;
                outcome = value;
                toTell = List.copyOf(subscribers);
                subscribers.clear();
            }
            toTell.forEach(e -> e.complete(value));
        }
    }
}
