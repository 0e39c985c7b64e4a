package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.it.Sts;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.sts.model.Credentials;
import software.amazon.awssdk.services.sts.model.Tag;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D8: input never causes a 5xx. A session too large for its token is PackedPolicyTooLarge (with its denial on the
 * issuance topic); numbers and timestamps out of range are ValidationError and change nothing.
 */
class BadInputSecurityIT extends SecurityItBase {
    /** A role path of 500 characters: the longest AWS allows is 512. */
    static final String LONG_PATH = "/" + "p".repeat(498) + "/";
    KafkaConsumer<String, byte[]> consumer;
    final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    @BeforeAll
    void subscribe() {
        consumer = Sts.issuanceConsumer(cluster);
    }

    @AfterAll
    void unsubscribe() {
        if (consumer != null) {
            consumer.close();
        }
    }

    /** A CJK string of {@code n} characters (3 bytes each in UTF-8), distinct per {@code i}. */
    static String cjk(int i, int n) {
        StringBuilder sb = new StringBuilder(n).append((char) ('\u4e00' + i));
        while (sb.length() < n) {
            sb.append((char) ('\u4e00' + (sb.length() * 7 + i) % 0x5000));
        }
        return sb.toString();
    }

    String taggableRole() {
        return role(iam, LONG_PATH, unique("big"), trustActions(A_ROOT, "sts:AssumeRole", "sts:TagSession"), null);
    }

    void packedPolicyTooLarge(String roleArn, List<Tag> tags) throws Exception {
        AwsServiceException e = Sts.fails("PackedPolicyTooLarge", 400, () -> sts(rootKey()).assumeRole(r -> r
                .roleArn(roleArn).roleSessionName("big").tags(tags)));
        JsonNode record = Sts.JSON.readTree(Sts.awaitRecord(consumer, seen, e.requestId()).value());
        JsonNode d = record.path("data");
        assertThat(d.path("eventName").asText()).isEqualTo("AssumeRole");
        assertThat(d.path("errorCode").asText()).isEqualTo("PackedPolicyTooLarge");
        assertThat(d.path("additionalEventData").path("decision").asText()).isIn("Deny", "ExplicitDeny");
        assertThat(d.path("responseElements").isNull() || d.path("responseElements").isMissingNode()).isTrue();
    }

    /**
     * The spec's case. Passes on the landed code: 3,072 characters of tags are over the 2,048-character budget, which
     * is checked before the token is built. The next test is the one that reaches the token (a 500 today).
     */
    @Test
    void eightLongCjkTagsOnARoleWithALongPathArePackedPolicyTooLarge() throws Exception {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tags.add(Tag.builder().key(cjk(i, 128)).value(cjk(i + 50, 256)).build());
        }
        packedPolicyTooLarge(taggableRole(), tags);
    }

    /** 2,048 characters of tags (the whole character budget, not over it) that cannot fit a session token. */
    @Test
    void tagsWithinTheCharacterBudgetThatDoNotFitTheTokenArePackedPolicyTooLarge() throws Exception {
        List<Tag> tags = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tags.add(Tag.builder().key(cjk(i, 128)).value(cjk(i + 50, 256)).build());
        }
        tags.add(Tag.builder().key(cjk(9, 64)).value(cjk(60, 64)).build());
        packedPolicyTooLarge(taggableRole(), tags);
    }

    /** "-1e30" is already a ValidationError on the landed code (kept: the spec names it); the others are not. */
    @ParameterizedTest
    @ValueSource(strings = {"99999999999999999999", "-1e30", "9999999999999", "+999999999-12-31T23:59:59Z",
            "+10000-01-01T00:00:00Z", "1969-12-31T23:59:59Z"})
    void revokeSessionsWithAnIssuedBeforeOutOfRangeIsValidationErrorAndRevokesNothing(String issuedBefore) {
        String arn = role(iam, "/", unique("keep"), trust(A_ROOT), null);
        Credentials s = assume(sts(rootKey()), arn, "keep");
        Answer a = stsCall(rootKey().signing(), "Action", "RevokeSessions", "RoleArn", arn,
                "IssuedBefore", issuedBefore);
        a.is(400, "ValidationError");
        assertThat(Sts.sts(replica, s).getCallerIdentity().arn()).contains("assumed-role");
    }

    /** Guard: already a ValidationError on the landed code (the model's integer); the spec lists it under D8. */
    @Test
    void aDurationSecondsBeyondAnIntegerIsValidationError() {
        String arn = role(iam, "/", unique("dur"), trust(A_ROOT), null);
        Answer a = stsCall(rootKey().signing(), "Action", "AssumeRole", "RoleArn", arn, "RoleSessionName", "dur",
                "DurationSeconds", "99999999999").is(400, "ValidationError");
        assertThat(a.message()).containsIgnoringCase("durationSeconds");
        Answer g = stsCall(rootKey().signing(), "Action", "GetSessionToken", "DurationSeconds", "99999999999")
                .is(400, "ValidationError");
        assertThat(g.message()).containsIgnoringCase("durationSeconds");
    }

    /** Guard: already a ValidationError on the landed code (the model's bounds); the spec lists it under D8. */
    @ParameterizedTest
    @ValueSource(strings = {"-1", "0", "2147483648", "99999999999999999999"})
    void aMaxItemsOutOfRangeIsValidationError(String maxItems) {
        for (String action : new String[]{"ListRoles", "ListUsers", "ListPolicies"}) {
            Answer a = iamCall(rootKey().signing(), "Action", action, "MaxItems", maxItems).is(400, "ValidationError");
            assertThat(a.message()).containsIgnoringCase("maxItems");
        }
    }
}
