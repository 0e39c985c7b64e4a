package dev.opensts.adapter.postgres;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.arn.Arn;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserState;

/** Aggregate states as JSON in PostgreSQL; the kind column says which record a row holds. */
final class StateCodec {
    private final ObjectMapper json;

    StateCodec(ObjectMapper json) {
        this.json = json;
    }

    static String kindOf(String streamId) {
        Arn arn = Arn.parse(streamId);
        if (arn == null) {
            throw new IllegalArgumentException("not a stream id: " + streamId);
        }
        return arn.resourceType();
    }

    static Class<?> typeOf(String kind) {
        return switch (kind) {
            case "root" -> AccountState.class;
            case "user" -> UserState.class;
            case "role" -> RoleState.class;
            case "policy" -> ManagedPolicyState.class;
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

    Object read(String kind, String text) {
        try {
            return text == null ? null : json.readValue(text, typeOf(kind));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable " + kind + " state", e);
        }
    }
}
