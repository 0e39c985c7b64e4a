package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.iam.Simulator;
import dev.opensts.policy.Outcome;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The policy simulator's four actions: Query input to the use case's request, its results to the output shapes. */
final class SimulatorApi {
    private final Simulator simulator;

    SimulatorApi(Simulator simulator) {
        this.simulator = simulator;
    }

    void register(Map<String, Handler> actions) {
        actions.put("SimulatePrincipalPolicy", (c, in, rid) -> simulator.simulatePrincipal(c,
                        in.string("PolicySourceArn"), request(in))
                .map(results -> page(results, in)));
        actions.put("SimulateCustomPolicy", (c, in, rid) -> simulator.simulateCustom(c, request(in))
                .map(results -> page(results, in)));
        actions.put("GetContextKeysForPrincipalPolicy", (c, in, rid) -> simulator.contextKeysForPrincipal(c,
                        in.string("PolicySourceArn"), in.strings("PolicyInputList"))
                .map(keys -> Map.of("ContextKeyNames", keys)));
        actions.put("GetContextKeysForCustomPolicy", (c, in, rid) -> simulator.contextKeysForCustom(c,
                        in.strings("PolicyInputList"))
                .map(keys -> Map.of("ContextKeyNames", keys)));
    }

    private static Simulator.Request request(QueryInput in) {
        List<Simulator.ContextEntry> entries = in.structures("ContextEntries").stream()
                .map(e -> new Simulator.ContextEntry(e.string("ContextKeyName"), e.strings("ContextKeyValues"),
                        e.string("ContextKeyType")))
                .toList();
        return new Simulator.Request(in.strings("PolicyInputList"), in.strings("PermissionsBoundaryPolicyInputList"),
                in.strings("ActionNames"), in.strings("ResourceArns"), in.string("ResourcePolicy"),
                in.string("ResourceOwner"), in.string("CallerArn"), entries);
    }

    /** The results in the order asked (actions, then resources), MaxItems at a time. */
    private static Map<String, Object> page(List<Simulator.EvaluationResult> results, QueryInput in) {
        List<Map.Entry<String, Simulator.EvaluationResult>> keyed = new java.util.ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            keyed.add(Map.entry(String.format(Locale.ROOT, "%08d", i), results.get(i)));
        }
        return Page.of(keyed, Map.Entry::getKey, e -> result(e.getValue()), in.string("Marker"),
                in.integer("MaxItems"), "EvaluationResults");
    }

    private static Map<String, Object> result(Simulator.EvaluationResult e) {
        var m = new LinkedHashMap<String, Object>();
        Simulator.ResourceResult r = e.result();
        m.put("EvalActionName", e.action());
        m.put("EvalResourceName", r.resource());
        m.put("EvalDecision", decision(r.decision()));
        m.put("MatchedStatements", r.matched().stream().map(SimulatorApi::statement).toList());
        m.put("MissingContextValues", r.missingContextValues());
        if (r.allowedByBoundary() != null) {
            m.put("PermissionsBoundaryDecisionDetail", Map.of("AllowedByPermissionsBoundary", r.allowedByBoundary()));
        }
        if (r.details() != null) {
            m.put("EvalDecisionDetails", details(r.details()));
        }
        if (!e.resourceSpecific().isEmpty()) {
            m.put("ResourceSpecificResults", e.resourceSpecific().stream().map(SimulatorApi::resource).toList());
        }
        return m;
    }

    private static Map<String, Object> resource(Simulator.ResourceResult r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("EvalResourceName", r.resource());
        m.put("EvalResourceDecision", decision(r.decision()));
        m.put("MatchedStatements", r.matched().stream().map(SimulatorApi::statement).toList());
        m.put("MissingContextValues", r.missingContextValues());
        if (r.details() != null) {
            m.put("EvalDecisionDetails", details(r.details()));
        }
        if (r.allowedByBoundary() != null) {
            m.put("PermissionsBoundaryDecisionDetail", Map.of("AllowedByPermissionsBoundary", r.allowedByBoundary()));
        }
        return m;
    }

    private static Map<String, Object> statement(Simulator.MatchedStatement s) {
        var m = new LinkedHashMap<String, Object>();
        m.put("SourcePolicyId", s.sourcePolicyId());
        m.put("SourcePolicyType", s.sourcePolicyType());
        if (s.start() != null) {
            m.put("StartPosition", Map.of("Line", s.start().line(), "Column", s.start().column()));
            m.put("EndPosition", Map.of("Line", s.end().line(), "Column", s.end().column()));
        }
        return m;
    }

    private static Map<String, Object> details(Map<String, Outcome> details) {
        var m = new LinkedHashMap<String, Object>();
        details.forEach((k, v) -> m.put(k, decision(v)));
        return m;
    }

    /** IAM's PolicyEvaluationDecisionType. */
    static String decision(Outcome o) {
        return switch (o) {
            case ALLOW -> "allowed";
            case EXPLICIT_DENY -> "explicitDeny";
            case IMPLICIT_DENY -> "implicitDeny";
        };
    }
}
