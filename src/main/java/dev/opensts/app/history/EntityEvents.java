package dev.opensts.app.history;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The read port of the stored IAM events: the events of one stream that applied under the version rule, in the
 * order of the log (a stream lives in one partition). Events a writer lost to a concurrent one never took effect
 * and are not among them. What the projector has not written yet is not there either: the history trails the live
 * view by the projector's lag.
 */
@FunctionalInterface
public interface EntityEvents {
    Uni<List<RecordedEvent>> applied(String streamId);
}
