package dev.opensts.iam;

/**
 * Every fact about IAM entities, the source of truth. Events are appended to Kafka keyed by
 * {@link #streamId()}; applying one is a pure function of the aggregate's state (see the deciders).
 * Field changes need a new schema version (see docs/events.md).
 */
public sealed interface IamEvent extends Event permits AccountEvent, UserEvent, RoleEvent, PolicyEvent,
        OidcProviderEvent, PodIdentityAssociationEvent,
        InstanceProfileEvent, GroupEvent,
        MfaDeviceEvent, AccountSettingsEvent {
    String TYPE_PREFIX = "dev.opensts.iam.";

    @Override
    default String type() {
        return TYPE_PREFIX + getClass().getSimpleName();
    }
}
