package dev.opensts.app.iam;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.AppFixture;
import dev.opensts.app.Caller;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.iam.Simulator.ContextEntry;
import dev.opensts.app.iam.Simulator.EvaluationResult;
import dev.opensts.app.iam.Simulator.MatchedStatement;
import dev.opensts.iam.GroupQuotas;
import dev.opensts.iam.Tag;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Outcome;
import dev.opensts.text.IsoTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.opensts.app.AppFixture.*;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator's conformance table (src/test/resources/simulator/conformance.json): each case, policy set x action x
 * resource x context, is evaluated through SimulatePrincipalPolicy and through the request path
 * ({@code Authorizer.decide} for the principal's own caller: a user's long-term key, a role's session), and the two
 * must agree on the decision and, statement by statement, on what decided it; both must also give the table's
 * expected decision and deciding Sids, so that they cannot agree on a wrong answer. A matched statement is
 * identified by cutting its StartPosition..EndPosition out of its source document and reading its Sid.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SimulatorConformanceTest {
    static final ObjectMapper JSON = new ObjectMapper();

    final AppFixture app = new AppFixture();
    final IamContext iam = new IamContext(app.view, app.bus, app.authorizer, app.ids, app.clock, app.quotas);
    final Groups groups = new Groups(iam, GroupQuotas.AWS);
    final Simulator simulator = new Simulator(app.view, app.authorizer, new PolicySources(app.view),
            new Contexts(app.view, app.clock), Runnable::run);
    /** Every document of the table by the SourcePolicyId the simulator gives it (its policy name). */
    final Map<String, String> documents = new HashMap<>();

    static JsonNode table() throws IOException {
        try (InputStream in = SimulatorConformanceTest.class.getResourceAsStream("/simulator/conformance.json")) {
            return JSON.readTree(in);
        }
    }

    static Stream<JsonNode> cases() throws IOException {
        List<JsonNode> out = new ArrayList<>();
        table().get("cases").forEach(out::add);
        return out.stream();
    }

    String doc(String name, JsonNode policy) throws IOException {
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(policy);
        documents.put(name, text);
        return text;
    }

    static List<Tag> tags(JsonNode t) {
        List<Tag> out = new ArrayList<>();
        if (t != null) {
            t.fields().forEachRemaining(e -> out.add(new Tag(e.getKey(), e.getValue().asText())));
        }
        return out;
    }

    @BeforeAll
    void policySets() throws IOException {
        JsonNode t = table();
        for (var it = t.get("managed").fields(); it.hasNext(); ) {
            var m = it.next();
            await(app.policies.create(root(), new Policies.NewPolicy(m.getKey(), "/", null,
                    doc(m.getKey(), m.getValue()), List.of()), "r"));
        }
        for (var it = t.get("groups").fields(); it.hasNext(); ) {
            var g = it.next();
            await(groups.create(root(), g.getKey(), "/", "r"));
            for (var p = g.getValue().get("inline").fields(); p.hasNext(); ) {
                var inline = p.next();
                await(groups.putPolicy(root(), g.getKey(), inline.getKey(), doc(inline.getKey(), inline.getValue()),
                        "r"));
            }
            for (JsonNode a : g.getValue().get("attached")) {
                await(groups.attachPolicy(root(), g.getKey(), policyArn("/", a.asText()), "r"));
            }
        }
        for (var it = t.get("users").fields(); it.hasNext(); ) {
            var u = it.next();
            String name = u.getKey();
            JsonNode spec = u.getValue();
            String boundary = spec.get("boundary").isNull() ? null : policyArn("/", spec.get("boundary").asText());
            await(app.users.create(root(), new Users.NewUser(name, "/", tags(spec.get("tags")), boundary), "r"));
            for (var p = spec.get("inline").fields(); p.hasNext(); ) {
                var inline = p.next();
                await(app.users.change(root(), new UserChange.PutInlinePolicy(name, inline.getKey(),
                        doc(inline.getKey(), inline.getValue())), "r"));
            }
            for (JsonNode a : spec.get("attached")) {
                await(app.users.change(root(), new UserChange.AttachPolicy(name, policyArn("/", a.asText())), "r"));
            }
            for (JsonNode g : spec.get("groups")) {
                await(groups.addUser(root(), g.asText(), name, "r"));
            }
        }
        for (var it = t.get("roles").fields(); it.hasNext(); ) {
            var r = it.next();
            String name = r.getKey();
            JsonNode spec = r.getValue();
            String boundary = spec.get("boundary").isNull() ? null : policyArn("/", spec.get("boundary").asText());
            await(app.roles.create(root(), new Roles.NewRole(name, "/", TRUST, null, null, tags(spec.get("tags")),
                    boundary), "r"));
            for (var p = spec.get("inline").fields(); p.hasNext(); ) {
                var inline = p.next();
                await(app.roles.change(root(), new RoleChange.PutInlinePolicy(name, inline.getKey(),
                        doc(inline.getKey(), inline.getValue())), "r"));
            }
            for (JsonNode a : spec.get("attached")) {
                await(app.roles.change(root(), new RoleChange.AttachPolicy(name, policyArn("/", a.asText())), "r"));
            }
        }
        for (var it = t.get("resourceRoles").fields(); it.hasNext(); ) {
            var r = it.next();
            await(app.roles.create(root(), new Roles.NewRole(r.getKey(), "/", TRUST, null, null, tags(r.getValue()),
                    null), "r"));
        }
    }

    /** The principal's own caller on the request path: a user's long-term key, or a session of the role. */
    Caller caller(String principal) {
        String[] kind = principal.split("/", 2);
        return kind[0].equals("user") ? app.user(kind[1]) : app.roleSession(kind[1], Simulator.ROLE_SESSION);
    }

    /**
     * The keys the request path takes from how the request came (Contexts.forCaller), as ContextEntries: a
     * simulation knows only what it is told.
     */
    List<ContextEntry> transport(Caller c) {
        List<ContextEntry> out = new ArrayList<>();
        out.add(new ContextEntry("aws:SourceIp", List.of(c.sourceIp()), "ip"));
        out.add(new ContextEntry("aws:SecureTransport", List.of(String.valueOf(c.secureTransport())), "boolean"));
        out.add(new ContextEntry("aws:UserAgent", List.of(c.userAgent()), "string"));
        out.add(new ContextEntry("aws:RequestedRegion", List.of(c.requestedRegion()), "string"));
        out.add(new ContextEntry("aws:CurrentTime", List.of(IsoTime.instant(app.clock.instant())), "date"));
        out.add(new ContextEntry("aws:EpochTime", List.of(String.valueOf(app.clock.instant().getEpochSecond())),
                "date"));
        out.add(new ContextEntry("aws:PrincipalIsAWSService", List.of("false"), "boolean"));
        out.add(new ContextEntry("aws:ViaAWSService", List.of("false"), "boolean"));
        if (c.session() != null) {
            out.add(new ContextEntry("aws:TokenIssueTime", List.of(IsoTime.instant(c.session().issuedAt())), "date"));
            out.add(new ContextEntry("aws:MultiFactorAuthPresent", List.of(String.valueOf(c.session().mfaPresent())),
                    "boolean"));
        }
        return out;
    }

    /** The Sid of the statement a MatchedStatement's positions cut out of its source document. */
    String sidAt(MatchedStatement m) throws IOException {
        String text = documents.get(m.sourcePolicyId());
        assertThat(text).as("document of %s", m.sourcePolicyId()).isNotNull();
        List<String> lines = text.lines().toList();
        StringBuilder sb = new StringBuilder();
        for (int line = m.start().line(); line <= m.end().line(); line++) {
            String l = lines.get(line - 1);
            int from = line == m.start().line() ? m.start().column() - 1 : 0;
            int to = line == m.end().line() ? m.end().column() : l.length();
            sb.append(l, from, to).append('\n');
        }
        return JSON.readTree(sb.toString()).get("Sid").asText();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void the_simulator_and_the_request_path_agree(JsonNode c) throws IOException {
        String action = c.get("action").asText();
        String resource = c.get("resource").asText();
        Map<String, List<String>> context = new LinkedHashMap<>();
        if (c.has("context")) {
            c.get("context").fields().forEachRemaining(e -> {
                List<String> values = new ArrayList<>();
                e.getValue().forEach(v -> values.add(v.asText()));
                context.put(e.getKey(), values);
            });
        }
        Caller caller = caller(c.get("principal").asText());
        Decision real = app.authorizer.decide(caller, action, resource, context);

        List<ContextEntry> entries = new ArrayList<>(transport(caller));
        context.forEach((k, v) -> entries.add(new ContextEntry(k, v, v.size() == 1 ? "string" : "stringList")));
        String principalArn = c.get("principal").asText().startsWith("user/")
                ? userArn("/", c.get("principal").asText().substring(5))
                : roleArn("/", c.get("principal").asText().substring(5));
        List<EvaluationResult> results = await(simulator.simulatePrincipal(root(), principalArn,
                new Simulator.Request(List.of(), List.of(), List.of(action), List.of(resource), null, null, null,
                        entries)));
        assertThat(results).hasSize(1);
        Simulator.ResourceResult sim = results.get(0).result();

        Outcome expected = Outcome.valueOf(c.get("expect").asText());
        List<String> expectedSids = new ArrayList<>();
        c.get("statements").forEach(s -> expectedSids.add(s.asText()));

        assertThat(real.outcome()).as("request path").isEqualTo(expected);
        assertThat(sim.decision()).as("simulator").isEqualTo(real.outcome());
        List<String> realSids = real.deciding().stream().map(DecidingStatement::sid).toList();
        assertThat(realSids).as("request path's deciding statements").containsExactlyInAnyOrderElementsOf(expectedSids);
        List<String> simSids = new ArrayList<>();
        for (MatchedStatement m : sim.matched()) {
            simSids.add(sidAt(m));
        }
        assertThat(simSids).as("simulator's matched statements, by their positions").isEqualTo(realSids);
        List<String> missing = new ArrayList<>();
        if (c.has("missing")) {
            c.get("missing").forEach(m -> missing.add(m.asText()));
        }
        assertThat(sim.missingContextValues()).as("with ResourceArns, missing values are resource-specific").isEmpty();
        assertThat(results.get(0).resourceSpecific()).singleElement()
                .satisfies(rs -> assertThat(rs.missingContextValues()).isEqualTo(missing));
    }

    /**
     * Beyond the table: seeded random policy sets (inline, group and boundary policies of one to three statements
     * over a few actions, resources and a source-address condition), every action x resource of a small grid, the
     * simulator against the request path, decision and deciding statements in order.
     */
    @Test
    void random_policy_sets_agree_too() throws IOException {
        java.util.Random random = new java.util.Random(17);
        String[] actions = {"sqs:SendMessage", "sqs:*", "s3:GetObject", "*", "sqs:Send*"};
        String[] resources = {"*", "arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:sqs:*:123456789012:*",
                "arn:aws:sqs:us-east-1:210987654321:q", "arn:aws:s3:::b/*"};
        String[] requestActions = {"sqs:SendMessage", "sqs:DeleteQueue", "s3:GetObject"};
        String[] requestResources = {"arn:aws:sqs:us-east-1:123456789012:q", "arn:aws:sqs:us-east-1:210987654321:q",
                "arn:aws:s3:::b/k", "*"};
        int compared = 0;
        Map<Outcome, Integer> seen = new java.util.EnumMap<>(Outcome.class);
        for (int i = 0; i < 40; i++) {
            String user = "rnd" + i;
            int[] sid = {0};
            java.util.function.Supplier<String> doc = () -> {
                StringBuilder sb = new StringBuilder("{\"Version\": \"2012-10-17\", \"Statement\": [");
                int n = 1 + random.nextInt(3);
                for (int k = 0; k < n; k++) {
                    sb.append(k == 0 ? "\n  " : ",\n  ").append("{\"Sid\": \"R").append(user).append("x")
                            .append(sid[0]++).append("\", \"Effect\": \"")
                            .append(random.nextInt(4) == 0 ? "Deny" : "Allow").append("\", \"Action\": \"")
                            .append(actions[random.nextInt(actions.length)]).append("\", \"Resource\": \"")
                            .append(resources[random.nextInt(resources.length)]).append("\"");
                    if (random.nextInt(3) == 0) {
                        sb.append(", \"Condition\": {\"IpAddress\": {\"aws:SourceIp\": \"")
                                .append(random.nextBoolean() ? "192.0.2.0/24" : "203.0.113.0/24").append("\"}}");
                    }
                    sb.append("}");
                }
                return sb.append("]}").toString();
            };
            String boundary = null;
            if (random.nextBoolean()) {
                String name = "B" + user;
                String text = doc.get();
                documents.put(name, text);
                await(app.policies.create(root(), new Policies.NewPolicy(name, "/", null, text, List.of()), "r"));
                boundary = policyArn("/", name);
            }
            await(app.users.create(root(), new Users.NewUser(user, "/", List.of(), boundary), "r"));
            for (int p = 0; p < 1 + random.nextInt(2); p++) {
                String name = "P" + user + "x" + p;
                String text = doc.get();
                documents.put(name, text);
                await(app.users.change(root(), new UserChange.PutInlinePolicy(user, name, text), "r"));
            }
            if (random.nextBoolean()) {
                String group = "G" + user;
                String text = doc.get();
                documents.put(group, text);
                await(groups.create(root(), group, "/", "r"));
                await(groups.putPolicy(root(), group, group, text, "r"));
                await(groups.addUser(root(), group, user, "r"));
            }
            Caller caller = app.user(user);
            for (String action : requestActions) {
                for (String resource : requestResources) {
                    Decision real = app.authorizer.decide(caller, action, resource, Map.of());
                    var sim = await(simulator.simulatePrincipal(root(), userArn("/", user),
                            new Simulator.Request(List.of(), List.of(), List.of(action), List.of(resource), null,
                                    null, null, transport(caller)))).get(0).result();
                    String what = user + " " + action + " " + resource;
                    assertThat(sim.decision()).as(what).isEqualTo(real.outcome());
                    List<String> simSids = new ArrayList<>();
                    for (MatchedStatement m : sim.matched()) {
                        simSids.add(sidAt(m));
                    }
                    assertThat(simSids).as(what).isEqualTo(real.deciding().stream().map(DecidingStatement::sid)
                            .toList());
                    compared++;
                    seen.merge(real.outcome(), 1, Integer::sum);
                }
            }
        }
        assertThat(compared).isEqualTo(40 * 12);
        assertThat(seen).as("every outcome, often").allSatisfy((o, n) -> assertThat(n).isGreaterThan(40))
                .hasSize(3);
    }
}
