package dev.opensts.app.history;

import dev.opensts.iam.AccountState;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.MfaDeviceState;
import dev.opensts.iam.Aggregates;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One stream's events replayed with the live view's own evolve functions, each step knowing which life of the
 * entity it belongs to: an entity deleted and created again under the same name is another entity (another role
 * id), a new life of the same stream.
 */
final class Lives {
    /** An event and the state it left; life counts creations from 1, entityId is that life's unique id. */
    record Step(RecordedEvent recorded, AggregateState after, int life, String entityId) {
    }

    private Lives() {
    }

    static List<Step> replay(List<RecordedEvent> events) {
        var steps = new ArrayList<Step>(events.size());
        AggregateState state = null;
        int life = 0;
        String id = null;
        for (RecordedEvent e : events) {
            AggregateState before = state;
            state = Aggregates.evolve(state, e.event());
            if (before == null && state != null) {
                life++;
                id = idOf(state);
            }
            steps.add(new Step(e, state, life, id));
        }
        return steps;
    }

    /** The last step at or before the instant, in log order; null when the stream had no event yet. */
    static Step at(List<Step> steps, Instant at) {
        Step last = null;
        for (Step s : steps) {
            if (s.recorded().time().isAfter(at)) {
                break;
            }
            last = s;
        }
        return last;
    }

    static String idOf(AggregateState s) {
        return switch (s) {
            case RoleState r -> r.roleId();
            case UserState u -> u.userId();
            case ManagedPolicyState p -> p.policyId();
            case OidcProviderState o -> o.arn() + "@" + o.createDate();
            case AccountState a -> a.accountId();
            case PodIdentityAssociationState p -> p.associationId();
            case InstanceProfileState p -> p.instanceProfileId();
            case GroupState g -> g.groupId();
            case MfaDeviceState d -> d.deviceId();
            case dev.opensts.iam.AccountSettingsState a -> a.accountId();
        };
    }

    static String arnOf(AggregateState s) {
        return switch (s) {
            case RoleState r -> r.arn();
            case UserState u -> u.arn();
            case ManagedPolicyState p -> p.arn();
            case OidcProviderState o -> o.arn();
            case AccountState a -> dev.opensts.arn.Arn.iamRoot(a.accountId()).toString();
            case PodIdentityAssociationState p -> p.arn();
            case InstanceProfileState p -> p.arn();
            case GroupState g -> g.arn();
            case MfaDeviceState d -> d.serialNumber();
            case dev.opensts.iam.AccountSettingsState a -> dev.opensts.iam.StreamIds.accountSettings(a.accountId());
        };
    }
}
