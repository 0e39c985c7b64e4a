package dev.opensts.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opensts.testinfra.ListeningSockets;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded PostgreSQL of the local run (and of the tests): it listens on 127.0.0.1 only, on no Unix
 * socket, and every login needs the superuser's password over SCRAM-SHA-256; a cluster created by the
 * older launcher (trust, no password) is upgraded in place on its next start.
 */
class PostgresSecurityIT {

    @TempDir
    Path dir;

    @Test
    void aNewClusterTakesOnlyItsPasswordFromLoopback() throws Exception {
        Path data = dir.resolve("postgres");
        String password = RandomSecrets.lowercase(40);
        Postgres pg = Postgres.embedded(data, 0, password, true);
        try {
            assertLockedDown(pg);
            assertRefused(pg, "postgres");
            assertRefused(pg, password.substring(1));
            assertThat(mode(data)).isEqualTo("rwx------");
            assertThat(mode(dir.resolve("postgres.log"))).isEqualTo("rw-------");
            assertThat(Files.readString(dir.resolve("postgres.log"))).doesNotContain(password);
            try (var files = Files.list(dir)) {
                // the password file initdb read is gone
                assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("postgres", "postgres.log");
            }
        } finally {
            pg.stop();
        }

        // a restart with the saved password: nothing changes
        pg = Postgres.embedded(data, 0, password, false);
        try {
            assertLockedDown(pg);
            assertRefused(pg, "wrong-" + password);
        } finally {
            pg.stop();
        }

        // secrets.env lost: the launcher generates a new password and sets it; the old one no longer works
        String newPassword = RandomSecrets.lowercase(40);
        pg = Postgres.embedded(data, 0, newPassword, true);
        try {
            assertLockedDown(pg);
            assertRefused(pg, password);
            assertThat(Files.readString(dir.resolve("postgres.log"))).doesNotContain(password).doesNotContain(newPassword);
        } finally {
            pg.stop();
        }
    }

    @Test
    void aClusterOfTheOlderLauncherIsUpgradedInPlace() throws Exception {
        Path data = dir.resolve("postgres");
        Path log = dir.resolve("postgres.log");
        int port = ChildProcesses.freePort();
        // exactly what the older launcher did: zonky's initdb (-A trust, no password)
        EmbeddedPostgres legacy = EmbeddedPostgres.builder().setPort(port).setDataDirectory(data)
                .setCleanDataDirectory(false).setRegisterShutdownHook(false)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setOutputRedirector(Redirect.appendTo(log.toFile())).setErrorRedirector(Redirect.appendTo(log.toFile()))
                .start();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres",
                "postgres", "anything"); Statement s = c.createStatement()) {
            assertThat(strings(s, "SELECT DISTINCT auth_method FROM pg_hba_file_rules")).contains("trust");
            s.execute("CREATE TABLE kept (v text)");
            s.execute("INSERT INTO kept VALUES ('from the older launcher')");
        } finally {
            legacy.close();
        }

        String password = RandomSecrets.lowercase(40);
        Postgres pg = Postgres.embedded(data, port, password, true);
        try {
            assertLockedDown(pg);
            assertRefused(pg, "postgres");
            assertRefused(pg, "anything");
            try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
                assertThat(strings(s, "SELECT v FROM kept")).containsExactly("from the older launcher");
            }
            assertThat(Files.readString(log)).doesNotContain(password);
        } finally {
            pg.stop();
        }
    }

    /** Listens on 127.0.0.1 only, no socket, SCRAM-SHA-256 for every login, the superuser has a verifier. */
    private static void assertLockedDown(Postgres pg) throws SQLException {
        try (Connection c = pg.connect("postgres"); Statement s = c.createStatement()) {
            assertThat(strings(s, "SHOW listen_addresses")).containsExactly("127.0.0.1");
            assertThat(strings(s, "SHOW unix_socket_directories")).containsExactly("");
            assertThat(strings(s, "SHOW password_encryption")).containsExactly("scram-sha-256");
            assertThat(strings(s, "SELECT type || ' ' || coalesce(address, '-') || ' ' || coalesce(netmask, '-') || ' '"
                    + " || auth_method || ' ' || coalesce(error, 'ok') FROM pg_hba_file_rules"))
                    .containsExactly("host 127.0.0.1 255.255.255.255 scram-sha-256 ok");
            assertThat(strings(s, "SELECT rolname || ' ' || left(coalesce(rolpassword, 'none'), 14) FROM pg_authid"
                    + " WHERE rolcanlogin")).containsExactly("postgres SCRAM-SHA-256$");
        }
        ListeningSockets.addresses(pg.port())
                .ifPresent(a -> assertThat(a).as("listening addresses of port %d", pg.port())
                        .containsExactly(ListeningSockets.LOOPBACK_V4));
        // nothing on the IPv6 loopback either
        assertThatThrownBy(() -> DriverManager.getConnection("jdbc:postgresql://[::1]:" + pg.port() + "/postgres",
                pg.user(), pg.password()).close()).isInstanceOf(SQLException.class);
    }

    private static void assertRefused(Postgres pg, String password) {
        assertThatThrownBy(() -> DriverManager.getConnection(pg.jdbcUrl("postgres"), pg.user(), password).close())
                .isInstanceOfSatisfying(SQLException.class,
                        e -> assertThat(e.getSQLState()).as(e.getMessage()).isEqualTo("28P01")); // invalid_password
    }

    private static List<String> strings(Statement s, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (var rs = s.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
