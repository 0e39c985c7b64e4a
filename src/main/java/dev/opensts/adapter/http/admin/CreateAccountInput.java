package dev.opensts.adapter.http.admin;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/**
 * The body of {@code POST /opensts/admin/accounts}, read strictly: one JSON object whose only members are
 * {@code accountId} (exactly 12 ASCII digits) and {@code name} (1 to 64 characters, no control characters), each a
 * string or absent (null counts as absent). An empty body is an empty object. Anything else is {@code InvalidInput}.
 *
 * @param accountId null when the caller leaves it to open-sts
 * @param name      null when absent (the account is then named after its id)
 */
record CreateAccountInput(String accountId, String name) {
    static final int MAX_NAME = 64;
    private static final Set<String> FIELDS = Set.of("accountId", "name");
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    static CreateAccountInput parse(byte[] body) {
        if (isBlank(body)) {
            return new CreateAccountInput(null, null);
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JacksonException e) {
            throw invalid("The request body is not well-formed JSON.");
        } catch (IOException e) {
            throw invalid("The request body could not be read.");
        }
        if (root == null || !root.isObject()) {
            throw invalid("The request body must be a JSON object.");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            String field = it.next().getKey();
            if (!FIELDS.contains(field)) {
                throw invalid("Unknown member '" + printable(field) + "': only accountId and name are accepted.");
            }
        }
        String accountId = string(root, "accountId");
        if (accountId != null && !isAccountId(accountId)) {
            throw invalid("accountId must be exactly 12 digits.");
        }
        String name = string(root, "name");
        if (name != null) {
            checkName(name);
        }
        return new CreateAccountInput(accountId, name);
    }

    private static String string(JsonNode root, String field) {
        JsonNode v = root.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw invalid(field + " must be a string.");
        }
        return v.textValue();
    }

    static boolean isAccountId(String s) {
        if (s.length() != 12) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** 1 to 64 characters (code points), none a control character, no lone surrogate. */
    static void checkName(String name) {
        int count = 0;
        for (int i = 0; i < name.length(); ) {
            int cp = name.codePointAt(i);
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.SURROGATE) {
                throw invalid("name must not contain control characters or unpaired surrogates.");
            }
            count++;
            i += Character.charCount(cp);
        }
        if (count < 1 || count > MAX_NAME) {
            throw invalid("name must be 1 to " + MAX_NAME + " characters long.");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** A member name echoed in a message: at most 32 characters, controls replaced. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(32).forEach(cp -> b.appendCodePoint(Character.isISOControl(cp) ? '?' : cp));
        return s.codePointCount(0, s.length()) > 32 ? b + "..." : b.toString();
    }

    private static AwsException invalid(String message) {
        return new AwsException(ErrorCode.InvalidInput, message);
    }
}
