package dev.opensts.adapter.http.iam;

import dev.opensts.app.iam.Policies;

import java.util.Locale;
import java.util.Map;

/** The customer-managed policy actions: Query input to the use case's request, its result to the output shape. */
final class PoliciesApi {
    private final Policies policies;

    PoliciesApi(Policies policies) {
        this.policies = policies;
    }

    void register(Map<String, Handler> actions) {
        actions.put("CreatePolicy", (c, in, rid) -> policies.create(c, new Policies.NewPolicy(
                        in.string("PolicyName"), in.string("Path"), in.string("Description"),
                        in.string("PolicyDocument"), Inputs.tags(in)), rid)
                .map(p -> Map.of("Policy", Shapes.policy(p.policy(), p.attachments(), p.boundaryUses(), true))));
        actions.put("GetPolicy", (c, in, rid) -> policies.get(c, in.string("PolicyArn"))
                .map(p -> Map.of("Policy", Shapes.policy(p.policy(), p.attachments(), p.boundaryUses(), true))));
        actions.put("ListPolicies", (c, in, rid) -> policies.list(c, new Policies.Filter(in.string("Scope"),
                        Boolean.TRUE.equals(in.bool("OnlyAttached")), in.string("PolicyUsageFilter"),
                        in.string("PathPrefix")))
                .map(list -> Page.of(list, p -> p.policy().policyName().toLowerCase(Locale.ROOT),
                        p -> Shapes.policy(p.policy(), p.attachments(), p.boundaryUses(), false),
                        in.string("Marker"), in.integer("MaxItems"), "Policies")));
        actions.put("DeletePolicy", (c, in, rid) -> policies.delete(c, in.string("PolicyArn"), rid)
                .map(Inputs::none));
    }
}
