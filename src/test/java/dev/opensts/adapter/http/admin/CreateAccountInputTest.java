package dev.opensts.adapter.http.admin;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CreateAccountInputTest {

    private static CreateAccountInput parse(String json) {
        return CreateAccountInput.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static AwsException refused(byte[] body) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> CreateAccountInput.parse(body));
        assertThat(e).as("refused").isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.InvalidInput);
        return e;
    }

    private static AwsException refused(String json) {
        return refused(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void both_members_or_either_or_none() {
        assertThat(parse("{\"accountId\":\"111122223333\",\"name\":\"team-a\"}"))
                .isEqualTo(new CreateAccountInput("111122223333", "team-a"));
        assertThat(parse("{\"name\":\"team-a\"}")).isEqualTo(new CreateAccountInput(null, "team-a"));
        assertThat(parse("{\"accountId\":\"111122223333\",\"name\":null}"))
                .isEqualTo(new CreateAccountInput("111122223333", null));
        assertThat(parse("{}")).isEqualTo(new CreateAccountInput(null, null));
        assertThat(parse(" \r\n")).isEqualTo(new CreateAccountInput(null, null));
        assertThat(CreateAccountInput.parse(new byte[0])).isEqualTo(new CreateAccountInput(null, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"name\":\"a\"", "[]", "\"x\"", "42", "null", "{} {}", "{\"name\":\"a\"} x",
            "{'name':'a'}", "{\"name\":\"a\",\"name\":\"b\"}"})
    void anything_but_one_json_object_is_invalid_input(String body) {
        refused(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"accountId\":111122223333}", "{\"accountId\":true}", "{\"accountId\":[\"111122223333\"]}",
            "{\"name\":5}", "{\"name\":{}}", "{\"name\":false}"})
    void members_are_strings(String body) {
        assertThat(refused(body).getMessage()).contains("must be a string");
    }

    @Test
    void unknown_members_are_refused_not_ignored() {
        assertThat(refused("{\"accountID\":\"111122223333\"}").getMessage()).contains("accountID");
        // a long or odd member name is echoed shortened, without its control characters
        String echoed = refused("{\"" + "x".repeat(100) + "\\u0007\":1}").getMessage();
        assertThat(echoed).contains("x".repeat(32) + "...").doesNotContain("x".repeat(33)).doesNotContain("\u0007");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1", "11112222333", "1111222233334", "11112222333a", " 111122223333",
            "111122223333\n", "-11112222333", "١١١١٢٢٢٢٣٣٣٣", "１１１１２２２２３３３３"})
    void an_account_id_is_exactly_twelve_ascii_digits(String id) {
        assertThat(refused("{\"accountId\":\"" + id.replace("\n", "\\n") + "\"}").getMessage())
                .contains("12 digits");
    }

    @Test
    void a_name_is_1_to_64_characters() {
        refused("{\"name\":\"\"}");
        refused("{\"name\":\"" + "n".repeat(65) + "\"}");
        assertThat(parse("{\"name\":\"" + "n".repeat(64) + "\"}").name()).hasSize(64);
        // characters, not UTF-16 units: 64 emoji (128 chars in Java) fit
        String emoji = "\uD83D\uDE00".repeat(64);
        assertThat(parse("{\"name\":\"" + emoji + "\"}").name()).isEqualTo(emoji);
        refused("{\"name\":\"" + emoji + "x\"}");
        assertThat(parse("{\"name\":\"Équipe données 東京\"}").name()).isEqualTo("Équipe données 東京");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\\u0000b", "a\\nb", "tab\\t", "bell\\u0007", "del\\u007f", "c1\\u0085", "c1\\u009f",
            "lone\\ud800", "lone\\udfff x"})
    void a_name_has_no_control_characters_or_lone_surrogates(String escaped) {
        assertThat(refused("{\"name\":\"" + escaped + "\"}").getMessage()).contains("control characters");
    }

    @Test
    void bytes_that_are_not_utf8_are_invalid_input() {
        byte[] body = "{\"name\":\"a?\"}".getBytes(StandardCharsets.US_ASCII);
        body[10] = (byte) 0xFF;
        refused(body);
    }

    @Test
    void deep_nesting_is_invalid_input_not_a_stack_overflow() {
        refused("{\"name\":" + "[".repeat(5000) + "]".repeat(5000) + "}");
        refused("[".repeat(8000));
    }
}
