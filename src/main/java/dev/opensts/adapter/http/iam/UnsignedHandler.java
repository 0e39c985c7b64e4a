package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.sts.Origin;
import io.smallrye.mutiny.Uni;

import java.util.Map;

/**
 * A Query-protocol action the model marks as unsigned (AssumeRoleWithWebIdentity): no caller is authenticated,
 * only where the request came from is known. The result members of its output shape, by name.
 */
@FunctionalInterface
public interface UnsignedHandler {
    Uni<Map<String, Object>> handle(Origin origin, QueryInput input, String requestId);
}
