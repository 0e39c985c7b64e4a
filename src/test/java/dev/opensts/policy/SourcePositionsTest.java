package dev.opensts.policy;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the parser keeps for the policy simulator: where each statement stands in its document, the condition keys as
 * written, the keys a request lacks, and resource-based policies given as simulator input.
 */
class SourcePositionsTest {
    /** The text from a span's start to its end, both inclusive. */
    static String cut(String doc, SourceSpan s) {
        String[] lines = doc.split("\r?\n|\r", -1);
        StringBuilder sb = new StringBuilder();
        for (int l = s.startLine(); l <= s.endLine(); l++) {
            String line = lines[l - 1];
            int from = l == s.startLine() ? s.startColumn() - 1 : 0;
            int to = l == s.endLine() ? s.endColumn() : line.length();
            sb.append(line, from, to);
        }
        return sb.toString();
    }

    @Test
    void each_statement_spans_its_braces_across_lines_escapes_and_nested_objects() {
        // CRLF and LF line ends, a tab, a brace inside an escaped string, an Id before the Statement
        String doc = "{\r\n  \"Id\": \"id-1\",\r\n  \"Statement\": [ {\"Sid\": \"A\", \"Effect\": \"Allow\","
                + " \"Action\": \"s3:*\", \"Resource\": \"*\", \"Condition\": {\"StringEquals\": {\"s3:prefix\":"
                + " \"}\\\"{\"}}},\n"
                + "\t{\"Sid\": \"B\",\n \"Effect\": \"Deny\", \"Action\": \"s3:x\", \"Resource\": \"*\"\n}\n]}";
        Policy p = Policy.parse(doc, PolicyKind.MANAGED);
        assertThat(cut(doc, p.statementSpan(0))).startsWith("{\"Sid\": \"A\"").endsWith("}\\\"{\"}}}");
        assertThat(p.statementSpan(0).startLine()).isEqualTo(3);
        SourceSpan b = p.statementSpan(1);
        assertThat(b.startLine()).isEqualTo(4);
        assertThat(b.startColumn()).isEqualTo(2);
        assertThat(b.endLine()).isEqualTo(6);
        assertThat(b.endColumn()).isEqualTo(1);
    }

    @Test
    void a_single_statement_object_has_its_span_too() {
        String doc = "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}}";
        Policy p = Policy.parse(doc, PolicyKind.MANAGED);
        assertThat(p.statementSpan(0)).isEqualTo(new SourceSpan(1, doc.indexOf(":{") + 2, 1, doc.length() - 1));
    }

    @Test
    void condition_keys_are_kept_once_as_first_written_and_missing_ones_only_where_action_and_resource_apply() {
        String doc = """
                {"Version":"2012-10-17","Statement":[
                 {"Effect":"Allow","Action":"s3:GetObject","Resource":"*",
                  "Condition":{"StringEquals":{"s3:Prefix":"a","aws:SourceVpc":"v"},"Null":{"aws:TokenIssueTime":"true"}}},
                 {"Effect":"Deny","Action":"s3:PutObject","Resource":"*",
                  "Condition":{"StringLike":{"S3:PREFIX":"b","aws:RequestTag/x":"y"}}}]}""";
        Policy p = Policy.parse(doc, PolicyKind.MANAGED);
        assertThat(p.conditionKeys()).containsExactly("s3:Prefix", "aws:SourceVpc", "aws:TokenIssueTime",
                "aws:RequestTag/x");
        Set<String> missing = new LinkedHashSet<>();
        p.missingContextKeys(RequestContext.builder().action("s3:GetObject").resource("*")
                .put("aws:sourcevpc", "v").build(), missing);
        assertThat(missing).containsExactly("s3:Prefix");
        missing.clear();
        p.missingContextKeys(RequestContext.builder().action("s3:PutObject").resource("*").build(), missing);
        assertThat(missing).containsExactly("s3:Prefix", "aws:RequestTag/x");
        missing.clear();
        p.missingContextKeys(RequestContext.builder().action("sqs:SendMessage").resource("*").build(), missing);
        assertThat(missing).isEmpty();
    }

    @Test
    void a_resource_policy_names_principals_and_may_omit_resource_while_a_trust_policy_may_not_name_one() {
        String withResource = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"any-sid ok\",\"Effect\":\"Allow\","
                + "\"Principal\":{\"AWS\":\"123456789012\"},\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}]}";
        assertThat(Policy.parse(withResource, PolicyKind.RESOURCE).statementCount()).isEqualTo(1);
        assertThat(Policy.parse(withResource.replace(",\"Resource\":\"arn:aws:s3:::b/*\"", ""), PolicyKind.RESOURCE)
                .statementCount()).isEqualTo(1);
        assertThatThrownBy(() -> Policy.parse(withResource, PolicyKind.TRUST))
                .isInstanceOf(MalformedPolicyDocumentException.class);
        assertThatThrownBy(() -> Policy.parse(withResource.replace("\"Principal\":{\"AWS\":\"123456789012\"},", ""),
                PolicyKind.RESOURCE)).isInstanceOf(MalformedPolicyDocumentException.class);
    }

    @Test
    void action_names_for_the_simulator_are_single_actions() {
        assertThat(Policy.isActionName("iam:CreateUser")).isTrue();
        assertThat(Policy.isActionName("*")).isFalse();
        assertThat(Policy.isActionName("iam:*")).isFalse();
        assertThat(Policy.isActionName("iam:Get?ser")).isFalse();
        assertThat(Policy.isActionName("CreateUser")).isFalse();
        assertThat(Policy.isActionName("iam:a:b")).isFalse();
    }

    @Test
    void context_values_are_judged_by_the_operators_parsers() {
        assertThat(ContextKeyType.of("numericList")).isEqualTo(ContextKeyType.NUMERIC_LIST);
        assertThat(ContextKeyType.of("float")).isNull();
        assertThat(ContextKeyType.NUMERIC.accepts("-1.5e3")).isTrue();
        assertThat(ContextKeyType.NUMERIC.accepts("1".repeat(65))).as("bounded like the operators").isFalse();
        assertThat(ContextKeyType.IP.accepts("2001:db8::1")).isTrue();
        assertThat(ContextKeyType.IP.accepts("1.2.3")).isFalse();
        assertThat(ContextKeyType.DATE.accepts("2026-03-01")).isTrue();
        assertThat(ContextKeyType.BOOLEAN.accepts("False")).isTrue();
        assertThat(ContextKeyType.BINARY.accepts("not base64!")).isFalse();
        assertThat(ContextKeyType.STRING.accepts("")).isTrue();
        assertThat(ContextKeyType.STRING_LIST.isList()).isTrue();
        assertThat(ContextKeyType.DATE.isList()).isFalse();
    }
}
