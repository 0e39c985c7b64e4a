package dev.opensts.iam;

import java.util.HashMap;
import java.util.Map;

/**
 * The one table from an IAM event's CloudEvents type ({@code dev.opensts.iam.<Record>}) to its record class, built
 * from the sealed hierarchy: the Kafka codec reads events with it, and the history reads the events stored in
 * PostgreSQL with it.
 */
public final class IamEventTypes {
    private static final Map<String, Class<? extends IamEvent>> TYPES = new HashMap<>();

    static {
        register(IamEvent.class);
    }

    private IamEventTypes() {
    }

    /** The record class of a type; null for a type that is no IAM event. */
    public static Class<? extends IamEvent> of(String type) {
        return TYPES.get(type);
    }

    @SuppressWarnings("unchecked")
    private static void register(Class<?> type) {
        if (type.isSealed()) {
            for (Class<?> sub : type.getPermittedSubclasses()) {
                register(sub);
            }
        } else if (type.isRecord()) {
            TYPES.put(IamEvent.TYPE_PREFIX + type.getSimpleName(), (Class<? extends IamEvent>) type);
        }
    }
}
