package dev.opensts.app.history;

import dev.opensts.iam.Actor;
import dev.opensts.iam.IamEvent;

import java.time.Instant;

/** One stored IAM event with its envelope's facts: when, by which request, by whom (null before actors). */
public record RecordedEvent(String eventId, Instant time, String requestId, Actor actor, IamEvent event) {
}
