package dev.opensts.app.iam;

import dev.opensts.iam.EventEnvelope;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The write port of the event log: completes when the broker has acknowledged every event. */
public interface EventAppender {
    CompletableFuture<Void> append(List<EventEnvelope> events);
}
