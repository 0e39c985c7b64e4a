package dev.opensts.adapter.http.admin;

import dev.opensts.app.consistency.ConsistencyCheck;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The consistency checker on the management interface: {@code POST /opensts/admin/consistency-check} runs a check
 * (the logs replayed afresh and compared with this replica's view, PostgreSQL's read model and the revocation
 * index; it changes nothing) and answers its report, 200 whether or not it found differences (the report's
 * {@code consistent} says); {@code GET} answers the last report, 404 before the first. Authenticated by
 * OPENSTS_ADMIN_TOKEN like the rest of the admin API; deploy/local/consistency-check.sh calls it.
 */
@Singleton
public class ConsistencyRoutes {
    static final String PATH = "/opensts/admin/consistency-check";

    private final AccountsRoutes admin;
    private final ConsistencyCheck check;

    ConsistencyRoutes(AccountsRoutes admin, ConsistencyCheck check) {
        this.admin = admin;
        this.check = check;
    }

    void mount(@Observes ManagementInterface management) {
        management.router().post(PATH)
                .handler(admin::authorize)
                .handler(ctx -> AccountsRoutes.answer(ctx, 200, check.run().map(ConsistencyRoutes::json)))
                .failureHandler(AccountsRoutes::failure);
        management.router().get(PATH)
                .handler(admin::authorize)
                .handler(this::last)
                .failureHandler(AccountsRoutes::failure);
    }

    private void last(RoutingContext ctx) {
        var report = check.last();
        if (report == null) {
            AccountsRoutes.problem(ctx, 404, "NoReport", "no consistency check has run on this replica since it started;"
                    + " POST to run one");
        } else {
            AccountsRoutes.answer(ctx, 200, io.smallrye.mutiny.Uni.createFrom().item(json(report)));
        }
    }

    /** The report as the admin API answers it (docs/operations.md, "Consistency check"). */
    static Map<String, Object> json(ConsistencyCheck.Report r) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("consistent", r.consistent());
        out.put("checkedAt", r.checkedAt().toString());
        out.put("iamRecords", r.iamRecords());
        out.put("revocationRecords", r.revocationRecords());
        out.put("aggregates", r.aggregates());
        out.put("revocationEntries", r.revocationEntries());
        out.put("undecodableRecords", r.undecodableRecords());
        out.put("differences", r.differences());
        return out;
    }
}
