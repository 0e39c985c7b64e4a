package dev.opensts.adapter.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.trail.Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The digest topic's record is what docs/audit-events.md shows, field for field. */
class KafkaDigestLogTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theDocumentedExampleHasExactlyTheFieldsTheEncoderWrites() throws Exception {
        Digest d = new Digest(Instant.parse("2026-11-30T14:00:00Z"), Instant.parse("2026-11-30T15:00:00Z"), 1843,
                "aa", "bb", "cc", "k2", "dd");
        JsonNode encoded = json.readTree(KafkaDigestLog.encode(json, "/opensts/replica-a", d));
        assertThat(encoded.path("type").asText()).isEqualTo(KafkaDigestLog.TYPE);
        assertThat(encoded.path("id").asText()).isEqualTo("cc");
        assertThat(encoded.path("time").asText()).isEqualTo("2026-11-30T15:00:00Z");
        assertThat(encoded.path("data").path("windowStart").asText()).isEqualTo("2026-11-30T14:00:00Z");
        assertThat(encoded.path("data").path("recordCount").asInt()).isEqualTo(1843);
        assertThat(encoded.path("data").path("previousDigest").asText()).isEqualTo("bb");
        assertThat(encoded.path("data").path("signature").asText()).isEqualTo("dd");

        Matcher m = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL)
                .matcher(Files.readString(Path.of("docs/audit-events.md")));
        JsonNode example = null;
        while (m.find()) {
            JsonNode candidate = json.readTree(m.group(1));
            if (KafkaDigestLog.TYPE.equals(candidate.path("type").asText())) {
                example = candidate;
            }
        }
        assertThat(example).as("docs/audit-events.md shows a digest record").isNotNull();
        assertThat(fields(example, "")).isEqualTo(fields(encoded, ""));
    }

    private static Set<String> fields(JsonNode node, String prefix) {
        Set<String> out = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            out.add(prefix + name);
            if (node.get(name).isObject()) {
                out.addAll(fields(node.get(name), prefix + name + "."));
            }
        }
        return out;
    }
}
