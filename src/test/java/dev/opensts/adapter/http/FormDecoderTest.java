package dev.opensts.adapter.http;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class FormDecoderTest {
    @Test
    void plus_and_percent_20_are_spaces() {
        assertThat(FormDecoder.decode("a+b")).isEqualTo("a b");
        assertThat(FormDecoder.decode("a%20b")).isEqualTo("a b");
        assertThat(FormDecoder.decode("%2B")).isEqualTo("+");
    }

    @Test
    void escapes_in_either_case() {
        assertThat(FormDecoder.decode("%2A")).isEqualTo("*");
        assertThat(FormDecoder.decode("%2a")).isEqualTo("*");
        assertThat(FormDecoder.decode("arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2FApp"))
                .isEqualTo("arn:aws:iam::123456789012:role/App");
    }

    @Test
    void plain_text_passes_through() {
        assertThat(FormDecoder.decode("AssumeRole")).isEqualTo("AssumeRole");
        assertThat(FormDecoder.decode("")).isEmpty();
        assertThat(FormDecoder.decode("é%20x")).isEqualTo("é x");
    }

    @Test
    void utf8_multi_byte() {
        assertThat(FormDecoder.decode("%C3%A9")).isEqualTo("é");
        assertThat(FormDecoder.decode("%E2%82%AC")).isEqualTo("€");
        assertThat(FormDecoder.decode("%F0%9F%98%80")).isEqualTo("😀");
        assertThat(FormDecoder.decode("caf%C3%A9+%E2%82%AC")).isEqualTo("café €");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "%G1", "%1G", "%", "%4", "abc%", "abc%2", "%%41", "% 41", "%-1",
            "%１２", // full-width digits are digits to Character.digit, but not hex to a form decoder
            "%Ａ1",
            "%C3", "%C3%28", "%FF", "%80", "%E2%82", "%ED%A0%80", "%C0%AF", "%F8%88%80%80%80"})
    void malformed_escapes_and_invalid_utf8(String encoded) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> FormDecoder.decode(encoded));
        assertThat(e).as(encoded).isNotNull();
        assertThat(e.code()).isEqualTo(ErrorCode.MalformedQueryString);
        assertThat(e.getMessage())
                .isEqualTo("The request is not well formed: invalid percent-encoding or UTF-8 in a parameter.");
    }

    @Test
    void malformed_anywhere_in_a_form() {
        AwsException e = catchThrowableOfType(AwsException.class,
                () -> FormDecoder.decode("Action=GetCallerIdentity&Bad=%ZZ"));
        assertThat(e.code()).isEqualTo(ErrorCode.MalformedQueryString);
    }

    @Test
    void repeated_keys_are_kept_in_order() {
        Map<String, List<String>> form = FormDecoder.params(null, "Action=TagRole&Tags.member.1.Key=a&x=1&x=2&x=3");
        assertThat(form).containsExactly(
                Map.entry("Action", List.of("TagRole")),
                Map.entry("Tags.member.1.Key", List.of("a")),
                Map.entry("x", List.of("1", "2", "3")));
    }

    @Test
    void several_parts_merge_in_order() {
        Map<String, List<String>> form = FormDecoder.params("Action=A&x=1", "x=2&Version=2011-06-15");
        assertThat(form).containsExactly(
                Map.entry("Action", List.of("A")),
                Map.entry("x", List.of("1", "2")),
                Map.entry("Version", List.of("2011-06-15")));
    }

    @Test
    void empty_pairs_values_and_names() {
        var form = new LinkedHashMap<String, List<String>>();
        FormDecoder.decodeInto("a=&&b&=v&c=x%3Dy=z", form, true);
        assertThat(form).containsExactly(
                Map.entry("a", List.of("")),
                Map.entry("b", List.of("")),
                Map.entry("", List.of("v")),
                Map.entry("c", List.of("x=y=z")));
        FormDecoder.decodeInto(null, form, true);
        FormDecoder.decodeInto("", form, false);
        assertThat(form).hasSize(4);
    }

    @Test
    void names_are_decoded_too() {
        assertThat(FormDecoder.params(null, "a+b%2Ec=1")).containsEntry("a b.c", List.of("1"));
    }

    @Test
    void a_plus_is_a_space_in_a_form_body_and_a_plus_in_a_query_string() {
        // the query is read as the signature's canonical query reads it: a+b and a%20b are different requests
        assertThat(FormDecoder.params("q=a+b&r=a%20b", "f=a+b")).containsExactly(
                Map.entry("q", List.of("a+b")), Map.entry("r", List.of("a b")), Map.entry("f", List.of("a b")));
    }

    @Test
    void raw_invalid_utf8_and_characters_a_uri_cannot_carry_are_malformed() {
        byte[] raw = {'A', '=', (byte) 0xFF};
        assertThat(catchThrowableOfType(AwsException.class, () -> FormDecoder.utf8(raw)).code())
                .isEqualTo(ErrorCode.MalformedQueryString);
        assertThat(FormDecoder.utf8("Action=x".getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEqualTo("Action=x");
        for (String bad : List.of("a=é", "a=b c", "a=\u0000", "a=\t", "a=\u007f")) {
            assertThat(catchThrowableOfType(AwsException.class, () -> FormDecoder.requireUriCharacters(bad)))
                    .as(bad).isNotNull();
        }
        FormDecoder.requireUriCharacters("Action=GetCallerIdentity&Version=2011-06-15&x=%20%2B~");
    }
}
