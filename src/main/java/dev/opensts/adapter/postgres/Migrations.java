package dev.opensts.adapter.postgres;

import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Schema migrations, applied at start in version order, each once: a script whose version (the number after its
 * {@code V}) is not in schema_history yet is applied, so versions may have gaps and a lower version added later is
 * still applied. Replicas starting together serialize on an advisory lock, so exactly one applies each script.
 */
public final class Migrations {
    private static final Logger LOG = Logger.getLogger(Migrations.class);
    private static final long LOCK_KEY = 0x0_9e_57_5_0L;
    /** Append only: a released script never changes. */
    static final List<String> SCRIPTS = List.of("V1__iam_read_model.sql", "V2__compact_snapshot.sql",
            "V3__revocations.sql", "V4__event_actors.sql", "V5__audit_index.sql",
            "V6__audit_lookup_actor_index.sql");

    private Migrations() {
    }

    /** Blocking: call from a worker thread at start. */
    public static void apply(Pool pool) {
        SqlConnection conn = pool.getConnection().await().indefinitely();
        try {
            conn.query("SELECT pg_advisory_lock(" + LOCK_KEY + ")").execute().await().indefinitely();
            boolean fresh = conn.query("SELECT to_regclass('schema_history') IS NULL AS fresh").execute()
                    .await().indefinitely().iterator().next().getBoolean("fresh");
            if (fresh) {
                conn.query("CREATE TABLE schema_history (version integer PRIMARY KEY, script text NOT NULL,"
                        + " applied_at timestamptz NOT NULL DEFAULT now())").execute().await().indefinitely();
            }
            var applied = new java.util.HashSet<Integer>();
            for (var row : conn.query("SELECT version FROM schema_history").execute().await().indefinitely()) {
                applied.add(row.getInteger("version"));
            }
            for (String script : SCRIPTS.stream().sorted(java.util.Comparator.comparingInt(Migrations::version))
                    .toList()) {
                int v = version(script);
                if (applied.contains(v)) {
                    continue;
                }
                var tx = conn.begin().await().indefinitely();
                conn.query(read(script)).execute().await().indefinitely();
                conn.preparedQuery("INSERT INTO schema_history (version, script) VALUES ($1, $2)")
                        .execute(Tuple.of(v, script)).await().indefinitely();
                tx.commit().await().indefinitely();
                LOG.infof("applied schema migration %s", script);
            }
        } finally {
            conn.query("SELECT pg_advisory_unlock(" + LOCK_KEY + ")").execute().await().indefinitely();
            conn.close().await().indefinitely();
        }
    }

    /** The version a script's name carries: 5 for {@code V5__audit_index.sql}. */
    static int version(String script) {
        return Integer.parseInt(script.substring(1, script.indexOf("__")));
    }

    private static String read(String script) {
        try (InputStream in = Migrations.class.getResourceAsStream("/db/" + script)) {
            if (in == null) {
                throw new IllegalStateException("missing migration " + script);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
