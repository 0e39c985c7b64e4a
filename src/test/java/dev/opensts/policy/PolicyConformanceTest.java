package dev.opensts.policy;

import static dev.opensts.policy.Fixtures.*;
import static dev.opensts.policy.Outcome.ALLOW;
import static dev.opensts.policy.Outcome.EXPLICIT_DENY;
import static dev.opensts.policy.Outcome.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven conformance with AWS's documented policy semantics. Each case is named after the rule it checks.
 */
class PolicyConformanceTest {

    private static final String S3_OBJ = "arn:aws:s3:::bucket/home/alice/notes.txt";
    private static final String ROLE_ADMIN = "arn:aws:iam::" + ACCT + ":role/Admin";
    private static final String ROLE_TARGET = "arn:aws:iam::" + ACCT + ":role/Target";

    private record Case(String rule, Supplier<Decision> run, Outcome expected) {
    }

    /** An identity-policy case: one statement (single-quoted JSON) evaluated for Alice. */
    private static Case id(String rule, String statement, RequestContext ctx, Outcome expected) {
        return new Case(rule, () -> eval(ctx, identity(statement)), expected);
    }

    private static Case idDoc(String rule, String json, RequestContext ctx, Outcome expected) {
        return new Case(rule, () -> eval(ctx, named("p", json, PolicyKind.MANAGED)), expected);
    }

    /** A condition case: Allow s3:GetObject on * with the given Condition block, for Alice. */
    private static Case cond(String rule, String condition, RequestContext.Builder ctx, Outcome expected) {
        String st = "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*','Condition':" + condition + "}";
        return id(rule, st, ctx.build(), expected);
    }

    private static RequestContext.Builder get() {
        return req(ALICE, "s3:GetObject", S3_OBJ);
    }

    private static Stream<Arguments> cases() {
        List<Case> cases = List.of(
                // ---- Effect, Action, NotAction -------------------------------------------------------------
                id("Allow statement matching action and resource allows",
                        "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}", get().build(), ALLOW),
                id("no matching statement is an implicit deny",
                        "{'Effect':'Allow','Action':'s3:PutObject','Resource':'*'}", get().build(), IMPLICIT_DENY),
                id("action names are case-insensitive",
                        "{'Effect':'Allow','Action':'S3:getobject','Resource':'*'}", get().build(), ALLOW),
                id("action wildcard * matches any run of characters",
                        "{'Effect':'Allow','Action':'s3:Get*','Resource':'*'}", get().build(), ALLOW),
                id("action wildcard ? matches exactly one character",
                        "{'Effect':'Allow','Action':'s3:GetObjec?','Resource':'*'}", get().build(), ALLOW),
                id("action wildcard ? does not match zero characters",
                        "{'Effect':'Allow','Action':'s3:GetObject?','Resource':'*'}", get().build(), IMPLICIT_DENY),
                id("Action * matches every action",
                        "{'Effect':'Allow','Action':'*','Resource':'*'}", get().build(), ALLOW),
                id("Action list: any entry may match",
                        "{'Effect':'Allow','Action':['iam:ListRoles','s3:GetObject'],'Resource':'*'}", get().build(),
                        ALLOW),
                id("service prefix must match, not just the action name",
                        "{'Effect':'Allow','Action':'ec2:GetObject','Resource':'*'}", get().build(), IMPLICIT_DENY),
                id("NotAction with Allow allows every action except those listed",
                        "{'Effect':'Allow','NotAction':'iam:*','Resource':'*'}", get().build(), ALLOW),
                id("NotAction with Allow does not allow the listed actions",
                        "{'Effect':'Allow','NotAction':'s3:*','Resource':'*'}", get().build(), IMPLICIT_DENY),
                new Case("NotAction with Deny denies everything except the listed actions",
                        () -> eval(get().build(), identity(
                                "{'Effect':'Allow','Action':'*','Resource':'*'}",
                                "{'Effect':'Deny','NotAction':'iam:*','Resource':'*'}")), EXPLICIT_DENY),
                new Case("explicit Deny overrides any Allow",
                        () -> eval(get().build(), identity(
                                "{'Effect':'Allow','Action':'s3:*','Resource':'*'}",
                                "{'Effect':'Deny','Action':'s3:GetObject','Resource':'*'}")), EXPLICIT_DENY),
                new Case("a Deny in another attached policy still wins",
                        () -> eval(get().build(), identity("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"),
                                named("deny", doc("{'Effect':'Deny','Action':'*','Resource':'*'}"),
                                        PolicyKind.MANAGED)), EXPLICIT_DENY),
                // ---- Resource, NotResource ----------------------------------------------------------------
                id("Resource * matches any resource",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'*'}", get().build(), ALLOW),
                id("* in the resource part crosses '/'",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bucket/*'}", get().build(), ALLOW),
                id("* in the resource part crosses ':'",
                        "{'Effect':'Allow','Action':'logs:*','Resource':'arn:aws:logs:us-east-1:111122223333:*'}",
                        req(ALICE, "logs:PutLogEvents",
                                "arn:aws:logs:us-east-1:111122223333:log-group:g:log-stream:s").build(), ALLOW),
                id("resource matching is case-sensitive",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::Bucket/*'}", get().build(),
                        IMPLICIT_DENY),
                id("? in a resource matches one character",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bucke?/*'}", get().build(), ALLOW),
                id("account segment wildcard matches any account",
                        "{'Effect':'Allow','Action':'iam:GetRole','Resource':'arn:aws:iam::*:role/Admin'}",
                        req(ALICE, "iam:GetRole", ROLE_ADMIN).build(), ALLOW),
                id("a wildcard in the region segment does not cross into the account segment",
                        "{'Effect':'Allow','Action':'iam:GetRole','Resource':'arn:aws:iam:*::role/Admin'}",
                        req(ALICE, "iam:GetRole", ROLE_ADMIN).build(), IMPLICIT_DENY),
                id("partition and service segments are compared separately",
                        "{'Effect':'Allow','Action':'iam:GetRole','Resource':'arn:aws-cn:iam::111122223333:role/Admin'}",
                        req(ALICE, "iam:GetRole", ROLE_ADMIN).build(), IMPLICIT_DENY),
                id("NotResource with Allow allows other resources",
                        "{'Effect':'Allow','Action':'s3:*','NotResource':'arn:aws:s3:::secret/*'}", get().build(),
                        ALLOW),
                id("NotResource with Allow does not allow the listed resources",
                        "{'Effect':'Allow','Action':'s3:*','NotResource':'arn:aws:s3:::bucket/*'}", get().build(),
                        IMPLICIT_DENY),
                // ---- policy variables ---------------------------------------------------------------------
                id("${aws:username} is replaced in Resource",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bucket/home/${aws:username}/*'}",
                        get().build(), ALLOW),
                id("${aws:username} of another user does not match",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bucket/home/${aws:username}/*'}",
                        req(BOB_OTHER, "s3:GetObject", S3_OBJ).build(), IMPLICIT_DENY),
                id("an unresolved policy variable matches nothing",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::bucket/home/${aws:username}/*'}",
                        req(ADMIN_SESSION, "s3:GetObject", S3_OBJ).build(), IMPLICIT_DENY),
                idDoc("policy variables are plain text in Version 2008-10-17",
                        j("{'Version':'2008-10-17','Statement':{'Effect':'Allow','Action':'s3:*',"
                                + "'Resource':'arn:aws:s3:::bucket/home/${aws:username}/*'}}"),
                        get().build(), IMPLICIT_DENY),
                idDoc("a document without Version has 2008-10-17 semantics (no variables)",
                        j("{'Statement':{'Effect':'Allow','Action':'s3:*',"
                                + "'Resource':'arn:aws:s3:::bucket/home/${aws:username}/*'}}"),
                        req(ALICE, "s3:GetObject", "arn:aws:s3:::bucket/home/${aws:username}/x").build(), ALLOW),
                idDoc("a variable default applies when the key is missing",
                        "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                                + "\"Resource\":\"arn:aws:s3:::bucket/home/${aws:username, 'alice'}/*\"}}",
                        req(ADMIN_SESSION, "s3:GetObject", S3_OBJ).build(), ALLOW),
                id("${aws:PrincipalTag/key} resolves from principal tags",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::${aws:PrincipalTag/team}/*'}",
                        req(ALICE, "s3:GetObject", "arn:aws:s3:::blue/x").build(), ALLOW),
                id("a substituted value is literal: its '*' is not a wildcard",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/${s3:prefix}'}",
                        req(ALICE, "s3:GetObject", "arn:aws:s3:::b/anything").put("s3:prefix", "*").build(),
                        IMPLICIT_DENY),
                id("${*} is a literal asterisk",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/${*}'}",
                        req(ALICE, "s3:GetObject", "arn:aws:s3:::b/*").build(), ALLOW),
                id("${*} does not act as a wildcard",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/${*}'}",
                        req(ALICE, "s3:GetObject", "arn:aws:s3:::b/x").build(), IMPLICIT_DENY),
                id("${?} and ${$} are literal characters",
                        "{'Effect':'Allow','Action':'s3:*','Resource':'arn:aws:s3:::b/${?}${$}'}",
                        req(ALICE, "s3:GetObject", "arn:aws:s3:::b/?$").build(), ALLOW),
                cond("policy variables work in StringEquals values",
                        "{'StringEquals':{'aws:SourceIdentity':'${aws:username}'}}",
                        get().put("aws:SourceIdentity", "alice"), ALLOW),
                cond("policy variables work in ArnLike values",
                        "{'ArnLike':{'aws:SourceArn':'arn:aws:iam::*:user/*/${aws:username}'}}",
                        get().put("aws:SourceArn", "arn:aws:iam::1:user/eng/alice"), ALLOW),
                // ---- String operators ---------------------------------------------------------------------
                cond("StringEquals is case-sensitive",
                        "{'StringEquals':{'aws:PrincipalTag/team':'Blue'}}", get(), IMPLICIT_DENY),
                cond("StringEquals matches exactly", "{'StringEquals':{'aws:PrincipalTag/team':'blue'}}", get(),
                        ALLOW),
                cond("condition key names are case-insensitive",
                        "{'StringEquals':{'AWS:principaltag/TEAM':'blue'}}", get(), ALLOW),
                cond("several values of one key are ORed",
                        "{'StringEquals':{'aws:PrincipalTag/team':['red','blue']}}", get(), ALLOW),
                cond("several keys are ANDed",
                        "{'StringEquals':{'aws:PrincipalTag/team':'blue','aws:PrincipalTag/CostCenter':'43'}}",
                        get(), IMPLICIT_DENY),
                cond("several operators are ANDed",
                        "{'StringEquals':{'aws:PrincipalTag/team':'blue'},'Bool':{'aws:SecureTransport':'true'}}",
                        get().put("aws:SecureTransport", "false"), IMPLICIT_DENY),
                cond("StringNotEquals with several values holds only if the value matches none",
                        "{'StringNotEquals':{'aws:PrincipalTag/team':['red','blue']}}", get(), IMPLICIT_DENY),
                cond("StringNotEquals holds when the value differs from all",
                        "{'StringNotEquals':{'aws:PrincipalTag/team':['red','green']}}", get(), ALLOW),
                cond("a positive operator on a missing key is false",
                        "{'StringEquals':{'aws:SourceVpc':'vpc-1'}}", get(), IMPLICIT_DENY),
                cond("a negated operator on a missing key is true (AWS documented rule)",
                        "{'StringNotEquals':{'aws:SourceVpc':'vpc-1'}}", get(), ALLOW),
                cond("StringEqualsIgnoreCase ignores case",
                        "{'StringEqualsIgnoreCase':{'aws:PrincipalTag/team':'BLUE'}}", get(), ALLOW),
                cond("StringNotEqualsIgnoreCase ignores case",
                        "{'StringNotEqualsIgnoreCase':{'aws:PrincipalTag/team':'BLUE'}}", get(), IMPLICIT_DENY),
                cond("StringLike supports * and ?", "{'StringLike':{'aws:userid':'AIDA?L*'}}", get(), ALLOW),
                cond("StringLike is case-sensitive", "{'StringLike':{'aws:userid':'aida*'}}", get(), IMPLICIT_DENY),
                cond("StringNotLike", "{'StringNotLike':{'aws:userid':'AROA*'}}", get(), ALLOW),
                cond("StringEquals treats * literally", "{'StringEquals':{'aws:userid':'AIDA*'}}", get(),
                        IMPLICIT_DENY),
                cond("...IfExists holds when the key is missing",
                        "{'StringEqualsIfExists':{'aws:SourceVpc':'vpc-1'}}", get(), ALLOW),
                cond("...IfExists checks the value when the key is present",
                        "{'StringEqualsIfExists':{'aws:SourceVpc':'vpc-1'}}", get().put("aws:SourceVpc", "vpc-2"),
                        IMPLICIT_DENY),
                cond("unquoted JSON booleans and numbers are accepted as values",
                        "{'Bool':{'aws:SecureTransport':true},'NumericLessThan':{'s3:max-keys':10}}",
                        get().put("aws:SecureTransport", "true").put("s3:max-keys", "5"), ALLOW),
                // ---- multi-valued keys and set operators --------------------------------------------------
                cond("ForAllValues on a missing key is true",
                        "{'ForAllValues:StringEquals':{'aws:TagKeys':['a','b']}}", get(), ALLOW),
                cond("ForAnyValue on a missing key is false",
                        "{'ForAnyValue:StringEquals':{'aws:TagKeys':['a','b']}}", get(), IMPLICIT_DENY),
                cond("ForAllValues: every context value must be in the policy set",
                        "{'ForAllValues:StringEquals':{'aws:TagKeys':['a','b']}}", get().put("aws:TagKeys", "a", "c"),
                        IMPLICIT_DENY),
                cond("ForAllValues: a subset of the policy set holds",
                        "{'ForAllValues:StringEquals':{'aws:TagKeys':['a','b']}}", get().put("aws:TagKeys", "b", "a"),
                        ALLOW),
                cond("ForAnyValue: one matching context value suffices",
                        "{'ForAnyValue:StringEquals':{'aws:TagKeys':['a','b']}}", get().put("aws:TagKeys", "x", "b"),
                        ALLOW),
                cond("ForAllValues:StringNotEquals: no context value may be in the set",
                        "{'ForAllValues:StringNotEquals':{'aws:TagKeys':['secret']}}",
                        get().put("aws:TagKeys", "a", "secret"), IMPLICIT_DENY),
                cond("ForAnyValue:StringNotEquals: some context value outside the set",
                        "{'ForAnyValue:StringNotEquals':{'aws:TagKeys':['secret']}}",
                        get().put("aws:TagKeys", "a", "secret"), ALLOW),
                cond("ForAnyValue:StringLike", "{'ForAnyValue:StringLike':{'aws:TagKeys':['env*']}}",
                        get().put("aws:TagKeys", "owner", "environment"), ALLOW),
                cond("a multi-valued key without qualifier: any value may match",
                        "{'StringEquals':{'aws:TagKeys':'b'}}", get().put("aws:TagKeys", "a", "b"), ALLOW),
                cond("ForAllValues...IfExists on a missing key is true",
                        "{'ForAllValues:StringEqualsIfExists':{'aws:TagKeys':'a'}}", get(), ALLOW),
                // ---- Null ---------------------------------------------------------------------------------
                cond("Null true holds when the key is absent", "{'Null':{'aws:TokenIssueTime':'true'}}", get(), ALLOW),
                cond("Null true fails when the key is present", "{'Null':{'aws:TokenIssueTime':'true'}}",
                        get().put("aws:TokenIssueTime", "2024-01-01T00:00:00Z"), IMPLICIT_DENY),
                cond("Null false holds when the key is present", "{'Null':{'aws:TokenIssueTime':'false'}}",
                        get().put("aws:TokenIssueTime", "2024-01-01T00:00:00Z"), ALLOW),
                cond("Null false fails when the key is absent", "{'Null':{'aws:TokenIssueTime':'false'}}", get(),
                        IMPLICIT_DENY),
                // ---- Numeric ------------------------------------------------------------------------------
                cond("NumericEquals compares numerically", "{'NumericEquals':{'s3:max-keys':'10'}}",
                        get().put("s3:max-keys", "10.0"), ALLOW),
                cond("NumericNotEquals", "{'NumericNotEquals':{'s3:max-keys':'10'}}", get().put("s3:max-keys", "9"),
                        ALLOW),
                cond("NumericLessThan", "{'NumericLessThan':{'s3:max-keys':'10'}}", get().put("s3:max-keys", "10"),
                        IMPLICIT_DENY),
                cond("NumericLessThanEquals", "{'NumericLessThanEquals':{'s3:max-keys':'10'}}",
                        get().put("s3:max-keys", "10"), ALLOW),
                cond("NumericGreaterThan", "{'NumericGreaterThan':{'s3:max-keys':'10'}}",
                        get().put("s3:max-keys", "10.5"), ALLOW),
                cond("NumericGreaterThanEquals", "{'NumericGreaterThanEquals':{'s3:max-keys':'10'}}",
                        get().put("s3:max-keys", "9"), IMPLICIT_DENY),
                cond("a non-numeric context value matches no numeric condition",
                        "{'NumericLessThan':{'s3:max-keys':'10'}}", get().put("s3:max-keys", "ten"), IMPLICIT_DENY),
                // ---- Date ---------------------------------------------------------------------------------
                cond("DateLessThan against aws:CurrentTime (ISO 8601)",
                        "{'DateLessThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}",
                        get().put("aws:CurrentTime", "2029-12-31T23:59:59Z"), ALLOW),
                cond("DateGreaterThan", "{'DateGreaterThan':{'aws:CurrentTime':'2030-01-01T00:00:00Z'}}",
                        get().put("aws:CurrentTime", "2029-12-31T23:59:59Z"), IMPLICIT_DENY),
                cond("Date operators accept epoch seconds",
                        "{'DateGreaterThanEquals':{'aws:EpochTime':'1700000000'}}",
                        get().put("aws:EpochTime", "2023-11-14T22:13:20Z"), ALLOW),
                cond("DateEquals across offsets", "{'DateEquals':{'aws:CurrentTime':'2024-01-01T01:00:00+01:00'}}",
                        get().put("aws:CurrentTime", "2024-01-01T00:00:00Z"), ALLOW),
                cond("DateNotEquals", "{'DateNotEquals':{'aws:CurrentTime':'2024-01-01'}}",
                        get().put("aws:CurrentTime", "2024-01-01T00:00:00Z"), IMPLICIT_DENY),
                cond("DateLessThanEquals", "{'DateLessThanEquals':{'aws:CurrentTime':'2024-01-01T00:00:00Z'}}",
                        get().put("aws:CurrentTime", "2024-01-01T00:00:00Z"), ALLOW),
                // ---- Bool, Binary -------------------------------------------------------------------------
                cond("Bool true", "{'Bool':{'aws:SecureTransport':'true'}}", get().put("aws:SecureTransport", "true"),
                        ALLOW),
                cond("Bool false does not match true", "{'Bool':{'aws:SecureTransport':'false'}}",
                        get().put("aws:SecureTransport", "true"), IMPLICIT_DENY),
                cond("BoolIfExists on a missing key", "{'BoolIfExists':{'aws:MultiFactorAuthPresent':'false'}}",
                        get(), ALLOW),
                cond("BinaryEquals compares base64-decoded bytes", "{'BinaryEquals':{'k:bin':'QmluYXJ5VmFsdWU='}}",
                        get().put("k:bin", "QmluYXJ5VmFsdWU="), ALLOW),
                cond("BinaryEquals different bytes", "{'BinaryEquals':{'k:bin':'QmluYXJ5VmFsdWU='}}",
                        get().put("k:bin", "QmluYXJ5"), IMPLICIT_DENY),
                // ---- IP -----------------------------------------------------------------------------------
                cond("IpAddress IPv4 CIDR", "{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}",
                        get().put("aws:SourceIp", "203.0.113.77"), ALLOW),
                cond("IpAddress outside the range", "{'IpAddress':{'aws:SourceIp':'203.0.113.0/24'}}",
                        get().put("aws:SourceIp", "203.0.114.1"), IMPLICIT_DENY),
                cond("IpAddress IPv6 CIDR", "{'IpAddress':{'aws:SourceIp':'2001:DB8:1234:5678::/64'}}",
                        get().put("aws:SourceIp", "2001:db8:1234:5678:abcd::1"), ALLOW),
                cond("IpAddress a single address", "{'IpAddress':{'aws:SourceIp':'192.0.2.1'}}",
                        get().put("aws:SourceIp", "192.0.2.1"), ALLOW),
                cond("IPv4 ranges never match IPv6 addresses", "{'IpAddress':{'aws:SourceIp':'0.0.0.0/0'}}",
                        get().put("aws:SourceIp", "::1"), IMPLICIT_DENY),
                cond("NotIpAddress", "{'NotIpAddress':{'aws:SourceIp':['10.0.0.0/8','192.168.0.0/16']}}",
                        get().put("aws:SourceIp", "10.1.2.3"), IMPLICIT_DENY),
                cond("NotIpAddress outside all ranges", "{'NotIpAddress':{'aws:SourceIp':'10.0.0.0/8'}}",
                        get().put("aws:SourceIp", "11.1.2.3"), ALLOW),
                // ---- ARN ----------------------------------------------------------------------------------
                cond("ArnLike compares segment by segment",
                        "{'ArnLike':{'aws:SourceArn':'arn:aws:sns:*:111122223333:*'}}",
                        get().put("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"), ALLOW),
                cond("ArnLike: a * in one segment does not swallow the next",
                        "{'ArnLike':{'aws:SourceArn':'arn:aws:sns:*:topic'}}",
                        get().put("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"), IMPLICIT_DENY),
                // a truncated ARN ending in * (arn:aws:sqs:*) covers the rest as in the Resource element: a Deny
                // written with it must not fail open by never matching
                cond("ArnLike with a truncated ARN covers every queue",
                        "{'ArnLike':{'aws:SourceArn':'arn:aws:sqs:*'}}",
                        get().put("aws:SourceArn", "arn:aws:sqs:us-east-1:111122223333:orders"), ALLOW),
                cond("ArnLike with a truncated ARN stays in its service",
                        "{'ArnLike':{'aws:SourceArn':'arn:aws:sqs:*'}}",
                        get().put("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:orders"), IMPLICIT_DENY),
                cond("ArnNotLike with a truncated ARN excludes every queue",
                        "{'ArnNotLike':{'aws:SourceArn':'arn:aws:sqs:*'}}",
                        get().put("aws:SourceArn", "arn:aws:sqs:eu-west-1:111122223333:orders"), IMPLICIT_DENY),
                cond("ArnEquals allows wildcards as AWS documents",
                        "{'ArnEquals':{'aws:SourceArn':'arn:aws:sns:us-east-1:111122223333:t?pic'}}",
                        get().put("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"), ALLOW),
                cond("ArnNotEquals", "{'ArnNotEquals':{'aws:SourceArn':'arn:aws:sns:us-east-1:111122223333:topic'}}",
                        get().put("aws:SourceArn", "arn:aws:sns:us-east-1:111122223333:topic"), IMPLICIT_DENY),
                cond("ArnNotLike on a missing key is true", "{'ArnNotLike':{'aws:SourceArn':'arn:aws:sns:*:*:*'}}",
                        get(), ALLOW),
                cond("Arn operators do not match non-ARN values", "{'ArnLike':{'aws:SourceArn':'arn:*:*:*:*:*'}}",
                        get().put("aws:SourceArn", "not-an-arn"), IMPLICIT_DENY),
                cond("aws:PrincipalArn of a role session is the role ARN",
                        "{'ArnEquals':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/Admin'}}",
                        req(ADMIN_SESSION, "s3:GetObject", S3_OBJ), ALLOW),
                cond("aws:PrincipalArn of a role session carries the role's path",
                        "{'ArnLike':{'aws:PrincipalArn':'arn:aws:iam::111122223333:role/contractors/*'}}",
                        req(new PrincipalInfo("arn:aws:sts::111122223333:assumed-role/dev/s1",
                                "arn:aws:iam::111122223333:role/contractors/dev", ACCT, PrincipalType.ASSUMED_ROLE,
                                "AROADEV:s1", null, java.util.Map.of()), "s3:GetObject", S3_OBJ), ALLOW),
                // ---- accounts: identity policies grant within the principal's own account only ---------------
                id("an identity Allow of everything does not reach another account's ARN",
                        "{'Effect':'Allow','Action':'*','Resource':'*'}",
                        req(ALICE, "iam:GetRole", "arn:aws:iam::" + OTHER + ":role/x").build(), IMPLICIT_DENY),
                id("an identity Allow of everything does not reach a resource whose aws:ResourceAccount is another",
                        "{'Effect':'Allow','Action':'*','Resource':'*'}",
                        get().put("aws:ResourceAccount", OTHER).build(), IMPLICIT_DENY),
                id("aws:ResourceAccount of the principal's own account is same-account",
                        "{'Effect':'Allow','Action':'*','Resource':'*'}",
                        get().put("aws:ResourceAccount", ACCT).build(), ALLOW),
                id("aws:ResourceAccount is derived from the resource ARN",
                        "{'Effect':'Allow','Action':'*','Resource':'*','Condition':{'StringEquals':"
                                + "{'aws:ResourceAccount':'" + ACCT + "'}}}",
                        req(ALICE, "iam:GetRole", "arn:aws:iam::" + ACCT + ":role/x").build(), ALLOW),
                new Case("the root is unrestricted in its own account",
                        () -> Evaluator.evaluate(req(ROOT, "iam:DeleteRole", ROLE_ADMIN).build(), List.of(), null,
                                null), ALLOW),
                new Case("the root is nothing in another account",
                        () -> Evaluator.evaluate(req(ROOT, "iam:DeleteRole", "arn:aws:iam::" + OTHER + ":role/x")
                                .build(), List.of(), null, null), IMPLICIT_DENY),
                new Case("the root is nothing for a resource aws:ResourceAccount places in another account",
                        () -> Evaluator.evaluate(req(ROOT, "s3:GetObject", S3_OBJ).put("aws:ResourceAccount", OTHER)
                                .build(), List.of(), null, null), IMPLICIT_DENY),
                new Case("a role session's Allow of everything does not reach another account",
                        () -> Evaluator.evaluate(req(ADMIN_SESSION, "s3:GetObject", S3_OBJ)
                                .put("aws:ResourceAccount", OTHER).build(),
                                List.of(identity("{'Effect':'Allow','Action':'*','Resource':'*'}")), null, null),
                        IMPLICIT_DENY),
                // ---- a * ending a segment crosses the colons of the segments left out (Resource element) -------
                id("arn:aws:sqs:* matches every queue of every region and account",
                        "{'Effect':'Allow','Action':'sqs:*','Resource':'arn:aws:sqs:*'}",
                        req(ALICE, "sqs:SendMessage", "arn:aws:sqs:us-east-1:" + ACCT + ":orders").build(), ALLOW),
                id("arn:aws:sqs:* does not match another service's ARN",
                        "{'Effect':'Allow','Action':'*','Resource':'arn:aws:sqs:*'}",
                        req(ALICE, "sns:Publish", "arn:aws:sns:us-east-1:" + ACCT + ":orders").build(), IMPLICIT_DENY),
                id("arn:aws:sqs:us-* matches a us region only",
                        "{'Effect':'Allow','Action':'sqs:*','Resource':'arn:aws:sqs:us-*'}",
                        req(ALICE, "sqs:SendMessage", "arn:aws:sqs:eu-west-1:" + ACCT + ":orders").build(),
                        IMPLICIT_DENY),
                id("arn:aws:sqs:us-* crosses into the account and resource",
                        "{'Effect':'Allow','Action':'sqs:*','Resource':'arn:aws:sqs:us-*'}",
                        req(ALICE, "sqs:SendMessage", "arn:aws:sqs:us-west-2:" + ACCT + ":orders").build(), ALLOW),
                id("an explicit deny still decides across accounts",
                        "{'Effect':'Deny','Action':'*','Resource':'*'}",
                        req(ALICE, "iam:GetRole", "arn:aws:iam::" + OTHER + ":role/x").build(), EXPLICIT_DENY),
                // ---- session policies and boundaries ------------------------------------------------------
                new Case("session policy: the intersection with identity policies (both allow)",
                        () -> Evaluator.evaluate(get().build(),
                                List.of(identity("{'Effect':'Allow','Action':'s3:*','Resource':'*'}")),
                                List.of(named("session", doc("{'Effect':'Allow','Action':'s3:Get*','Resource':'*'}"),
                                        PolicyKind.SESSION)), null), ALLOW),
                new Case("session policy: cannot grant more than identity policies",
                        () -> Evaluator.evaluate(get().build(),
                                List.of(identity("{'Effect':'Allow','Action':'s3:Put*','Resource':'*'}")),
                                List.of(named("session", doc("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"),
                                        PolicyKind.SESSION)), null), IMPLICIT_DENY),
                new Case("session policy: an empty intersection denies",
                        () -> Evaluator.evaluate(get().build(),
                                List.of(identity("{'Effect':'Allow','Action':'s3:*','Resource':'*'}")),
                                List.of(named("session", doc("{'Effect':'Allow','Action':'iam:*','Resource':'*'}"),
                                        PolicyKind.SESSION)), null), IMPLICIT_DENY),
                new Case("boundary: the intersection with identity policies",
                        () -> Evaluator.evaluate(get().build(),
                                List.of(identity("{'Effect':'Allow','Action':'*','Resource':'*'}")), null,
                                named("boundary", doc("{'Effect':'Allow','Action':'iam:*','Resource':'*'}"),
                                        PolicyKind.BOUNDARY)), IMPLICIT_DENY),
                new Case("boundary: allows what both allow",
                        () -> Evaluator.evaluate(get().build(),
                                List.of(identity("{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}")), null,
                                named("boundary", doc("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"),
                                        PolicyKind.BOUNDARY)), ALLOW),
                new Case("boundary: a Deny in the boundary is an explicit deny",
                        () -> Evaluator.evaluate(get().build(),
                                List.of(identity("{'Effect':'Allow','Action':'*','Resource':'*'}")), null,
                                named("boundary", doc("{'Effect':'Allow','Action':'*','Resource':'*'}",
                                        "{'Effect':'Deny','Action':'s3:*','Resource':'*'}"), PolicyKind.BOUNDARY)),
                        EXPLICIT_DENY),
                new Case("the account root needs no identity policy in its own account",
                        () -> Evaluator.evaluate(req(ROOT, "iam:CreateRole", "*").build(), List.of(), null, null),
                        ALLOW),
                // ---- trust policies (resource policy of a role) -------------------------------------------
                trustCase("trust naming the user ARN suffices in the same account",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:user/eng/alice'},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(), null, null, ALLOW),
                trustCase("trust naming the account delegates: identity Allow is required (missing)",
                        "{'Effect':'Allow','Principal':{'AWS':'111122223333'},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(), null, null, IMPLICIT_DENY),
                trustCase("trust naming the account delegates: with identity Allow",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:root'},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(assumeAllow()), null, null, ALLOW),
                trustCase("a role always needs its trust policy: identity Allow alone is not enough",
                        "{'Effect':'Allow','Principal':{'Service':'ec2.amazonaws.com'},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(assumeAllow()), null, null, IMPLICIT_DENY),
                trustCase("cross-account: trust Allow without identity Allow is denied",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::444455556666:user/bob'},'Action':'sts:AssumeRole'}",
                        BOB_OTHER, ACCT, List.of(), null, null, IMPLICIT_DENY),
                trustCase("cross-account: trust and identity both allow",
                        "{'Effect':'Allow','Principal':{'AWS':'444455556666'},'Action':'sts:AssumeRole'}",
                        BOB_OTHER, ACCT, List.of(assumeAllow()), null, null, ALLOW),
                trustCase("cross-account: identity Allow without a trust Allow is denied",
                        "{'Effect':'Allow','Principal':{'AWS':'999999999999'},'Action':'sts:AssumeRole'}",
                        BOB_OTHER, ACCT, List.of(assumeAllow()), null, null, IMPLICIT_DENY),
                trustCase("cross-account: the caller's boundary still limits",
                        "{'Effect':'Allow','Principal':{'AWS':'444455556666'},'Action':'sts:AssumeRole'}",
                        BOB_OTHER, ACCT, List.of(assumeAllow()), null,
                        named("b", doc("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"), PolicyKind.BOUNDARY),
                        IMPLICIT_DENY),
                trustCase("trust naming the role ARN matches its sessions",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:role/Admin'},'Action':'sts:AssumeRole'}",
                        ADMIN_SESSION, ACCT, List.of(), null, null, ALLOW),
                trustCase("grant to the role ARN: the session policy still limits",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:role/Admin'},'Action':'sts:AssumeRole'}",
                        ADMIN_SESSION, ACCT, List.of(),
                        List.of(named("s", doc("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"),
                                PolicyKind.SESSION)), null, IMPLICIT_DENY),
                trustCase("grant to the session ARN: the session policy does not limit",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:sts::111122223333:assumed-role/Admin/alice-session'},'Action':'sts:AssumeRole'}",
                        ADMIN_SESSION, ACCT, List.of(),
                        List.of(named("s", doc("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"),
                                PolicyKind.SESSION)), null, ALLOW),
                trustCase("grant to the user ARN: the boundary does not limit (same account)",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:user/alice'},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(), null,
                        named("b", doc("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"), PolicyKind.BOUNDARY),
                        ALLOW),
                trustCase("grant to the role ARN: the boundary limits",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:role/Admin'},'Action':'sts:AssumeRole'}",
                        ADMIN_SESSION, ACCT, List.of(), null,
                        named("b", doc("{'Effect':'Allow','Action':'s3:*','Resource':'*'}"), PolicyKind.BOUNDARY),
                        IMPLICIT_DENY),
                trustCase("an identity Deny beats a trust Allow",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:user/alice'},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(identity("{'Effect':'Deny','Action':'sts:*','Resource':'*'}")), null,
                        null, EXPLICIT_DENY),
                trustCase("Principal * matches everyone",
                        "{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'}", EC2, ACCT, List.of(), null,
                        null, ALLOW),
                trustCase("Service principal",
                        "{'Effect':'Allow','Principal':{'Service':['lambda.amazonaws.com','ec2.amazonaws.com']},'Action':'sts:AssumeRole'}",
                        EC2, ACCT, List.of(), null, null, ALLOW),
                trustCase("Federated principal",
                        "{'Effect':'Allow','Principal':{'Federated':'arn:aws:iam::111122223333:saml-provider/Okta'},'Action':'sts:AssumeRoleWithSAML'}",
                        new PrincipalInfo("arn:aws:iam::111122223333:saml-provider/Okta", null, PrincipalType.FEDERATED,
                                null, null, java.util.Map.of()), ACCT, List.of(), null, null, ALLOW),
                trustCase("trust Action must match the STS action",
                        "{'Effect':'Allow','Principal':{'AWS':'arn:aws:iam::111122223333:user/alice'},'Action':'sts:AssumeRoleWithSAML'}",
                        ALICE, ACCT, List.of(), null, null, IMPLICIT_DENY),
                trustCase("trust Condition sts:ExternalId",
                        "{'Effect':'Allow','Principal':{'AWS':'444455556666'},'Action':'sts:AssumeRole','Condition':{'StringEquals':{'sts:ExternalId':'xyz'}}}",
                        BOB_OTHER, ACCT, List.of(assumeAllow()), null, null, IMPLICIT_DENY),
                trustCase("NotPrincipal with Deny denies everyone not named",
                        "{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'},"
                                + "{'Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:iam::111122223333:user/alice','111122223333']},'Action':'sts:AssumeRole'}",
                        BOB_OTHER, ACCT, List.of(assumeAllow()), null, null, EXPLICIT_DENY),
                trustCase("NotPrincipal with Deny exempts the named user when its account is named too",
                        "{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'},"
                                + "{'Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:iam::111122223333:user/alice','111122223333']},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(), null, null, ALLOW),
                trustCase("NotPrincipal naming only the user (not its account) still denies it, as AWS warns",
                        "{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'},"
                                + "{'Effect':'Deny','NotPrincipal':{'AWS':'arn:aws:iam::111122223333:user/alice'},'Action':'sts:AssumeRole'}",
                        ALICE, ACCT, List.of(), null, null, EXPLICIT_DENY),
                trustCase("NotPrincipal for a session needs session, role and account",
                        "{'Effect':'Allow','Principal':'*','Action':'sts:AssumeRole'},"
                                + "{'Effect':'Deny','NotPrincipal':{'AWS':['arn:aws:sts::111122223333:assumed-role/Admin/alice-session','arn:aws:iam::111122223333:role/Admin','111122223333']},'Action':'sts:AssumeRole'}",
                        ADMIN_SESSION, ACCT, List.of(), null, null, ALLOW));
        return cases.stream().map(c -> Arguments.of(Named.of(c.rule(), c)));
    }

    private static NamedPolicy assumeAllow() {
        return identity("{'Effect':'Allow','Action':'sts:AssumeRole','Resource':'" + ROLE_TARGET + "'}");
    }

    private static Case trustCase(String rule, String trustStatements, PrincipalInfo caller, String resourceAccount,
                                  List<NamedPolicy> identity, List<NamedPolicy> session, NamedPolicy boundary,
                                  Outcome expected) {
        String action = trustStatements.contains("AssumeRoleWithSAML") && caller.type() == PrincipalType.FEDERATED
                ? "sts:AssumeRoleWithSAML" : "sts:AssumeRole";
        return new Case(rule, () -> Evaluator.evaluateWithResourcePolicy(
                req(caller, action, ROLE_TARGET).build(), trust(trustStatements), resourceAccount, identity, session,
                boundary), expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void conformsToAwsRule(Case c) {
        assertThat(c.run().get().outcome()).isEqualTo(c.expected());
    }

    @Test
    void decisionCarriesTheDecidingStatements() {
        Decision d = eval(get().build(), named("pol", doc(
                "{'Sid':'Read','Effect':'Allow','Action':'s3:*','Resource':'*'}",
                "{'Sid':'NoWrite','Effect':'Deny','Action':'s3:Put*','Resource':'*'}",
                "{'Effect':'Allow','Action':'s3:GetObject','Resource':'*'}"), PolicyKind.MANAGED));
        assertThat(d.allowed()).isTrue();
        assertThat(d.deciding()).containsExactly(
                new DecidingStatement("pol", "Read", 0, Effect.ALLOW),
                new DecidingStatement("pol", null, 2, Effect.ALLOW));

        Decision deny = eval(req(ALICE, "s3:PutObject", S3_OBJ).build(), named("pol", doc(
                "{'Sid':'Read','Effect':'Allow','Action':'s3:*','Resource':'*'}",
                "{'Sid':'NoWrite','Effect':'Deny','Action':'s3:Put*','Resource':'*'}"), PolicyKind.MANAGED));
        assertThat(deny.outcome()).isEqualTo(EXPLICIT_DENY);
        assertThat(deny.deciding()).containsExactly(new DecidingStatement("pol", "NoWrite", 1, Effect.DENY));
    }

    @Test
    void compiledPolicyExposesVersionAndCount() {
        Policy p = Policy.parse(doc("{'Effect':'Allow','Action':'*','Resource':'*'}"), PolicyKind.MANAGED);
        assertThat(p.version()).isEqualTo("2012-10-17");
        assertThat(p.statementCount()).isEqualTo(1);
        Policy old = Policy.parse(j("{'Statement':{'Effect':'Allow','Action':'*','Resource':'*'}}"),
                PolicyKind.MANAGED);
        assertThat(old.version()).isEqualTo("2008-10-17");
    }
}
