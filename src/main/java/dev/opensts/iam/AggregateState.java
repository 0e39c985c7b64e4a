package dev.opensts.iam;

/** The state of one IAM aggregate: what a decider decides against and an event evolves. */
public sealed interface AggregateState permits AccountState, UserState, RoleState, ManagedPolicyState,
        OidcProviderState, PodIdentityAssociationState,
        InstanceProfileState, AccountSettingsState, GroupState,
        MfaDeviceState {
    String accountId();
}
