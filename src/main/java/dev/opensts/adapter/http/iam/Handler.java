package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.Caller;
import io.smallrye.mutiny.Uni;

import java.util.Map;

/** One Query-protocol action: the result members of its output shape, by name. */
@FunctionalInterface
public interface Handler {
    Uni<Map<String, Object>> handle(Caller caller, QueryInput input, String requestId);
}
