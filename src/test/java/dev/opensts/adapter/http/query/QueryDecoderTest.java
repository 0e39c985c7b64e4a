package dev.opensts.adapter.http.query;

import static dev.opensts.adapter.http.query.Models.iam;
import static dev.opensts.adapter.http.query.Models.params;
import static dev.opensts.adapter.http.query.Models.sts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryDecoderTest {
    private static final String ROLE_ARN = "arn:aws:iam::123456789012:role/demo";
    private static final String TRUST = "{\"Version\":\"2012-10-17\",\"Statement\":[]}";

    @Test
    void loadsBothModels() {
        assertThat(Models.IAM.apiVersion()).isEqualTo("2010-05-08");
        assertThat(Models.IAM.xmlNamespace()).isEqualTo("https://iam.amazonaws.com/doc/2010-05-08/");
        assertThat(Models.STS.apiVersion()).isEqualTo("2011-06-15");
        assertThat(Models.STS.xmlNamespace()).isEqualTo("https://sts.amazonaws.com/doc/2011-06-15/");
        assertThat(Models.IAM.operation("CreateRole")).isPresent();
        assertThat(Models.IAM.operation("NoSuchThing")).isEmpty();
        assertThat(Models.STS.operationNames()).contains("AssumeRole", "GetCallerIdentity", "AssumeRoleWithWebIdentity");
        assertThat(sts("AssumeRole").resultWrapper()).isEqualTo("AssumeRoleResult");
        assertThat(iam("DeleteRole").hasOutput()).isFalse();
    }

    @Test
    void decodesCreateRole() {
        QueryInput in = QueryDecoder.decode(iam("CreateRole"), params(
                "Action", "CreateRole", "Version", "2010-05-08", "X-Amz-Date", "20260101T000000Z",
                "RoleName", "app-role", "AssumeRolePolicyDocument", TRUST, "Path", "/team/",
                "MaxSessionDuration", "7200",
                "Tags.member.1.Key", "env", "Tags.member.1.Value", "prod",
                "Tags.member.2.Key", "team", "Tags.member.2.Value", "",
                "Unknown", "ignored", "Tags.member.1.Unknown", "ignored"));
        assertThat(in.string("RoleName")).isEqualTo("app-role");
        assertThat(in.string("AssumeRolePolicyDocument")).isEqualTo(TRUST);
        assertThat(in.string("Path")).isEqualTo("/team/");
        assertThat(in.integer("MaxSessionDuration")).isEqualTo(7200);
        assertThat(in.string("Description")).isNull();
        assertThat(in.has("Description")).isFalse();
        List<QueryInput> tags = in.structures("Tags");
        assertThat(tags).hasSize(2);
        assertThat(tags.get(0).string("Key")).isEqualTo("env");
        assertThat(tags.get(0).string("Value")).isEqualTo("prod");
        assertThat(tags.get(1).string("Key")).isEqualTo("team");
        assertThat(tags.get(1).string("Value")).isEmpty();
    }

    @Test
    void decodesAssumeRole() {
        QueryInput in = QueryDecoder.decode(sts("AssumeRole"), params(
                "Action", "AssumeRole", "Version", "2011-06-15",
                "RoleArn", ROLE_ARN, "RoleSessionName", "s1", "DurationSeconds", "900",
                "PolicyArns.member.1.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess",
                "PolicyArns.member.2.arn", "arn:aws:iam::123456789012:policy/mine",
                "Tags.member.1.Key", "project", "Tags.member.1.Value", "blue",
                "TransitiveTagKeys.member.1", "project"));
        assertThat(in.string("RoleArn")).isEqualTo(ROLE_ARN);
        assertThat(in.string("RoleSessionName")).isEqualTo("s1");
        assertThat(in.integer("DurationSeconds")).isEqualTo(900);
        assertThat(in.structures("PolicyArns")).extracting(p -> p.string("arn"))
                .containsExactly("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/mine");
        assertThat(in.structures("Tags")).singleElement().satisfies(t -> {
            assertThat(t.string("Key")).isEqualTo("project");
            assertThat(t.string("Value")).isEqualTo("blue");
        });
        assertThat(in.strings("TransitiveTagKeys")).containsExactly("project");
        assertThat(in.structures("ProvidedContexts")).isEmpty();
    }

    @Test
    void listsAreOrderedByIndexAndAnEmptyListIsPresent() {
        QueryInput in = QueryDecoder.decode(sts("AssumeRole"), params(
                "RoleArn", ROLE_ARN, "RoleSessionName", "s1",
                "TransitiveTagKeys.member.10", "c", "TransitiveTagKeys.member.2", "b", "TransitiveTagKeys.member.1", "a",
                "Tags", ""));
        assertThat(in.strings("TransitiveTagKeys")).containsExactly("a", "b", "c");
        assertThat(in.has("Tags")).isTrue();
        assertThat(in.structures("Tags")).isEmpty();
        assertThat(in.has("PolicyArns")).isFalse();
    }

    @Test
    void firstValueOfARepeatedParameterWins() {
        QueryInput in = QueryDecoder.decode(sts("AssumeRole"), params(
                "RoleArn", ROLE_ARN, "RoleSessionName", "first", "RoleSessionName", "bad/name"));
        assertThat(in.string("RoleSessionName")).isEqualTo("first");
    }

    @Test
    void operationWithoutInputMembersDecodes() {
        QueryInput in = QueryDecoder.decode(sts("GetCallerIdentity"), params("Action", "GetCallerIdentity", "Version", "2011-06-15"));
        assertThat(in.toString()).contains("GetCallerIdentityRequest");
    }

    @Test
    void booleansAndEnums() {
        QueryInput in = QueryDecoder.decode(iam("ListPolicies"), params("Scope", "Local", "OnlyAttached", "true", "MaxItems", "100"));
        assertThat(in.string("Scope")).isEqualTo("Local");
        assertThat(in.bool("OnlyAttached")).isTrue();
        assertThat(in.integer("MaxItems")).isEqualTo(100);
    }

    @Test
    void wrongAccessorIsAProgrammingError() {
        QueryInput in = QueryDecoder.decode(iam("ListPolicies"), params());
        assertThatThrownBy(() -> in.integer("Scope")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> in.string("NoSuchMember")).isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------ validation

    @Test
    void missingRequiredMember() {
        assertViolation(sts("AssumeRole"), params("RoleArn", ROLE_ARN),
                "1 validation error detected: Value null at 'roleSessionName' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void severalMissingMembersInModelOrder() {
        assertViolation(iam("CreateRole"), params("Action", "CreateRole"),
                "2 validation errors detected: "
                        + "Value null at 'roleName' failed to satisfy constraint: Member must not be null; "
                        + "Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null");
    }

    @Test
    void stringLengthAndPattern() {
        Operation op = sts("AssumeRole");
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", ""),
                "1 validation error detected: Value '' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "a".repeat(65)),
                "1 validation error detected: Value '" + "a".repeat(65) + "' at 'roleSessionName' failed to satisfy constraint: Member must have length less than or equal to 64");
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "bad/name"),
                "1 validation error detected: Value 'bad/name' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*");
        // pattern first, then length, as STS reports them
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "!"),
                "2 validation errors detected: Value '!' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; "
                        + "Value '!' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
        // lengths count code points: one emoji is one character although it is two UTF-16 units
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "\uD83D\uDE00"),
                "2 validation errors detected: Value '\uD83D\uDE00' at 'roleSessionName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]*; "
                        + "Value '\uD83D\uDE00' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
        // 256 two-byte characters fit a tag value of at most 256 characters
        assertThat(QueryDecoder.decode(iam("TagRole"), params("RoleName", "r", "Tags.member.1.Key", "k", "Tags.member.1.Value", "\u00e9".repeat(256)))
                .structures("Tags").get(0).string("Value")).hasSize(256);
        // 256 CJK letters from U+20000 are 512 UTF-16 units but 256 characters: a valid tag value
        String wide256 = "\uD840\uDC00".repeat(256);
        assertThat(QueryDecoder.decode(iam("TagRole"), params("RoleName", "r", "Tags.member.1.Key", "k", "Tags.member.1.Value", wide256))
                .structures("Tags").get(0).string("Value")).isEqualTo(wide256);
    }

    @Test
    void patternsMatchTheWholeValue() {
        assertViolation(iam("GetRole"), params("RoleName", "my role"),
                "1 validation error detected: Value 'my role' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+");
        assertViolation(iam("CreateRole"), params("RoleName", "r", "AssumeRolePolicyDocument", TRUST, "Path", "/no-trailing-slash"),
                "1 validation error detected: Value '/no-trailing-slash' at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)");
        // a policy document may not hold characters above U+00FF
        assertViolation(iam("CreateRole"), params("RoleName", "r", "AssumeRolePolicyDocument", "{\"a\":\"\u20ac\"}"),
                "1 validation error detected: Value '{\"a\":\"\u20ac\"}' at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u00FF]+");
    }

    @Test
    void supplementaryCodePointsInStsPatterns() {
        // the STS arn pattern names \u10000-\u10FFFF, which Java must read as code points
        String arn = "arn:aws:iam::123456789012:role/\uD83D\uDE00-role";
        assertThat(QueryDecoder.decode(sts("AssumeRole"), params("RoleArn", arn, "RoleSessionName", "s1")).string("RoleArn")).isEqualTo(arn);
        String bad = "arn:aws:iam::123456789012:role/\u0001role";
        assertViolation(sts("AssumeRole"), params("RoleArn", bad, "RoleSessionName", "s1"),
                "1 validation error detected: Value '" + bad + "' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                        + "[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+");
    }

    @Test
    void integerRangesAndMalformedNumbers() {
        Operation op = sts("AssumeRole");
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "s1", "DurationSeconds", "899"),
                "1 validation error detected: Value '899' at 'durationSeconds' failed to satisfy constraint: Member must have value greater than or equal to 900");
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "s1", "DurationSeconds", "43201"),
                "1 validation error detected: Value '43201' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to 43200");
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "s1", "DurationSeconds", "abc"),
                "1 validation error detected: Value 'abc' at 'durationSeconds' failed to satisfy constraint: Member must be a valid integer");
        assertViolation(op, params("RoleArn", ROLE_ARN, "RoleSessionName", "s1", "DurationSeconds", "99999999999"),
                "1 validation error detected: Value '99999999999' at 'durationSeconds' failed to satisfy constraint: Member must be a valid integer");
        assertViolation(iam("ListRoles"), params("MaxItems", "0"),
                "1 validation error detected: Value '0' at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1");
        assertViolation(iam("CreateRole"), params("RoleName", "r", "AssumeRolePolicyDocument", TRUST, "MaxSessionDuration", "3599"),
                "1 validation error detected: Value '3599' at 'maxSessionDuration' failed to satisfy constraint: Member must have value greater than or equal to 3600");
    }

    @Test
    void enumsAndBooleans() {
        assertViolation(iam("ListPolicies"), params("Scope", "Everything"),
                "1 validation error detected: Value 'Everything' at 'scope' failed to satisfy constraint: Member must satisfy enum value set: [All, AWS, Local]");
        assertViolation(iam("ListPolicies"), params("OnlyAttached", "yes"),
                "1 validation error detected: Value 'yes' at 'onlyAttached' failed to satisfy constraint: Member must be a valid boolean");
    }

    @Test
    void nestedListMembers() {
        assertViolation(iam("CreateRole"), params("RoleName", "r", "AssumeRolePolicyDocument", TRUST,
                        "Tags.member.1.Key", "ok", "Tags.member.1.Value", "v",
                        "Tags.member.2.Key", "bad!key", "Tags.member.2.Value", "x".repeat(257),
                        "Tags.member.3.Key", "novalue"),
                "3 validation errors detected: "
                        + "Value 'bad!key' at 'tags.2.member.key' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+; "
                        + "Value '" + "x".repeat(257) + "' at 'tags.2.member.value' failed to satisfy constraint: Member must have length less than or equal to 256; "
                        + "Value null at 'tags.3.member.value' failed to satisfy constraint: Member must not be null");
        assertViolation(sts("AssumeRole"), params("RoleArn", ROLE_ARN, "RoleSessionName", "s1", "PolicyArns.member.1.arn", "short"),
                "1 validation error detected: Value 'short' at 'policyArns.1.member.arn' failed to satisfy constraint: Member must have length greater than or equal to 20");
    }

    @Test
    void listOfStringsReportsTheWholeListOnce() {
        assertViolation(sts("AssumeRole"), params("RoleArn", ROLE_ARN, "RoleSessionName", "s1",
                        "TransitiveTagKeys.member.1", "ok", "TransitiveTagKeys.member.2", "bad!", "TransitiveTagKeys.member.3", ""),
                "1 validation error detected: Value '[ok, bad!, ]' at 'transitiveTagKeys' failed to satisfy constraint: Member must satisfy constraint: "
                        + "[Member must have length less than or equal to 128, Member must have length greater than or equal to 1, "
                        + "Member must satisfy regular expression pattern: [\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+]");
    }

    @Test
    void listLengthAndTheHardCap() {
        List<String> p = new ArrayList<>(List.of("RoleArn", ROLE_ARN, "RoleSessionName", "s1"));
        for (int i = 1; i <= 51; i++) {
            p.addAll(List.of("Tags.member." + i + ".Key", "k" + i, "Tags.member." + i + ".Value", "v"));
        }
        assertViolation(sts("AssumeRole"), params(p.toArray(String[]::new)),
                "1 validation error detected: Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50");
        // indices above 1000 are never stored; a list without model max is capped at 1000 members
        assertViolation(sts("AssumeRole"), params("RoleArn", ROLE_ARN, "RoleSessionName", "s1",
                        "PolicyArns.member.1001.arn", "arn:aws:iam::aws:policy/ReadOnlyAccess"),
                "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: Member must have length less than or equal to 1000");
        assertViolation(sts("AssumeRole"), params("RoleArn", ROLE_ARN, "RoleSessionName", "s1",
                        "TransitiveTagKeys.member.99999999999999999999", "a"),
                "1 validation error detected: Value '[]' at 'transitiveTagKeys' failed to satisfy constraint: Member must have length less than or equal to 50");
        // malformed indices are unknown parameters
        QueryInput in = QueryDecoder.decode(sts("AssumeRole"), params("RoleArn", ROLE_ARN, "RoleSessionName", "s1",
                "TransitiveTagKeys.member.0", "a", "TransitiveTagKeys.member.01", "b", "TransitiveTagKeys.member.x", "c",
                "TransitiveTagKeys.1", "d", "TransitiveTagKeys.member.1.extra", "e"));
        assertThat(in.has("TransitiveTagKeys")).isFalse();
    }

    @Test
    void sensitiveValuesAreNeverEchoed() {
        assertViolation(sts("AssumeRoleWithWebIdentity"), params("RoleArn", ROLE_ARN, "RoleSessionName", "s1", "WebIdentityToken", "abc"),
                "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must have length greater than or equal to 4");
        assertViolation(sts("AssumeRoleWithWebIdentity"), params("RoleArn", ROLE_ARN, "RoleSessionName", "s1"),
                "1 validation error detected: Value at 'webIdentityToken' failed to satisfy constraint: Member must not be null");
        assertThat(QueryDecoder.decode(sts("AssumeRoleWithWebIdentity"),
                params("RoleArn", ROLE_ARN, "RoleSessionName", "s1", "WebIdentityToken", "secret-token")).toString())
                .doesNotContain("secret-token").contains("WebIdentityToken=***");
    }

    @Test
    void violationsAcrossMembersAreAllReported() {
        AwsException e = decodeFailure(iam("CreateRole"), params("RoleName", "bad name", "MaxSessionDuration", "1",
                "Path", "x"));
        assertThat(e.getMessage()).startsWith("4 validation errors detected: Value 'x' at 'path'")
                .contains("Value 'bad name' at 'roleName'")
                .contains("Value null at 'assumeRolePolicyDocument'")
                .contains("Value '1' at 'maxSessionDuration'");
    }

    private static void assertViolation(Operation op, Map<String, List<String>> params, String message) {
        AwsException e = decodeFailure(op, params);
        assertThat(e.getMessage()).isEqualTo(message);
    }

    private static AwsException decodeFailure(Operation op, Map<String, List<String>> params) {
        try {
            QueryInput in = QueryDecoder.decode(op, params);
            throw new AssertionError("decoded without violation: " + in);
        } catch (AwsException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.ValidationError);
            return e;
        }
    }

    @org.junit.jupiter.api.Test
    void only_the_operations_the_model_marks_unauthenticated_are_unsigned() {
        var unsigned = new java.util.TreeSet<String>();
        for (String op : java.util.List.of("AssumeRole", "AssumeRoleWithSAML", "AssumeRoleWithWebIdentity",
                "GetCallerIdentity", "GetSessionToken", "GetFederationToken", "DecodeAuthorizationMessage")) {
            if (Models.STS.operation(op).orElseThrow().unsigned()) {
                unsigned.add(op);
            }
        }
        org.assertj.core.api.Assertions.assertThat(unsigned)
                .containsExactly("AssumeRoleWithSAML", "AssumeRoleWithWebIdentity");
        org.assertj.core.api.Assertions.assertThat(Models.iam("CreateRole").unsigned()).isFalse();
    }
}
