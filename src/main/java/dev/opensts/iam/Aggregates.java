package dev.opensts.iam;

/** Routes an event to its aggregate's evolve function; states are null before creation and after deletion. */
public final class Aggregates {
    private Aggregates() {
    }

    public static AggregateState evolve(AggregateState state, IamEvent event) {
        return switch (event) {
            case AccountEvent e -> AccountDecider.evolve((AccountState) state, e);
            case UserEvent e -> UserDecider.evolve((UserState) state, e);
            case RoleEvent e -> RoleDecider.evolve((RoleState) state, e);
            case PolicyEvent e -> PolicyDecider.evolve((ManagedPolicyState) state, e);
            case OidcProviderEvent e -> OidcProviderDecider.evolve((OidcProviderState) state, e);
            case PodIdentityAssociationEvent e ->
                    PodIdentityAssociationDecider.evolve((PodIdentityAssociationState) state, e);
            case InstanceProfileEvent e -> InstanceProfileDecider.evolve((InstanceProfileState) state, e);
            case GroupEvent e -> GroupDecider.evolve((GroupState) state, e);
            case MfaDeviceEvent e -> MfaDeviceDecider.evolve((MfaDeviceState) state, e);
            case AccountSettingsEvent e -> AccountSettingsDecider.evolve((AccountSettingsState) state, e);
        };
    }
}
