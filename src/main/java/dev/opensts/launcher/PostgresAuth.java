package dev.opensts.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import io.zonky.test.db.postgres.util.LinuxUtils;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Authentication of the embedded PostgreSQL clusters ({@link Postgres#embedded}): the superuser logs in
 * with a password (SCRAM-SHA-256) over TCP from 127.0.0.1, and nothing is trusted. zonky's initdb would
 * write {@code trust} lines and leave the superuser without a password; a cluster made that way by an
 * older launcher gets its password set in single-user mode, before the server takes any connection.
 */
final class PostgresAuth {

    /** pg_hba.conf of every embedded cluster, rewritten on every start. */
    static final String HBA = """
            # Written by open-sts (src/main/java/dev/opensts/launcher/PostgresAuth.java) on every start.
            # Password logins (SCRAM-SHA-256) over TCP from 127.0.0.1 only; the server listens on
            # 127.0.0.1 and on no Unix socket. Anything else matches no line and is refused.
            host    all    all    127.0.0.1/32    scram-sha-256
            """;

    /**
     * The same rules as {@link #HBA}, written while this class lived in the test tree: a cluster that has
     * them already requires the password, so it needs no password reset, only the new text.
     */
    static final String HBA_BEFORE_THE_MOVE = HBA.replace("src/main/java/dev/opensts/launcher/",
            "src/test/java/dev/opensts/testinfra/");

    /** While the password is being set: a crash here leaves a cluster that refuses every login. */
    private static final String HBA_PENDING = "# open-sts: the superuser password is being set; no logins\n";

    private PostgresAuth() {
    }

    /**
     * Makes zonky's initdb give the superuser {@code password} and SCRAM-SHA-256 for both connection
     * kinds. zonky runs {@code initdb -A trust -U postgres ...} followed by one {@code --key=value} per
     * "locale" setting; initdb takes the last value of an option, so these override {@code -A trust}.
     * The password goes through a mode-600 file, not the command line (which {@code ps} shows).
     */
    static void initdbWithPassword(EmbeddedPostgres.Builder b, Path pwFile, String password) throws IOException {
        Files.deleteIfExists(pwFile);
        Files.createFile(pwFile, PosixFilePermissions.asFileAttribute(PrivateFiles.OWNER_RW));
        Files.writeString(pwFile, password + "\n", StandardCharsets.UTF_8);
        b.setLocaleConfig("auth-local", "scram-sha-256")
                .setLocaleConfig("auth-host", "scram-sha-256")
                .setLocaleConfig("pwfile", pwFile.toString());
    }

    /**
     * Called by zonky after initdb and before the server starts. Writes {@link #HBA}; on an existing
     * cluster whose pg_hba.conf was not that (an older launcher's, with {@code trust}), or when the
     * password is new (secrets.env was lost), first sets the superuser's password offline.
     */
    static void secure(Path dataDir, boolean existing, String password, boolean passwordIsNew, Path log) {
        try {
            Path hba = dataDir.resolve("pg_hba.conf");
            String current = Files.isRegularFile(hba) ? Files.readString(hba, StandardCharsets.UTF_8) : "";
            boolean ours = current.equals(HBA) || current.equals(HBA_BEFORE_THE_MOVE);
            if (existing && (passwordIsNew || !ours)) {
                boolean trusted = hasTrustLine(current);
                Files.writeString(hba, HBA_PENDING, StandardCharsets.UTF_8);
                setPassword(dataDir, password, log);
                System.out.println(trusted
                        ? "open-sts: PostgreSQL in " + dataDir + " was created by an older launcher with trust"
                                + " authentication; it now requires the generated password (OPENSTS_PG_PASSWORD in"
                                + " secrets.env) over SCRAM-SHA-256"
                        : "open-sts: PostgreSQL in " + dataDir + ": superuser password set to OPENSTS_PG_PASSWORD"
                                + " from secrets.env");
                current = HBA_PENDING;
            }
            if (!current.equals(HBA)) {
                Files.writeString(hba, HBA, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean hasTrustLine(String hba) {
        return hba.lines().map(String::strip).filter(l -> !l.startsWith("#"))
                .anyMatch(l -> List.of(l.split("\\s+")).contains("trust"));
    }

    /**
     * {@code ALTER ROLE postgres PASSWORD ...} in single-user mode (no listener, no socket). The statement
     * goes through stdin, and {@code log_min_error_statement=panic} keeps it out of the log even if it fails.
     */
    private static void setPassword(Path dataDir, String password, Path log) throws IOException {
        if (password.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("the PostgreSQL password must not contain control characters");
        }
        List<String> cmd = new ArrayList<>();
        if (LinuxUtils.isUnshareAvailable()) {
            // as zonky does when running as root: PostgreSQL refuses to run as root
            cmd.addAll(List.of("unshare", "-U"));
        }
        cmd.addAll(List.of(postgresBinary(dataDir).toString(), "--single", "-D", dataDir.toString(),
                "-c", "listen_addresses=", "-c", "unix_socket_directories=",
                "-c", "password_encryption=scram-sha-256", "-c", "log_statement=none",
                "-c", "log_min_error_statement=panic", "postgres"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(Redirect.appendTo(log.toFile()))
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(("ALTER ROLE postgres PASSWORD '" + password.replace("'", "''") + "';\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("setting the PostgreSQL password in " + dataDir + " timed out; see " + log);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IllegalStateException("interrupted", e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("setting the PostgreSQL password in " + dataDir + " failed (exit "
                    + p.exitValue() + "); see " + log);
        }
    }

    /**
     * The postgres binary the cluster last ran with, from postmaster.opts (which PostgreSQL writes at
     * every start: the binary's path, then the arguments in double quotes). zonky has just unpacked the
     * same binaries to the same place, named after their digest.
     */
    private static Path postgresBinary(Path dataDir) throws IOException {
        Path opts = dataDir.resolve("postmaster.opts");
        if (Files.isRegularFile(opts)) {
            String line = Files.readString(opts, StandardCharsets.UTF_8).strip();
            int args = line.indexOf(" \"");
            Path bin = Path.of(args < 0 ? line : line.substring(0, args));
            if (Files.isExecutable(bin)) {
                return bin;
            }
        }
        throw new IllegalStateException("cannot set the password of the PostgreSQL cluster in " + dataDir
                + ": its postmaster.opts names no postgres binary that exists now. Move " + dataDir
                + " aside to start with a new cluster (open-sts fills its PostgreSQL view again from the Kafka"
                + " topics).");
    }
}
