package dev.opensts.iam;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersionRuleTest {
    @Test
    void an_event_applies_only_at_the_version_it_expects() {
        assertThat(VersionRule.applies(VersionRule.INITIAL, 0)).isTrue();
        assertThat(VersionRule.applies(3, 3)).isTrue();
        assertThat(VersionRule.applies(3, 2)).as("stale: another writer got in first, or a redelivery").isFalse();
        assertThat(VersionRule.applies(3, 4)).as("ahead of the stream").isFalse();
        assertThat(VersionRule.applies(0, 1)).as("an absent stream takes only a first event").isFalse();
    }

    @Property
    void applying_moves_the_stream_on_by_one_so_a_copy_is_skipped(@ForAll @LongRange(min = 0, max = 1 << 40) long v) {
        assertThat(VersionRule.applies(v, v)).isTrue();
        long next = VersionRule.next(v);
        assertThat(next).isEqualTo(v + 1);
        assertThat(VersionRule.applies(next, v)).isFalse();
    }

    @Test
    void the_envelope_form_reads_its_expected_version() {
        var e = new EventEnvelope<IamEvent>("id", "s", 2, java.time.Instant.EPOCH, "src", null,
                new RoleEvent.RoleDeleted("123456789012", "App"));
        assertThat(VersionRule.applies(2, e)).isTrue();
        assertThat(VersionRule.applies(1, e)).isFalse();
    }
}
