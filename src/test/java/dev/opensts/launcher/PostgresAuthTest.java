package dev.opensts.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * pg_hba.conf of an existing cluster, before the server starts: the rules this launcher wrote (under either
 * of its two paths) are only refreshed; anything else first has the superuser's password set, which here,
 * without a postgres binary, fails and so shows that it was attempted.
 */
class PostgresAuthTest {

    @TempDir
    Path dir;

    @Test
    void theRulesWrittenFromTheTestTreeNeedNoPasswordReset() throws Exception {
        Files.writeString(dir.resolve("pg_hba.conf"), PostgresAuth.HBA_BEFORE_THE_MOVE);
        PostgresAuth.secure(dir, true, "pw", false, dir.resolve("postgres.log"));
        assertThat(Files.readString(dir.resolve("pg_hba.conf"))).isEqualTo(PostgresAuth.HBA);
        assertThat(PostgresAuth.HBA_BEFORE_THE_MOVE).isNotEqualTo(PostgresAuth.HBA)
                .contains("src/test/java/dev/opensts/testinfra/PostgresAuth.java");
    }

    @Test
    void trustRulesGetThePasswordSetFirst() throws Exception {
        Files.writeString(dir.resolve("pg_hba.conf"), "host all all 127.0.0.1/32 trust\n");
        assertThatThrownBy(() -> PostgresAuth.secure(dir, true, "pw", false, dir.resolve("postgres.log")))
                .hasMessageContaining("cannot set the password");
        // no login possible until the password is set
        assertThat(Files.readString(dir.resolve("pg_hba.conf"))).doesNotContain("trust").doesNotContain("host");
    }

    @Test
    void aNewPasswordIsSetEvenUnderTheCurrentRules() throws Exception {
        Files.writeString(dir.resolve("pg_hba.conf"), PostgresAuth.HBA);
        assertThatThrownBy(() -> PostgresAuth.secure(dir, true, "pw", true, dir.resolve("postgres.log")))
                .hasMessageContaining("cannot set the password");
    }
}
