package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.iam.Simulator.ContextEntry;
import dev.opensts.app.iam.Simulator.EvaluationResult;
import dev.opensts.app.iam.Simulator.MatchedStatement;
import dev.opensts.app.iam.Simulator.Request;
import dev.opensts.error.AwsException;
import dev.opensts.iam.GroupQuotas;
import dev.opensts.policy.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The policy simulator's use cases against in-memory ports: the same policy sources and evaluator as requests. */
class SimulatorTest {
    static final String QUEUE = "arn:aws:sqs:us-east-1:123456789012:q";
    static final String OTHER_QUEUE = "arn:aws:sqs:us-east-1:210987654321:q";
    /** Three statements over five lines, so positions are not all on line 1. */
    static final String GROUP_POLICY = """
            {"Version": "2012-10-17",
             "Statement": [
               {"Sid": "Send", "Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*"},
               {"Sid": "NoPurge", "Effect": "Deny", "Action": "sqs:PurgeQueue", "Resource": "*"},
               {"Sid": "Receive", "Effect": "Allow", "Action": "sqs:ReceiveMessage", "Resource": "*"}]}""";
    static final String BOUNDARY = """
            {"Version":"2012-10-17","Statement":[{"Sid":"SqsOnly","Effect":"Allow","Action":"sqs:*","Resource":"*"}]}""";
    static final String FROM_OFFICE = """
            {"Version":"2012-10-17","Statement":[{"Sid":"Office","Effect":"Allow","Action":"s3:GetObject",
            "Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"203.0.113.0/24"},
            "StringEquals":{"s3:prefix":"home/"},"Null":{"aws:TokenIssueTime":"true"}}}]}""";

    final AppFixture app = new AppFixture();
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final Groups groups = new Groups(iam, GroupQuotas.AWS);
    final Simulator simulator = new Simulator(app.view, app.authorizer, new PolicySources(app.view),
            new Contexts(app.view, app.clock), Runnable::run);

    static Request request(List<String> actions, List<String> resources) {
        return new Request(List.of(), List.of(), actions, resources, null, null, null, List.of());
    }

    static Request custom(List<String> policies, List<String> actions, List<ContextEntry> context) {
        return new Request(policies, List.of(), actions, List.of(), null, null, null, context);
    }

    /** alice: inline allow of sqs:* and s3:*, in group Devs (GROUP_POLICY), with boundary SqsOnly. */
    void alice() {
        await(app.policies.create(root(), new Policies.NewPolicy("SqsOnly", "/", null, BOUNDARY, List.of()), "r"));
        await(app.users.create(root(), new Users.NewUser("alice", "/eng/", List.of(), policyArn("/", "SqsOnly")),
                "r"));
        await(app.users.change(root(), new UserChange.PutInlinePolicy("alice", "Own",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"All\",\"Effect\":\"Allow\","
                        + "\"Action\":[\"sqs:*\",\"s3:*\"],\"Resource\":\"*\"}]}"), "r"));
        await(groups.create(root(), "Devs", "/", "r"));
        await(groups.putPolicy(root(), "Devs", "Queues", GROUP_POLICY, "r"));
        await(groups.addUser(root(), "Devs", "alice", "r"));
    }

    EvaluationResult one(List<EvaluationResult> results) {
        assertThat(results).hasSize(1);
        return results.get(0);
    }

    @Test
    void a_user_is_simulated_with_its_inline_group_and_boundary_policies() {
        alice();
        String alice = userArn("/eng/", "alice");
        var send = one(await(simulator.simulatePrincipal(root(), alice,
                request(List.of("sqs:SendMessage"), List.of()))));
        assertThat(send.result().decision()).isEqualTo(Outcome.ALLOW);
        assertThat(send.result().matched()).extracting(MatchedStatement::sourcePolicyId,
                        MatchedStatement::sourcePolicyType)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Own", "user"),
                        org.assertj.core.groups.Tuple.tuple("Queues", "group"),
                        org.assertj.core.groups.Tuple.tuple("SqsOnly", "user-managed"));
        assertThat(send.result().allowedByBoundary()).isTrue();
        assertThat(send.result().details()).as("resource *: no EvalDecisionDetails").isNull();

        var purge = one(await(simulator.simulatePrincipal(root(), alice,
                request(List.of("sqs:PurgeQueue"), List.of()))));
        assertThat(purge.result().decision()).isEqualTo(Outcome.EXPLICIT_DENY);
        assertThat(purge.result().matched()).extracting(MatchedStatement::sourcePolicyId).containsExactly("Queues");
        // the group's second statement: line 4 of the document, from its "{" to its "}"
        MatchedStatement deny = purge.result().matched().get(0);
        assertThat(deny.start()).isEqualTo(new Simulator.Position(4, 4));
        assertThat(deny.end()).isEqualTo(new Simulator.Position(4, 84));
        assertThat(GROUP_POLICY.lines().toList().get(3).substring(3, 84)).startsWith("{\"Sid\": \"NoPurge\"")
                .endsWith("}");

        var get = one(await(simulator.simulatePrincipal(root(), alice, request(List.of("s3:GetObject"), List.of()))));
        assertThat(get.result().decision()).as("allowed inline, outside the boundary").isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(get.result().allowedByBoundary()).isFalse();
    }

    @Test
    void a_simulation_agrees_with_the_request_path_for_the_same_user() {
        alice();
        Caller alice = app.user("alice");
        for (String action : List.of("sqs:SendMessage", "sqs:PurgeQueue", "s3:GetObject", "sqs:ReceiveMessage",
                "iam:ListUsers")) {
            var real = app.authorizer.decide(alice, action, QUEUE, java.util.Map.of());
            var sim = one(await(simulator.simulatePrincipal(root(), alice.arn(),
                    request(List.of(action), List.of(QUEUE)))));
            assertThat(sim.result().decision()).as(action).isEqualTo(real.outcome());
            assertThat(sim.result().matched()).as(action).hasSameSizeAs(real.deciding());
        }
    }

    @Test
    void several_resources_give_resource_specific_results_and_pages_follow_the_order_asked() {
        alice();
        var results = await(simulator.simulatePrincipal(root(), userArn("/eng/", "alice"),
                request(List.of("sqs:SendMessage", "sqs:PurgeQueue"), List.of(QUEUE, OTHER_QUEUE))));
        assertThat(results).extracting(EvaluationResult::action, r -> r.result().resource(), r -> r.result().decision())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("sqs:SendMessage", QUEUE, Outcome.ALLOW),
                        org.assertj.core.groups.Tuple.tuple("sqs:SendMessage", OTHER_QUEUE, Outcome.IMPLICIT_DENY),
                        org.assertj.core.groups.Tuple.tuple("sqs:PurgeQueue", QUEUE, Outcome.EXPLICIT_DENY),
                        org.assertj.core.groups.Tuple.tuple("sqs:PurgeQueue", OTHER_QUEUE, Outcome.EXPLICIT_DENY));
        for (EvaluationResult r : results) {
            assertThat(r.resourceSpecific()).singleElement()
                    .satisfies(rs -> assertThat(rs.decision()).isEqualTo(r.result().decision()));
            assertThat(r.result().details()).as("same account, no resource policy").isEmpty();
        }
    }

    @Test
    void a_role_and_a_group_are_simulated_with_their_own_policies() {
        await(app.roles.create(root(), new Roles.NewRole("Worker", "/", TRUST, null, null, List.of(), null), "r"));
        await(app.roles.change(root(), new RoleChange.PutInlinePolicy("Worker", "Send",
                allow("sqs:SendMessage", QUEUE)), "r"));
        await(groups.create(root(), "Ops", "/team/", "r"));
        await(groups.putPolicy(root(), "Ops", "Purge", allow("sqs:PurgeQueue", "*"), "r"));

        var role = one(await(simulator.simulatePrincipal(root(), roleArn("/", "Worker"),
                request(List.of("sqs:SendMessage"), List.of(QUEUE)))));
        assertThat(role.result().decision()).isEqualTo(Outcome.ALLOW);
        assertThat(role.result().matched()).extracting(MatchedStatement::sourcePolicyType).containsExactly("role");
        var real = app.authorizer.decide(app.roleSession("Worker", Simulator.ROLE_SESSION), "sqs:SendMessage",
                QUEUE, java.util.Map.of());
        assertThat(real.outcome()).isEqualTo(Outcome.ALLOW);

        var group = one(await(simulator.simulatePrincipal(root(), "arn:aws:iam::123456789012:group/team/Ops",
                request(List.of("sqs:PurgeQueue"), List.of()))));
        assertThat(group.result().decision()).isEqualTo(Outcome.ALLOW);
    }

    @Test
    void custom_policies_report_missing_context_values_and_use_the_entries_given() {
        var missing = one(await(simulator.simulateCustom(root(),
                custom(List.of(FROM_OFFICE), List.of("s3:GetObject"), List.of()))));
        assertThat(missing.result().decision()).isEqualTo(Outcome.IMPLICIT_DENY);
        assertThat(missing.result().missingContextValues()).as("keys tested only by Null are not missing")
                .containsExactly("aws:SourceIp", "s3:prefix");
        assertThat(missing.result().matched()).isEmpty();

        var given = one(await(simulator.simulateCustom(root(), custom(List.of(FROM_OFFICE), List.of("s3:GetObject"),
                List.of(new ContextEntry("aws:sourceip", List.of("203.0.113.7"), "ip"),
                        new ContextEntry("s3:prefix", List.of("home/"), "string"))))));
        assertThat(given.result().decision()).isEqualTo(Outcome.ALLOW);
        assertThat(given.result().missingContextValues()).isEmpty();
        assertThat(given.result().matched()).singleElement().satisfies(m -> {
            assertThat(m.sourcePolicyId()).isEqualTo("PolicyInputList.1");
            assertThat(m.sourcePolicyType()).isEqualTo("none");
            assertThat(m.start()).isEqualTo(new Simulator.Position(1, 38));
            assertThat(m.end().line()).isEqualTo(3);
        });

        var elsewhere = one(await(simulator.simulateCustom(root(), custom(List.of(FROM_OFFICE),
                List.of("s3:GetObject"), List.of(new ContextEntry("aws:SourceIp", List.of("198.51.100.1"), "ip"),
                        new ContextEntry("s3:prefix", List.of("home/"), null))))));
        assertThat(elsewhere.result().decision()).isEqualTo(Outcome.IMPLICIT_DENY);
    }

    @Test
    void a_resource_policy_grants_across_accounts_with_the_callers_identity_policy() {
        String bucketPolicy = """
                {"Version":"2012-10-17","Statement":[{"Sid":"Share","Effect":"Allow",
                "Principal":{"AWS":"arn:aws:iam::123456789012:user/bob"},"Action":"s3:GetObject",
                "Resource":"arn:aws:s3:::shared/*"}]}""";
        String object = "arn:aws:s3:::shared/a.txt";
        Request without = new Request(List.of(allow("s3:GetObject", "*")), List.of(), List.of("s3:GetObject"),
                List.of(object), null, "arn:aws:iam::210987654321:root", "arn:aws:iam::123456789012:user/bob",
                List.of());
        var denied = one(await(simulator.simulateCustom(root(), without)));
        assertThat(denied.result().decision()).as("another account's bucket, no resource policy")
                .isEqualTo(Outcome.IMPLICIT_DENY);

        Request with = new Request(without.policyInputList(), List.of(), without.actionNames(), List.of(object),
                bucketPolicy, without.resourceOwner(), without.callerArn(), List.of());
        var allowed = one(await(simulator.simulateCustom(root(), with)));
        assertThat(allowed.result().decision()).isEqualTo(Outcome.ALLOW);
        assertThat(allowed.result().details()).containsEntry("Resource Policy", Outcome.ALLOW)
                .containsEntry("IAM Policy", Outcome.ALLOW);
        assertThat(allowed.result().matched()).extracting(MatchedStatement::sourcePolicyType)
                .contains("resource", "none");
    }

    @Test
    void another_accounts_principal_is_refused_before_anything_is_read() {
        app.given(userCreated(OTHER, "carol", "/"));
        String carol = "arn:aws:iam::210987654321:user/carol";
        String nobody = "arn:aws:iam::210987654321:user/nobody";
        for (String arn : List.of(carol, nobody)) {
            AwsException e = failure(simulator.simulatePrincipal(root(), arn,
                    request(List.of("s3:GetObject"), List.of())));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).doesNotContain("carol does not").doesNotContain("cannot be found");
        }
        // GetContextKeysForPrincipalPolicy is authorized on "*": another account's principal is not found, exactly
        // as one that does not exist
        AwsException existing = failure(simulator.contextKeysForPrincipal(root(), carol, List.of()));
        AwsException absent = failure(simulator.contextKeysForPrincipal(root(),
                "arn:aws:iam::210987654321:user/carol2", List.of()));
        assertThat(existing.code()).isEqualTo(NoSuchEntity);
        assertThat(absent.code()).isEqualTo(NoSuchEntity);
        assertThat(existing.getMessage().replace("carol", "X")).isEqualTo(absent.getMessage().replace("carol2", "X"));
        // nor is another account's root let in
        assertThat(failure(simulator.simulatePrincipal(root(OTHER), userArn("/", "nobody"),
                request(List.of("s3:GetObject"), List.of()))).code()).isEqualTo(AccessDenied);
    }

    @Test
    void unknown_principals_and_paths_that_differ_are_not_found() {
        alice();
        for (String arn : List.of(userArn("/", "alice"), userArn("/eng/", "bob"), roleArn("/", "None"),
                "arn:aws:iam::123456789012:group/None")) {
            assertThat(failure(simulator.simulatePrincipal(root(), arn, request(List.of("s3:GetObject"),
                    List.of()))).code()).as(arn).isEqualTo(NoSuchEntity);
        }
        for (String arn : List.of("arn:aws:iam::123456789012:policy/SqsOnly", "not-an-arn-at-all-really",
                "arn:aws:sts::123456789012:assumed-role/R/s")) {
            assertThat(failure(simulator.simulatePrincipal(root(), arn, request(List.of("s3:GetObject"),
                    List.of()))).code()).as(arn).isEqualTo(InvalidInput);
        }
    }

    @Test
    void the_caller_needs_iam_simulate_principal_policy_on_the_principal() {
        alice();
        app.given(userCreated("auditor", "/"));
        Caller auditor = app.user("auditor");
        String alice = userArn("/eng/", "alice");
        assertThat(failure(simulator.simulatePrincipal(auditor, alice, request(List.of("s3:GetObject"),
                List.of()))).code()).isEqualTo(AccessDenied);
        assertThat(failure(simulator.simulateCustom(auditor, custom(List.of(BOUNDARY), List.of("s3:GetObject"),
                List.of()))).code()).isEqualTo(AccessDenied);
        await(app.users.change(root(), new UserChange.PutInlinePolicy("auditor", "Sim",
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                        + "\"iam:SimulatePrincipalPolicy\",\"Resource\":\"" + alice + "\"},{\"Effect\":\"Allow\","
                        + "\"Action\":[\"iam:SimulateCustomPolicy\",\"iam:GetContextKeysFor*\"],\"Resource\":\"*\"}]}"),
                "r"));
        assertThat(one(await(simulator.simulatePrincipal(auditor, alice, request(List.of("sqs:SendMessage"),
                List.of())))).result().decision()).isEqualTo(Outcome.ALLOW);
        assertThat(failure(simulator.simulatePrincipal(auditor, userArn("/", "auditor"),
                request(List.of("s3:GetObject"), List.of()))).code()).isEqualTo(AccessDenied);
        assertThat(await(simulator.contextKeysForCustom(auditor, List.of(FROM_OFFICE)))).hasSize(3);
    }

    @Test
    void actions_without_a_resource_need_an_allow_on_star_and_a_deny_on_star_refuses() {
        app.given(userCreated("dave", "/"));
        await(app.users.change(root(), new UserChange.PutInlinePolicy("dave", "Narrow",
                allow("iam:SimulateCustomPolicy", "arn:aws:iam::123456789012:*")), "r"));
        var ask = custom(List.of(BOUNDARY), List.of("sqs:SendMessage"), List.of());
        assertThat(failure(simulator.simulateCustom(app.user("dave"), ask)).code()).isEqualTo(AccessDenied);
        await(app.users.change(root(), new UserChange.PutInlinePolicy("dave", "Wide",
                allow("iam:SimulateCustomPolicy", "*")), "r"));
        assertThat(await(simulator.simulateCustom(app.user("dave"), ask))).hasSize(1);
        await(app.users.change(root(), new UserChange.PutInlinePolicy("dave", "No",
                deny("iam:SimulateCustomPolicy", "*")), "r"));
        assertThat(failure(simulator.simulateCustom(app.user("dave"), ask)).code()).isEqualTo(AccessDenied);
        assertThat(failure(simulator.contextKeysForCustom(app.user("dave"), List.of(BOUNDARY))).code())
                .isEqualTo(AccessDenied);
    }

    @Test
    void context_keys_are_listed_once_as_first_written() {
        alice();
        assertThat(await(simulator.contextKeysForCustom(root(), List.of(FROM_OFFICE,
                "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\","
                        + "\"Condition\":{\"StringEquals\":{\"AWS:SOURCEIP\":\"x\",\"aws:RequestedRegion\":\"y\"}}}}"))))
                .containsExactly("aws:SourceIp", "s3:prefix", "aws:TokenIssueTime", "aws:RequestedRegion");
        assertThat(await(simulator.contextKeysForPrincipal(root(), userArn("/eng/", "alice"), List.of(FROM_OFFICE))))
                .containsExactly("aws:SourceIp", "s3:prefix", "aws:TokenIssueTime");
        assertThat(await(simulator.contextKeysForPrincipal(root(), userArn("/eng/", "alice"), List.of()))).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "numeric|abc", "numeric|1e99999", "boolean|yes", "date|tomorrow", "ip|300.1.1.1", "ip|10.0.0.0/33",
        "binary|%%%", "float|1", "dateList|2026-01-01T00:00:00Z;never"})
    void malformed_context_values_are_invalid_input(String type, String values) {
        var r = custom(List.of(FROM_OFFICE), List.of("s3:GetObject"),
                List.of(new ContextEntry("aws:SomeKey", List.of(values.split(";")), type)));
        assertThat(failure(simulator.simulateCustom(root(), r)).code()).isEqualTo(InvalidInput);
    }

    @Test
    void well_formed_context_values_of_every_type_are_accepted() {
        var entries = List.of(new ContextEntry("x:n", List.of("42.5"), "numeric"),
                new ContextEntry("x:b", List.of("TRUE"), "boolean"),
                new ContextEntry("x:d", List.of("2026-03-01T10:00:00Z"), "date"),
                new ContextEntry("x:e", List.of("1772359200"), "date"),
                new ContextEntry("x:i", List.of("2001:db8::/32", "10.0.0.1"), "ipList"),
                new ContextEntry("x:bin", List.of("aGVsbG8="), "binary"),
                new ContextEntry("x:s", List.of("a", "b", "c"), "stringList"));
        assertThat(await(simulator.simulateCustom(root(), custom(List.of(BOUNDARY), List.of("sqs:SendMessage"),
                entries)))).hasSize(1);
    }

    @Test
    void bad_requests_are_invalid_input() {
        String ok = BOUNDARY;
        List<Request> bad = new ArrayList<>(List.of(
                custom(List.of("{\"Statement\": ["), List.of("sqs:SendMessage"), List.of()),
                custom(List.of(ok, "{\"Version\":\"2012-10-17\"}"), List.of("sqs:SendMessage"), List.of()),
                custom(List.of(), List.of("sqs:SendMessage"), List.of()),
                custom(List.of(ok), List.of(), List.of()),
                custom(List.of(ok), List.of("sqs:*"), List.of()),
                custom(List.of(ok), List.of("SendMessage"), List.of()),
                custom(List.of(ok), List.of("sqs:Send"), List.of(new ContextEntry("nokey", List.of("v"), null))),
                custom(List.of(ok), List.of("sqs:Send"), List.of(new ContextEntry("aws:a", List.of(), "string"))),
                custom(List.of(ok), List.of("sqs:Send"), List.of(new ContextEntry("aws:a", List.of("1", "2"),
                        "string"))),
                custom(List.of(ok), List.of("sqs:Send"), List.of(new ContextEntry("aws:a", List.of("1"), null),
                        new ContextEntry("AWS:A", List.of("2"), null))),
                new Request(List.of(ok), List.of(ok, ok), List.of("sqs:Send"), List.of(), null, null, null,
                        List.of()),
                new Request(List.of(ok), List.of(), List.of("sqs:Send"), List.of("not an arn"), null, null, null,
                        List.of()),
                new Request(List.of(ok), List.of(), List.of("sqs:Send"), List.of(), "{\"nope\":1}", null, null,
                        List.of()),
                new Request(List.of(ok), List.of(), List.of("sqs:Send"), List.of(), null, "someone", null,
                        List.of()),
                new Request(List.of(ok), List.of(), List.of("sqs:Send"), List.of(), null, null,
                        "arn:aws:iam::123456789012:role/R", List.of())));
        // every numeric bound: more evaluations than a simulation may ask for
        List<String> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            many.add("sqs:Action" + i);
        }
        bad.add(custom(List.of(ok), many, List.of()));
        List<String> resources = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            resources.add(QUEUE + i);
        }
        bad.add(new Request(List.of(ok), List.of(), List.of("a:b", "a:c", "a:d", "a:e", "a:f", "a:g", "a:h", "a:i",
                "a:j", "a:k"), resources, null, null, null, List.of()));
        for (Request r : bad) {
            assertThat(failure(simulator.simulateCustom(root(), r)).code()).as("%s", r).isEqualTo(InvalidInput);
        }
        // at the bound itself: 1000 evaluations are answered
        assertThat(await(simulator.simulateCustom(root(), custom(List.of(ok), many.subList(0, 1000), List.of()))))
                .hasSize(1000);
    }

    @Test
    void a_policy_of_the_largest_size_is_simulated_and_a_larger_one_refused() {
        StringBuilder sb = new StringBuilder("{\"Version\":\"2012-10-17\",\"Statement\":[");
        int i = 0;
        while (sb.length() < 131_000) {
            sb.append(i == 0 ? "" : ",").append("{\"Effect\":\"Allow\",\"Action\":\"sqs:A").append(i++)
                    .append("\",\"Resource\":\"*\"}");
        }
        sb.append("]}");
        String big = sb.toString();
        assertThat(one(await(simulator.simulateCustom(root(), custom(List.of(big), List.of("sqs:A7"), List.of()))))
                .result().decision()).isEqualTo(Outcome.ALLOW);
        List<String> thousand = new ArrayList<>();
        for (int k = 0; k < 1000; k++) {
            thousand.add("sqs:A" + k);
        }
        assertThat(failure(simulator.simulateCustom(root(), custom(List.of(big), thousand, List.of()))).getMessage())
                .as("thousands of statements x 1000 evaluations: over the work a call may cost")
                .contains("too large");
        String tooBig = big.replace("{\"Version\"", "{\"Id\":\"" + "x".repeat(131072 - big.length() + 10)
                + "\",\"Version\"");
        assertThat(failure(simulator.simulateCustom(root(), custom(List.of(tooBig), List.of("sqs:A7"), List.of())))
                .code()).isEqualTo(InvalidInput);
    }

    @Test
    void a_simulation_runs_on_its_worker_never_on_the_callers_thread() {
        var ran = new java.util.concurrent.atomic.AtomicInteger();
        var onWorker = new Simulator(app.view, app.authorizer, new PolicySources(app.view),
                new Contexts(app.view, app.clock), task -> {
                    ran.incrementAndGet();
                    task.run();
                });
        await(onWorker.simulateCustom(root(), custom(List.of(allow("s3:*", "*")), List.of("s3:GetObject"),
                List.of())));
        await(onWorker.contextKeysForCustom(root(), List.of(allow("s3:*", "*"))));
        assertThat(ran).hasValue(2);
    }

    @Test
    void long_patterns_against_long_values_are_refused_before_any_matching() {
        // a pattern is matched against a value in up to (pattern x value) steps
        String pattern = "a*".repeat(20_000) + "b";
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"StringLike\":{\"s3:prefix\":\"" + pattern + "\"}}}]}";
        String value = "a".repeat(Simulator.MAX_CONTEXT_VALUE_LENGTH);
        List<ContextEntry> context = List.of(new ContextEntry("s3:prefix", List.of(value), "string"));
        assertThat(one(await(simulator.simulateCustom(root(), custom(List.of(policy), List.of("s3:GetObject"),
                context)))).result().decision()).as("one evaluation is within the budget")
                .isEqualTo(Outcome.IMPLICIT_DENY);

        List<String> twenty = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            twenty.add("s3:Get" + k);
        }
        AwsException tooMuch = failure(simulator.simulateCustom(root(), custom(List.of(policy), twenty, context)));
        assertThat(tooMuch.code()).isEqualTo(InvalidInput);
        assertThat(tooMuch.getMessage()).contains("too large").contains("characters of policies");

        List<ContextEntry> longer = List.of(new ContextEntry("s3:prefix", List.of(value + "a"), "string"));
        AwsException tooLong = failure(simulator.simulateCustom(root(), custom(List.of(policy),
                List.of("s3:GetObject"), longer)));
        assertThat(tooLong.code()).isEqualTo(InvalidInput);
        assertThat(tooLong.getMessage()).contains("at most " + Simulator.MAX_CONTEXT_VALUE_LENGTH);
    }
}
