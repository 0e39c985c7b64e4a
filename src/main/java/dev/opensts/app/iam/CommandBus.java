package dev.opensts.app.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.view.LiveView;
import dev.opensts.view.Versioned;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs a command: decide against the aggregate's state in the local view, append the event with
 * the version it expects to follow, then wait until the local view has applied it
 * (read-your-writes). If another writer's event got in first, ours is skipped everywhere and the
 * caller gets ConcurrentModification. Nothing here blocks a thread.
 */
public final class CommandBus {
    private static final Logger LOG = Logger.getLogger(CommandBus.class);

    private final LiveView view;
    private final EventAppender log;
    private final Clock clock;
    private final String source;
    private final Duration timeout;
    private final Supplier<String> eventIds;

    /** @param eventIds a new event id (a UUID) per call */
    public CommandBus(LiveView view, EventAppender log, Clock clock, Supplier<String> eventIds, String source,
                      Duration timeout) {
        this.view = view;
        this.eventIds = eventIds;
        this.log = log;
        this.clock = clock;
        this.source = source;
        this.timeout = timeout;
    }

    /**
     * @param streamId the aggregate the command addresses
     * @param decide   the aggregate's decider applied to its current state (null when absent);
     *                 throws {@link AwsException} to refuse; returns no event when nothing changes
     * @param actor    who asked: the event names it, so that the log itself answers "who"
     */
    @SuppressWarnings("unchecked")
    public <S> Uni<Void> execute(String streamId, Function<S, List<? extends IamEvent>> decide, Actor actor,
                                 String requestId) {
        return Uni.createFrom().deferred(() -> {
            Versioned current = view.get(streamId);
            List<? extends IamEvent> events = decide.apply((S) current.state());
            if (events.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            if (events.size() != 1 || !events.get(0).streamId().equals(streamId)) {
                // one event per command keeps "all or nothing" trivially true under the version rule
                throw new IllegalStateException("a command must decide at most one event of its own stream");
            }
            var envelope = new EventEnvelope<IamEvent>(eventIds.get(), streamId, current.version(),
                    clock.instant(), source, requestId, actor, events.get(0));
            Uni<Boolean> applied = view.awaitApplied(envelope.id());
            return log.append(List.of(envelope))
                    .chain(() -> applied)
                    .ifNoItem().after(timeout).failWith(() -> new AwsException(ErrorCode.ServiceUnavailable,
                            "The event log did not confirm the change in time; it may still take effect."))
                    .onFailure(e -> !(e instanceof AwsException)).transform(e -> {
                        LOG.warnf("append of %s failed: %s", envelope.type(), e.toString());
                        return new AwsException(ErrorCode.ServiceUnavailable,
                                "The event log is unavailable; no change was made.");
                    })
                    .onTermination().invoke(() -> view.forget(envelope.id()))
                    .map(ok -> {
                        if (!ok) {
                            throw new AwsException(ErrorCode.ConcurrentModification,
                                    "The request was rejected because multiple requests to change this object were "
                                            + "submitted simultaneously. Wait a few minutes and submit your request again.");
                        }
                        return null;
                    });
        });
    }
}
