package dev.opensts.adapter.postgres;

import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;

/** The actor_* columns of iam_events and revocations (V4): the envelope's actor, each null when it has none. */
final class ActorColumns {
    private ActorColumns() {
    }

    static String type(EventEnvelope<?> e) {
        return e.actor() == null ? null : e.actor().type();
    }

    static String arn(EventEnvelope<?> e) {
        return e.actor() == null ? null : e.actor().arn();
    }

    static String accessKeyId(EventEnvelope<?> e) {
        return e.actor() == null ? null : e.actor().accessKeyId();
    }

    static String accountId(EventEnvelope<?> e) {
        return e.actor() == null ? null : e.actor().accountId();
    }

    /** The actor stored in a row's actor_* columns; null when actor_type is (an event from before actors). */
    static Actor read(io.vertx.mutiny.sqlclient.Row row) {
        String type = row.getString("actor_type");
        return type == null ? null : new Actor(type, row.getString("actor_arn"), row.getString("actor_access_key_id"),
                row.getString("actor_account_id"));
    }
}
