package dev.opensts.iam;

/**
 * A fact on one of the event topics, carried in an {@link EventEnvelope}: the IAM events, and the revocations of
 * sessions ({@code dev.opensts.view.Revocation}). Each belongs to one stream (the unit of the version rule,
 * {@link VersionRule}) and one account, and has the CloudEvents type it is written under.
 */
public interface Event {
    String accountId();

    /** The stream the event belongs to: the unit whose version the event's expected version refers to. */
    String streamId();

    /** The CloudEvents {@code type} (docs/events.md). */
    String type();
}
