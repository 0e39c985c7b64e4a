package dev.opensts.adapter.postgres;

import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.PolicyVersion;
import dev.opensts.iam.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A managed policy's read-model JSON written before policies had versions still reads, as its one version v1. */
class ManagedPolicyStateJsonTest {
    private final StateCodec codec = new StateCodec(EventCodec.mapper());

    @Test
    void a_state_without_versions_reads_as_version_v1() {
        String old = "{\"accountId\":\"123456789012\",\"policyName\":\"Read\",\"policyId\":\"ANPA1\",\"path\":\"/\","
                + "\"description\":null,\"document\":\"{}\",\"tags\":[{\"key\":\"k\",\"value\":\"v\"}],"
                + "\"createDate\":\"2025-01-02T03:04:05Z\"}";
        var s = (ManagedPolicyState) codec.read("policy", old);
        Instant t = Instant.parse("2025-01-02T03:04:05Z");
        assertThat(s).isEqualTo(ManagedPolicyState.created("123456789012", "Read", "ANPA1", "/", null, "{}",
                List.of(new Tag("k", "v")), t));
        assertThat(s.versions()).containsExactly(new PolicyVersion("v1", "{}", t));
        assertThat(s.defaultVersionId()).isEqualTo("v1");
    }

    @Test
    void a_state_with_versions_reads_back_equal() {
        Instant t = Instant.parse("2025-01-02T03:04:05Z");
        var s = new ManagedPolicyState("123456789012", "Read", "ANPA1", "/p/", "d", "{\"b\":1}", List.of(), t, "v4",
                List.of(new PolicyVersion("v2", "{}", t), new PolicyVersion("v4", "{\"b\":1}", t.plusSeconds(9))), 5);
        assertThat(codec.read("policy", codec.write(s))).isEqualTo(s);
        assertThat(s.updateDate()).isEqualTo(t.plusSeconds(9));
        assertThat(s.lastVersionNumber()).isEqualTo(5);
    }
}
