package dev.opensts.adapter.http.restjson;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.app.Caller;
import io.smallrye.mutiny.Uni;

/** One rest-json operation: the authenticated caller's decoded input to the use case, its result to the JSON body. */
@FunctionalInterface
public interface RestHandler {
    Uni<JsonNode> handle(Caller caller, RestInput input, String requestId);
}
