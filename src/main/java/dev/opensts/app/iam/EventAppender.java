package dev.opensts.app.iam;

import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import io.smallrye.mutiny.Uni;

import java.util.List;

/** The write port of the IAM event log: appends when subscribed to; completes once the broker acknowledged every event. */
public interface EventAppender {
    Uni<Void> append(List<EventEnvelope<IamEvent>> events);
}
