package dev.opensts.policy;

import static dev.opensts.policy.Fixtures.doc;
import static dev.opensts.policy.Fixtures.j;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each malformed document is rejected with a precise message. */
class PolicyValidationTest {

    private static Arguments bad(String name, String json, PolicyKind kind, String message) {
        return Arguments.of(Named.of(name, json), kind, message);
    }

    private static final String OK = "'Action':'s3:GetObject','Resource':'*'";

    static Stream<Arguments> malformed() {
        return Stream.of(
                bad("invalid JSON", "{\"Version\": ", PolicyKind.MANAGED, "Syntax errors in policy."),
                bad("trailing garbage", doc("{'Effect':'Allow'," + OK + "}") + "}", PolicyKind.MANAGED,
                        "Syntax errors in policy."),
                bad("duplicate element", j("{'Version':'2012-10-17','Version':'2012-10-17','Statement':[]}"),
                        PolicyKind.MANAGED, "Syntax errors in policy."),
                bad("empty input", "", PolicyKind.MANAGED, "Syntax errors in policy."),
                bad("not an object", "[1]", PolicyKind.MANAGED, "Policy document must be a JSON object"),
                bad("size over what is parsed at all",
                        doc("{'Effect':'Allow','Action':'s3:GetObject','Resource':'arn:aws:s3:::" + "x".repeat(131100)
                                + "'}"), PolicyKind.USER_INLINE,
                        "Policy document length 131208 exceeds the limit of 131072 characters"),
                bad("unknown top-level element", j("{'Version':'2012-10-17','Statements':[]}"), PolicyKind.MANAGED,
                        "Unknown element \"Statements\" at the top level; allowed are Version, Id, Statement"),
                bad("bad Version", j("{'Version':'2012-10-18','Statement':{'Effect':'Allow'," + OK + "}}"),
                        PolicyKind.MANAGED, "Version must be \"2012-10-17\" or \"2008-10-17\", got \"2012-10-18\""),
                bad("missing Statement", j("{'Version':'2012-10-17'}"), PolicyKind.MANAGED,
                        "Policy document must contain a Statement element"),
                bad("empty Statement", doc(), PolicyKind.MANAGED, "Statement must not be empty"),
                bad("statement not an object", doc("'x'"), PolicyKind.MANAGED,
                        "Statement[0] must be a JSON object, got \"x\""),
                bad("bad Effect with Sid", doc("{'Effect':'Allow'," + OK + "}",
                                "{'Sid':'AllowRead','Effect':'Alow'," + OK + "}"), PolicyKind.MANAGED,
                        "Statement[1] (Sid \"AllowRead\"): Effect must be Allow or Deny, got \"Alow\""),
                bad("missing Effect", doc("{" + OK + "}"), PolicyKind.MANAGED, "Statement[0]: Effect is required"),
                bad("unknown statement element", doc("{'Effect':'Allow','Actions':'s3:*','Resource':'*'}"),
                        PolicyKind.MANAGED, "Statement[0]: unknown element \"Actions\""),
                bad("missing Action", doc("{'Effect':'Allow','Resource':'*'}"), PolicyKind.MANAGED,
                        "Statement[0]: Action or NotAction is required"),
                bad("both Action and NotAction",
                        doc("{'Effect':'Allow','Action':'s3:*','NotAction':'iam:*','Resource':'*'}"),
                        PolicyKind.MANAGED, "Statement[0]: must not contain both Action and NotAction"),
                bad("empty Action list", doc("{'Effect':'Allow','Action':[],'Resource':'*'}"), PolicyKind.MANAGED,
                        "Statement[0]: Action must not be empty"),
                bad("Action without service prefix", doc("{'Effect':'Allow','Action':'GetObject','Resource':'*'}"),
                        PolicyKind.MANAGED, "Statement[0]: Action \"GetObject\" must be \"*\" or a service prefix and "
                                + "action, e.g. \"iam:CreateRole\""),
                bad("Action not a string", doc("{'Effect':'Allow','Action':5,'Resource':'*'}"), PolicyKind.MANAGED,
                        "Statement[0]: Action must be a string or an array of strings, got 5"),
                bad("missing Resource in identity policy", doc("{'Effect':'Allow','Action':'s3:*'}"),
                        PolicyKind.ROLE_INLINE, "Statement[0]: Resource or NotResource is required"),
                bad("malformed Resource ARN", doc("{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:bucket'}"),
                        PolicyKind.MANAGED, "Statement[0]: Resource \"arn:aws:s3:bucket\" must be \"*\" or an ARN of "
                                + "the form arn:partition:service:region:account:resource"),
                bad("a truncated Resource ARN without a trailing *",
                        doc("{'Effect':'Allow','Action':'sqs:*','Resource':'arn:aws:sqs:us-east-1'}"),
                        PolicyKind.MANAGED, "Statement[0]: Resource \"arn:aws:sqs:us-east-1\" must be \"*\" or an ARN of "
                                + "the form arn:partition:service:region:account:resource"),
                bad("Resource that is not an ARN", doc("{'Effect':'Allow','Action':'s3:*','Resource':'bucket/*'}"),
                        PolicyKind.MANAGED, "Statement[0]: Resource \"bucket/*\" must be \"*\" or an ARN of the form "
                                + "arn:partition:service:region:account:resource"),
                bad("Principal in identity policy",
                        doc("{'Effect':'Allow','Principal':'*'," + OK + "}"), PolicyKind.USER_INLINE,
                        "Statement[0]: Principal is not allowed in an identity-based policy; the principal is the "
                                + "identity it applies to"),
                bad("NotPrincipal in session policy",
                        doc("{'Effect':'Deny','NotPrincipal':'*'," + OK + "}"), PolicyKind.SESSION,
                        "Statement[0]: NotPrincipal is not allowed in a session policy; the principal is the "
                                + "identity it applies to"),
                bad("Principal in boundary", doc("{'Effect':'Allow','Principal':'*'," + OK + "}"),
                        PolicyKind.BOUNDARY, "Statement[0]: Principal is not allowed in a permissions boundary; the "
                                + "principal is the identity it applies to"),
                bad("no Principal in trust policy", doc("{'Effect':'Allow','Action':'sts:AssumeRole'}"),
                        PolicyKind.TRUST, "Statement[0]: Principal or NotPrincipal is required in a trust policy"),
                bad("Resource in trust policy",
                        doc("{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole','Resource':'*'}"),
                        PolicyKind.TRUST, "Statement[0]: Resource is not allowed in a trust policy; the resource is "
                                + "the role itself"),
                bad("NotPrincipal with Allow",
                        doc("{'Effect':'Allow','NotPrincipal':{'AWS':'111122223333'},'Action':'sts:AssumeRole'}"),
                        PolicyKind.TRUST, "Statement[0]: NotPrincipal can only be used with \"Effect\": \"Deny\""),
                bad("malformed principal ARN",
                        doc("{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::1234:user/x'},'Action':'sts:AssumeRole'}"),
                        PolicyKind.TRUST, "Statement[0]: Principal.AWS: Invalid principal \"arn:aws:iam::1234:user/x\": "
                                + "expected \"*\", a 12-digit account id, or an IAM/STS principal ARN"),
                bad("partial wildcard principal",
                        doc("{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:role/*'},'Action':'sts:AssumeRole'}"),
                        PolicyKind.TRUST, "Statement[0]: Principal.AWS: Invalid principal "
                                + "\"arn:aws:iam::111122223333:role/*\": wildcards cannot match part of a principal; "
                                + "use \"*\" or a condition on aws:PrincipalArn"),
                bad("unknown principal type",
                        doc("{'Effect':'Allow','Principal':{'Aws':'111122223333'},'Action':'sts:AssumeRole'}"),
                        PolicyKind.TRUST, "Statement[0]: Principal type \"Aws\" is not recognised; use AWS, Federated, "
                                + "Service or CanonicalUser"),
                bad("Principal string other than *",
                        doc("{'Effect':'Allow','Principal':'111122223333','Action':'sts:AssumeRole'}"),
                        PolicyKind.TRUST, "Statement[0]: Principal must be \"*\" or an object such as "
                                + "{\"AWS\": \"123456789012\"}, got \"111122223333\""),
                bad("duplicate Sid", doc("{'Sid':'A','Effect':'Allow'," + OK + "}", "{'Sid':'A','Effect':'Deny',"
                        + OK + "}"), PolicyKind.MANAGED, "Statement[1] (Sid \"A\"): Sid must be unique within the policy"),
                bad("non-alphanumeric Sid", doc("{'Sid':'Allow Read','Effect':'Allow'," + OK + "}"),
                        PolicyKind.MANAGED,
                        "Statement[0] (Sid \"Allow Read\"): Sid must contain only letters A-Z, a-z and digits 0-9"),
                bad("unknown operator", doc("{'Effect':'Allow'," + OK + ",'Condition':{'StringEqual':{'aws:x':'y'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition operator \"StringEqual\" is not recognised"),
                bad("unknown qualifier",
                        doc("{'Effect':'Allow'," + OK + ",'Condition':{'ForSomeValues:StringEquals':{'aws:x':'y'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition qualifier \"ForSomeValues\" is not recognised; "
                                + "use ForAllValues or ForAnyValue"),
                bad("NullIfExists", doc("{'Effect':'Allow'," + OK + ",'Condition':{'NullIfExists':{'aws:x':'true'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition operator Null cannot be combined with IfExists"),
                bad("Null with a non-boolean",
                        doc("{'Effect':'Allow'," + OK + ",'Condition':{'Null':{'aws:x':'maybe'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition Null: key \"aws:x\": value \"maybe\" is not true "
                                + "or false"),
                bad("condition key without prefix",
                        doc("{'Effect':'Allow'," + OK + ",'Condition':{'StringEquals':{'SourceIp':'y'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition StringEquals: key \"SourceIp\" must have a "
                                + "service prefix, e.g. \"aws:SourceIp\""),
                bad("non-numeric Numeric value",
                        doc("{'Effect':'Allow'," + OK + ",'Condition':{'NumericLessThan':{'s3:max-keys':'ten'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition NumericLessThan: key \"s3:max-keys\": value "
                                + "\"ten\" is not a number"),
                bad("bad date", doc("{'Effect':'Allow'," + OK + ",'Condition':{'DateLessThan':{'aws:CurrentTime':'soon'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition DateLessThan: key \"aws:CurrentTime\": value "
                                + "\"soon\" is not an ISO 8601 date-time or epoch seconds"),
                bad("bad CIDR", doc("{'Effect':'Allow'," + OK + ",'Condition':{'IpAddress':{'aws:SourceIp':'10.0.0.0/33'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition IpAddress: key \"aws:SourceIp\": value "
                                + "\"10.0.0.0/33\" is not an IP address or CIDR range"),
                bad("bad Bool", doc("{'Effect':'Allow'," + OK + ",'Condition':{'Bool':{'aws:SecureTransport':'yes'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition Bool: key \"aws:SecureTransport\": value \"yes\" "
                                + "is not true or false"),
                bad("bad base64", doc("{'Effect':'Allow'," + OK + ",'Condition':{'BinaryEquals':{'k:b':'%%%'}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition BinaryEquals: key \"k:b\": value \"%%%\" is not "
                                + "base64"),
                bad("empty condition value list",
                        doc("{'Effect':'Allow'," + OK + ",'Condition':{'StringEquals':{'aws:x':[]}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition StringEquals: key \"aws:x\": value list must not "
                                + "be empty"),
                bad("object condition value",
                        doc("{'Effect':'Allow'," + OK + ",'Condition':{'StringEquals':{'aws:x':{'a':1}}}}"),
                        PolicyKind.MANAGED, "Statement[0]: Condition StringEquals: key \"aws:x\": values must be "
                                + "strings, numbers or booleans, got {\"a\":1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void rejectsWithPreciseMessage(String json, PolicyKind kind, String message) {
        assertThatThrownBy(() -> Policy.parse(json, kind))
                .isInstanceOf(MalformedPolicyDocumentException.class)
                .hasMessage(message);
    }

    @Test
    void sizeLimitIgnoresWhitespace() {
        String padded = doc("{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}").replace(",", ",\n" + " ".repeat(3000));
        assertThatCode(() -> Policy.parse(padded, PolicyKind.SESSION)).doesNotThrowAnyException();
    }

    @Test
    void acceptsTheDocumentedForms() {
        assertThatCode(() -> {
            Policy.parse(j("{'Version':'2012-10-17','Id':'x','Statement':{'Effect':'Allow','Action':'*','NotResource':'*'}}"),
                    PolicyKind.MANAGED);
            Policy.parse(doc("{'Sid':'Any thing-goes','Effect':'Allow','Principal':{'AWS':['111122223333',"
                    + "'arn:aws:iam::111122223333:root','arn:aws:iam::111122223333:user/a/b','arn:aws:iam::111122223333:role/r',"
                    + "'arn:aws:sts::111122223333:assumed-role/r/s','arn:aws:sts::111122223333:federated-user/f','*'],"
                    + "'Federated':'cognito-identity.amazonaws.com','Service':'ec2.amazonaws.com',"
                    + "'CanonicalUser':'79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be'},"
                    + "'Action':['sts:AssumeRole','sts:TagSession'],"
                    + "'Condition':{'ForAnyValue:StringLikeIfExists':{'aws:TagKeys':'a*'},'Null':{'aws:x':'false'}}}"),
                    PolicyKind.TRUST);
        }).doesNotThrowAnyException();
    }
}
