package dev.opensts.adapter.kafka;

import dev.opensts.iam.IamEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/events.md is the consumers' contract: it must name every event type and field, and its examples must decode. */
class EventsDocTest {
    private static final Set<String> COMMON = Set.of("accountId", "userName", "roleName", "policyName", "groupName");
    private final EventCodec codec = new EventCodec();

    private static String doc() throws IOException {
        return Files.readString(Path.of("docs/events.md"));
    }

    @Test
    void every_type_and_field_is_documented() throws IOException {
        String doc = doc();
        for (Class<?> type : EventCodecTest.leafTypes(IamEvent.class)) {
            String heading = "#### `dev.opensts.iam." + type.getSimpleName() + "`";
            assertThat(doc).contains(heading);
            int start = doc.indexOf(heading) + heading.length();
            int end = doc.indexOf("\n#", start);
            String section = doc.substring(start, end < 0 ? doc.length() : end);
            for (var component : type.getRecordComponents()) {
                if (!COMMON.contains(component.getName()) || type.getSimpleName().equals("AccountCreated")) {
                    assertThat(section).as("%s.%s", type.getSimpleName(), component.getName())
                            .contains("`" + component.getName() + "`");
                }
            }
        }
        String revoked = "#### `" + RevocationCodec.TYPE + "`";
        assertThat(doc).contains(revoked);
        String section = doc.substring(doc.indexOf(revoked));
        for (String field : List.of("revocationId", "accountId", "kind", "roleArn", "accessKeyId", "sourceIdentity",
                "principalArn", "issuedBefore", "effectiveAt", "expiresAt", "webIdentitySubject", "webIdentityProvider")) {
            assertThat(section).as("SessionsRevoked.%s", field).contains("`" + field + "`");
        }
        // the version rule's stream of a revocation, and its read model
        assertThat(doc.substring(doc.indexOf("## Session revocations"))).contains("`expectedversion`", "`0`",
                "`revocations`");
        assertThat(doc).contains("`schemaversion`", "`expectedversion`", "`requestid`", "`actortype`", "`actorarn`",
                "`actoraccesskeyid`", "`actoraccountid`", "opensts.iam.events",
                "opensts.sts.issuance", "opensts.sts.revocations");
    }

    @Test
    void the_examples_are_what_the_codec_writes() throws Exception {
        Matcher m = Pattern.compile("```json\n(.*?)\n```", Pattern.DOTALL).matcher(doc());
        List<String> examples = new ArrayList<>();
        while (m.find()) {
            examples.add(m.group(1));
        }
        assertThat(examples).isNotEmpty();
        for (String example : examples) {
            byte[] bytes = example.getBytes(StandardCharsets.UTF_8);
            var tree = codec.json().readTree(bytes);
            if (tree.path("type").asText().equals(RevocationCodec.TYPE)) {
                // the revocations topic's codec: the same envelope, its own data
                var revocations = new RevocationCodec(codec.json());
                byte[] again = revocations.encode(revocations.decode(bytes));
                assertThat(codec.json().readTree(again)).isEqualTo(tree);
                continue;
            }
            byte[] again = codec.encode(codec.decode(bytes));
            assertThat(codec.json().readTree(again)).isEqualTo(codec.json().readTree(bytes));
        }
    }
}
