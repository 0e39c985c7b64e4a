package dev.opensts.app.sts;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTagsTest {

    static AssumeRoleRequest request(String policy, List<String> arns, Map<String, String> tags) {
        return new AssumeRoleRequest("arn:aws:iam::000000000000:role/r", "s", null, policy, arns, tags, List.of(),
                null, null, null, null);
    }

    @Test
    void requestTagsAndTransitiveKeysWithoutAParentSession() {
        var tags = new LinkedHashMap<String, String>();
        tags.put("team", "blue");
        tags.put("cost", "42");
        AssumeRole.SessionTags st = AssumeRole.SessionTags.of(null, tags, List.of("team"));
        assertThat(st.tags()).containsExactly(Map.entry("team", "blue"), Map.entry("cost", "42"));
        assertThat(st.transitiveKeys()).containsExactly("team");
    }

    @Test
    void aTransitiveKeyMustBeOneOfTheTags() {
        assertThatThrownBy(() -> AssumeRole.SessionTags.of(null, Map.of("a", "1"), List.of("b")))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.InvalidParameterValue));
    }

    @Test
    void keysThatDifferOnlyInCaseAreRejected() {
        var tags = new LinkedHashMap<String, String>();
        tags.put("Team", "a");
        tags.put("team", "b");
        assertThatThrownBy(() -> AssumeRole.SessionTags.of(null, tags, List.of()))
                .isInstanceOfSatisfying(AwsException.class, e -> assertThat(e.getMessage()).contains("case insensitive"));
    }

    @Test
    void noPoliciesAndNoTagsMeanNoPackedSize() {
        var req = request(null, List.of(), Map.of());
        assertThat(AssumeRole.packedSize(req, AssumeRole.SessionTags.of(null, Map.of(), List.of()))).isNull();
    }

    @Test
    void packedSizeGrowsWithThePolicyAndRefusesOverOneHundredPercent() {
        String small = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}";
        var none = AssumeRole.SessionTags.of(null, Map.of(), List.of());
        int a = AssumeRole.packedSize(request(small, List.of(), Map.of()), none);
        int b = AssumeRole.packedSize(request(small + " ".repeat(100), List.of("arn:aws:iam::000000000000:policy/p"),
                Map.of()), none);
        assertThat(a).isBetween(1, 100);
        assertThat(b).isGreaterThan(a);
        String huge = "x".repeat(2100);
        assertThatThrownBy(() -> AssumeRole.packedSize(request(huge, List.of(), Map.of()), none))
                .isInstanceOfSatisfying(AwsException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.PackedPolicyTooLarge));
    }
}
