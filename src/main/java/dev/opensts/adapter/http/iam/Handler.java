package dev.opensts.adapter.http.iam;

import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.control.Caller;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.concurrent.CompletionStage;

/** One Query-protocol action: the result members of its output shape, by name. */
@FunctionalInterface
public interface Handler {
    Uni<Map<String, Object>> handle(Caller caller, QueryInput input, String requestId);

    /** The same answer as a future; what the endpoint calls. */
    default CompletionStage<Map<String, Object>> stage(Caller caller, QueryInput input, String requestId) {
        return handle(caller, input, requestId).subscribeAsCompletionStage();
    }

    /** An action that answers with a future of its own (the STS issuance path, run for every request). */
    @FunctionalInterface
    interface Direct {
        CompletionStage<Map<String, Object>> stage(Caller caller, QueryInput input, String requestId);
    }

    /** A handler whose endpoint path is the future itself, with no Uni (and no context capture) around it. */
    static Handler direct(Direct action) {
        return new Handler() {
            @Override
            public Uni<Map<String, Object>> handle(Caller caller, QueryInput input, String requestId) {
                return Uni.createFrom().completionStage(() -> action.stage(caller, input, requestId));
            }

            @Override
            public CompletionStage<Map<String, Object>> stage(Caller caller, QueryInput input, String requestId) {
                return action.stage(caller, input, requestId);
            }
        };
    }
}
