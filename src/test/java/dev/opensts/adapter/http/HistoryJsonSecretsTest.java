package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The history API never shows sealed secrets nor login profiles' password hashes. */
class HistoryJsonSecretsTest {
    @Test
    void password_hashes_are_left_out_at_any_depth() throws Exception {
        var json = new ObjectMapper();
        var node = json.readTree("""
                {"userName":"dave","passwordHash":"$argon2id$x","loginProfile":{"passwordHash":"$argon2id$y",
                "previousHashes":["$argon2id$z"],"passwordResetRequired":true},
                "accessKeys":[{"accessKeyId":"AKIA1","encryptedSecret":"sealed"}]}""");
        String out = HistoryJson.withoutSecrets(node).toString();
        assertThat(out).doesNotContain("argon2id").doesNotContain("sealed").contains("passwordResetRequired")
                .contains("AKIA1").contains("dave");
    }
}
