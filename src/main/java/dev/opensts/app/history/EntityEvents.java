package dev.opensts.app.history;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * The read port of the stored IAM events: the events of one stream that applied under the version rule, in the
 * order of the log (a stream lives in one partition). Events a writer lost to a concurrent one never took effect
 * and are not among them. What the projector has not written yet is not there either: the history trails the live
 * view by the projector's lag.
 */
public interface EntityEvents {
    Uni<List<RecordedEvent>> applied(String streamId);

    /**
     * The streams of the account's groups one of whose applied events names this user id (added as a member, or
     * carried over by a rename): every group the user of this id may ever have been in, and perhaps a few more;
     * the caller folds each and keeps those that had the member.
     */
    Uni<List<String>> groupStreamsNaming(String accountId, String userId);
}
