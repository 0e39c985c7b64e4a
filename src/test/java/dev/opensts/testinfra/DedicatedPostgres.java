package dev.opensts.testinfra;

import dev.opensts.launcher.ChildProcesses;
import dev.opensts.launcher.Postgres;
import dev.opensts.launcher.RandomSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PostgreSQL server of its own (embedded, on a free port, in a temporary directory deleted at close) that can
 * be stopped and started again on the same data, for a test that takes the database away from a replica without
 * disturbing the shared one.
 */
public final class DedicatedPostgres implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final String password = RandomSecrets.lowercase(32);
    private Postgres postgres;

    private DedicatedPostgres(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static DedicatedPostgres start() {
        try {
            DedicatedPostgres pg = new DedicatedPostgres(Files.createTempDirectory("opensts-pg-"), ChildProcesses.freePort());
            pg.resume();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the server (a fast shutdown: open transactions are rolled back), keeping its data and port. */
    public synchronized void halt() {
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
    }

    /** Starts it again on the same data and port. */
    public synchronized void resume() {
        if (postgres == null) {
            postgres = Postgres.embedded(dir.resolve("data"), port, password, false);
        }
    }

    public synchronized Postgres postgres() {
        return postgres;
    }

    public String reactiveUrl(String database) {
        return "postgresql://127.0.0.1:" + port + "/" + database;
    }

    public String user() {
        return "postgres";
    }

    public String password() {
        return password;
    }

    @Override
    public synchronized void close() {
        halt();
        ChildProcesses.deleteRecursively(dir);
    }
}
