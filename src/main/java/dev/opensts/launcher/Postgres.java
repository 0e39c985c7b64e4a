package dev.opensts.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.regex.Pattern;

/**
 * A PostgreSQL server: zonky's embedded PostgreSQL (bundled binaries, a child process on 127.0.0.1) for the
 * local run and the tests, or one started elsewhere ({@link #external}, e.g. a test container).
 */
public final class Postgres implements AutoCloseable {

    private static final Pattern DB_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String description;
    private final AutoCloseable stopper;

    private Postgres(String host, int port, String user, String password, String description, AutoCloseable stopper) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.description = description;
        this.stopper = stopper;
    }

    /**
     * A server someone else started; {@link #stop()} calls {@code stopper}. {@code description} names it in
     * messages (it holds no secret).
     */
    public static Postgres external(String host, int port, String user, String password, String description,
            AutoCloseable stopper) {
        return new Postgres(host, port, user, password, description, stopper);
    }

    /**
     * Embedded PostgreSQL on 127.0.0.1 whose cluster lives in {@code dataDir}: created once (initdb) and
     * reused on later starts; the caller stops it. {@code port} 0 picks a free port. The server's log is
     * {@code postgres.log} beside {@code dataDir}.
     *
     * <p>Logins need the superuser {@code postgres}'s {@code password} (SCRAM-SHA-256) over TCP from
     * 127.0.0.1; the server listens on 127.0.0.1 only and on no Unix socket, and pg_hba.conf (rewritten
     * on every start) has no {@code trust} line. A new cluster gets the password from initdb. An existing
     * one gets it set, before the server accepts any connection, when {@code passwordIsNew} (the caller
     * lost the old one) or when its pg_hba.conf is not this class's, such as a cluster created by an
     * older launcher with {@code trust} authentication and no password.
     */
    public static Postgres embedded(Path dataDir, int port, String password, boolean passwordIsNew) {
        return start(dataDir, port, password, passwordIsNew, null);
    }

    /**
     * Embedded PostgreSQL in a temporary cluster on a free port of 127.0.0.1, without durability (fsync
     * off), deleted when it stops (also at JVM exit); the same authentication as {@link #embedded}. Its log
     * goes to {@code <logDir>/postgres-<port>.log}, which stays.
     */
    public static Postgres temporary(String password, Path logDir) {
        return start(null, 0, password, true, logDir);
    }

    private static Postgres start(Path dataDir, int port, String password, boolean passwordIsNew, Path logDir) {
        int p = port == 0 ? ChildProcesses.freePort() : port;
        Path pwFile = null;
        try {
            boolean existing = dataDir != null && Files.isRegularFile(dataDir.resolve("postgresql.conf"));
            Path log;
            if (dataDir != null) {
                log = dataDir.getParent().resolve("postgres.log");
            } else {
                Files.createDirectories(logDir);
                log = logDir.resolve("postgres-" + p + ".log");
            }
            EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                    .setPort(p)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", "")
                    .setServerConfig("password_encryption", "scram-sha-256")
                    .setServerConfig("max_connections", "200")
                    .setConnectConfig("password", password)
                    .setDataDirectoryCustomizer(dir -> PostgresAuth.secure(dir.toPath(), existing, password,
                            passwordIsNew, log));
            if (dataDir != null) {
                Files.createDirectories(dataDir);
                // a launcher that was SIGKILLed leaves its postmaster running: stop it first
                ChildProcesses.killStale(dataDir.resolve("postmaster.pid"), "postgres");
                // persistent cluster: the caller stops it, in order (see LocalRun)
                b.setDataDirectory(dataDir).setCleanDataDirectory(false).setRegisterShutdownHook(false)
                        // zonky defaults to fsync off; a local data dir that should survive wants it on
                        .setServerConfig("fsync", "on")
                        .setServerConfig("synchronous_commit", "on");
                pwFile = dataDir.getParent().resolve("postgres-initdb.pw");
            } else {
                // throwaway cluster: durability is not needed
                b.setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
                pwFile = Files.createTempFile("opensts-initdb-", ".pw");
            }
            if (!existing) {
                PostgresAuth.initdbWithPassword(b, pwFile, password);
            }
            PrivateFiles.file(log);
            b.setOutputRedirector(Redirect.appendTo(log.toFile())).setErrorRedirector(Redirect.appendTo(log.toFile()));
            EmbeddedPostgres pg = b.start();
            Postgres result = new Postgres("127.0.0.1", p, "postgres", password,
                    "embedded PostgreSQL 14 127.0.0.1:" + p, pg);
            result.watchParent();
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL failed to start on 127.0.0.1:" + p, e);
        } finally {
            if (pwFile != null) {
                try {
                    Files.deleteIfExists(pwFile);
                } catch (IOException ignored) {
                    // best effort; it is mode 600 in a private directory
                }
            }
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The URL form the app's reactive client takes (OPENSTS_PG_URL): {@code postgresql://host:port/db}. */
    public String reactiveUrl(String database) {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), user, password);
    }

    /** Creates the database unless it exists. Names are restricted to [a-z_][a-z0-9_]*. */
    public void createDatabase(String name) {
        if (!DB_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("bad database name: " + name);
        }
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            try (var rs = s.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                if (rs.next()) {
                    return;
                }
            }
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("CREATE DATABASE " + name + " failed on " + description, e);
        }
    }

    /**
     * The postmaster is daemonized by pg_ctl, so it would outlive a JVM killed by SIGKILL. A small shell
     * child reads this JVM's pipe until it closes (this JVM ended, however) and then sends the postmaster
     * SIGINT (fast shutdown) if it still runs.
     */
    private void watchParent() {
        try (Connection c = connect("postgres"); Statement s = c.createStatement();
                var rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            long postmaster = ProcessHandle.of(rs.getLong(1)).flatMap(ProcessHandle::parent)
                    .map(ProcessHandle::pid).orElse(-1L);
            if (postmaster <= 1 || !Files.isExecutable(Path.of("/bin/sh"))) {
                return;
            }
            watchdog = new ProcessBuilder("/bin/sh", "-c",
                    "cat >/dev/null; grep -q postgres /proc/$0/cmdline 2>/dev/null && kill -INT $0",
                    Long.toString(postmaster))
                    .redirectInput(Redirect.PIPE).redirectOutput(Redirect.DISCARD).redirectError(Redirect.DISCARD)
                    .start();
        } catch (SQLException | IOException e) {
            System.err.println("open-sts: no PostgreSQL watchdog: " + e);
        }
    }

    private Process watchdog; // kept reachable: its stdin pipe closes when this JVM ends

    /** What and where, for messages: "embedded PostgreSQL 14 127.0.0.1:PORT" or the external one's. */
    public String description() {
        return description;
    }

    public void stop() {
        try {
            stopper.close();
        } catch (Exception e) {
            System.err.println("open-sts: stopping " + description + " failed: " + e);
        }
        if (watchdog != null) {
            watchdog.destroy();
        }
    }

    @Override
    public void close() {
        stop();
    }
}
