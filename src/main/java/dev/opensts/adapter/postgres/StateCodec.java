package dev.opensts.adapter.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.arn.Arn;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.MfaDeviceState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import dev.opensts.view.DeferredState;
import dev.opensts.view.Stored;

/**
 * Aggregate states in PostgreSQL: as JSON (the jsonb state column, the read model of record) and in compact
 * binary form (the snapshot column a starting replica reads, {@link CompactStates}); the kind column says which
 * record a row holds.
 */
final class StateCodec {
    private static final CompactStates COMPACT = new CompactStates(AccountState.class, UserState.class,
            RoleState.class, ManagedPolicyState.class, OidcProviderState.class, PodIdentityAssociationState.class,
            InstanceProfileState.class,
            GroupState.class,
            MfaDeviceState.class, dev.opensts.iam.AccountSettingsState.class);

    private final ObjectMapper json;

    StateCodec(ObjectMapper json) {
        this.json = json;
    }

    /** The compact form of a state, or null for none (a deleted aggregate). */
    static byte[] compact(Object state) {
        return COMPACT.write(state);
    }

    /**
     * The state from its compact form, deferred (decoded on first use) for roles and managed policies, of which a
     * deployment may hold very many; or null when that was written under another layout of the record.
     */
    static Stored readCompactDeferred(String kind, long version, byte[] bytes) {
        Class<? extends AggregateState> type = typeOf(kind);
        if (type != RoleState.class && type != ManagedPolicyState.class) {
            AggregateState state = COMPACT.read(type, bytes);
            return state == null ? null : Stored.of(version, state);
        }
        return COMPACT.matches(type, bytes) ? Stored.deferred(version, new Deferred(type, bytes)) : null;
    }

    /** A compact state of today's layout, decoded when the view first needs it. */
    private record Deferred(Class<? extends AggregateState> type, byte[] bytes) implements DeferredState {
        @Override
        public AggregateState decode() {
            try {
                return COMPACT.read(type, bytes);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("unreadable compact " + type.getSimpleName(), e);
            }
        }
    }

    /** The state from its compact form, or null when that was written under another layout of the record. */
    static AggregateState readCompact(String kind, byte[] bytes) {
        return COMPACT.read(typeOf(kind), bytes);
    }

    static String kindOf(String streamId) {
        Arn arn = Arn.parse(streamId);
        if (arn == null) {
            throw new IllegalArgumentException("not a stream id: " + streamId);
        }
        return arn.resourceType();
    }

    static Class<? extends AggregateState> typeOf(String kind) {
        return switch (kind) {
            case "root" -> AccountState.class;
            case "user" -> UserState.class;
            case "role" -> RoleState.class;
            case "policy" -> ManagedPolicyState.class;
            case "oidc-provider" -> OidcProviderState.class;
            case StreamIds.POD_IDENTITY_ASSOCIATION -> PodIdentityAssociationState.class;
            case "instance-profile" -> InstanceProfileState.class;
            case "group" -> GroupState.class;
            case "mfa" -> MfaDeviceState.class;
            case StreamIds.ACCOUNT_SETTINGS -> dev.opensts.iam.AccountSettingsState.class;
            default -> throw new IllegalArgumentException("unknown aggregate kind " + kind);
        };
    }

    String write(Object state) {
        try {
            return state == null ? null : json.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    AggregateState read(String kind, String text) {
        try {
            return text == null ? null : json.readValue(text, typeOf(kind));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + kind + " state", e);
        }
    }
}
