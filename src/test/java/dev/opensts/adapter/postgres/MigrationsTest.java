package dev.opensts.adapter.postgres;

import org.junit.jupiter.api.Test;

import java.util.HashSet;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationsTest {

    @Test
    void aScriptsVersionIsTheNumberInItsName() {
        assertThat(Migrations.version("V5__audit_index.sql")).isEqualTo(5);
        assertThat(Migrations.version("V12__x.sql")).isEqualTo(12);
    }

    @Test
    void everyScriptHasItsOwnVersionAndExists() {
        var versions = new HashSet<Integer>();
        for (String script : Migrations.SCRIPTS) {
            assertThat(versions.add(Migrations.version(script))).as(script).isTrue();
            assertThat(Migrations.class.getResource("/db/" + script)).as(script).isNotNull();
        }
    }
}
