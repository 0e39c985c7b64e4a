package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Effect;
import dev.opensts.sts.IssuanceRecord;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit record's JSON, written by hand, is what a JSON parser reads back. */
class JsonBytesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the text becomes in UTF-8: lone surrogates cannot be encoded and become U+FFFD. */
    private static String wellFormed(String s) {
        var sb = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                sb.append(c).append(s.charAt(++i));
            } else {
                sb.append(Character.isSurrogate(c) ? '\uFFFD' : c);
            }
        }
        return sb.toString();
    }

    @Property(tries = 3000)
    void anyStringReadsBack(@ForAll String name, @ForAll String value) throws Exception {
        byte[] doc = new JsonBytes(4).startObject().field(name, value).name("n").value(-7L).endObject().toByteArray();
        JsonNode read = JSON.readTree(doc);
        assertThat(read.get(wellFormed(name)).textValue()).isEqualTo(wellFormed(value));
        assertThat(read.get("n").longValue()).isEqualTo(-7L);
        assertThat(read.size()).isEqualTo(name.equals("n") ? 1 : 2);
    }

    @Test
    void controlCharactersQuotesAndBackslashesAreEscaped() throws Exception {
        String tricky = "a\"b\\c\n\r\t\u0000\u001f\u007f é 😀 \u2028 </x>";
        byte[] doc = new JsonBytes(8).startArray().value(tricky).nullValue().value(true).value(false).endArray()
                .toByteArray();
        String text = new String(doc, java.nio.charset.StandardCharsets.UTF_8);
        assertThat(text).doesNotContain("\n").doesNotContain("\u0000").contains("\\u0000").contains("\\u001f");
        JsonNode read = JSON.readTree(doc);
        assertThat(read.get(0).textValue()).isEqualTo(tricky);
        assertThat(read.get(1).isNull()).isTrue();
        assertThat(read.get(2).booleanValue()).isTrue();
        assertThat(read.get(3).booleanValue()).isFalse();
    }

    @Test
    void theAuditRecordIsTheDocumentItDescribes() throws Exception {
        var identity = new LinkedHashMap<String, Object>();
        identity.put("type", "AssumedRole");
        identity.put("arn", "arn:aws:sts::123456789012:assumed-role/app/s\"1");
        identity.put("sessionContext", Map.of("attributes", Map.of("mfaAuthenticated", "false")));
        var params = new LinkedHashMap<String, Object>();
        params.put("roleArn", "arn:aws:iam::123456789012:role/app");
        params.put("durationSeconds", 900);
        params.put("policy", "{\"Version\":\"2012-10-17\",\n\"Statement\":[]}");
        params.put("tags", List.of(Map.of("key", "k", "value", "v é")));
        params.put("transitiveTagKeys", List.of("k"));
        var response = new LinkedHashMap<String, Object>();
        response.put("credentials", Map.of("accessKeyId", "ASIAEXAMPLE", "expiration", "2026-11-28T12:00:00Z"));
        response.put("packedPolicySize", 12);
        var record = new IssuanceRecord("AssumeRole", Instant.parse("2026-11-28T11:00:00.123Z"), "rid-1",
                "123456789012", identity, "127.0.0.1", "aws-sdk-java/2 \u0001", params, response, null, null,
                "Allow", List.of(new DecidingStatement("trust", "Allow\\Sid", 0, Effect.ALLOW)));

        JsonNode read = JSON.readTree(KafkaIssuanceLog.encode(record, "/opensts/r1"));

        assertThat(read.get("specversion").textValue()).isEqualTo("1.0");
        assertThat(read.get("id").textValue()).isEqualTo("rid-1");
        assertThat(read.get("source").textValue()).isEqualTo("/opensts/r1");
        assertThat(read.get("type").textValue()).isEqualTo("dev.opensts.sts.AssumeRole");
        assertThat(read.get("time").textValue()).isEqualTo("2026-11-28T11:00:00.123Z");
        assertThat(read.get("schemaversion").intValue()).isEqualTo(KafkaIssuanceLog.SCHEMA_VERSION);
        JsonNode data = read.get("data");
        assertThat(data.get("userIdentity")).isEqualTo(JSON.valueToTree(identity));
        assertThat(data.get("requestParameters")).isEqualTo(JSON.valueToTree(params));
        assertThat(data.get("responseElements")).isEqualTo(JSON.valueToTree(response));
        assertThat(data.get("userAgent").textValue()).isEqualTo("aws-sdk-java/2 \u0001");
        assertThat(data.get("errorCode").isNull()).isTrue();
        assertThat(data.get("decision").textValue()).isEqualTo("Allow");
        assertThat(data.get("decidingStatements").get(0).get("sid").textValue()).isEqualTo("Allow\\Sid");
        assertThat(data.get("decidingStatements").get(0).get("index").intValue()).isZero();
        assertThat(data.get("decidingStatements").get(0).get("effect").textValue()).isEqualTo("ALLOW");
    }
}
