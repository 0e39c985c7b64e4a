package dev.opensts.adapter.http;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.util.function.BiConsumer;

/**
 * Reads a request's body as it arrives, at most a limit of bytes, for the endpoints that read their bodies
 * themselves (the Query protocol, rest-json): no parser runs ahead of them, since a signature covers the raw bytes.
 * Nothing is reserved for what a client only declares (Content-Length): the buffer grows with the bytes received, and
 * every byte held for a body not yet complete counts against this replica's {@link BodyBudget}, so unauthenticated
 * clients cannot make it hold more than the budget, however many connections they open. A body over the limit
 * (RequestEntityTooLarge) or beyond the budget (ServiceUnavailable) is refused before it is read whole, and its
 * connection closed after the answer.
 */
final class BodyReader {
    private static final Logger LOG = Logger.getLogger(BodyReader.class);
    /** Most requests (an AssumeRole form is a few hundred bytes) fit; a larger body grows the buffer. */
    private static final int INITIAL_BUFFER = 1024;

    private final BodyBudget budget;
    private final int maxBody;

    BodyReader(BodyBudget budget, int maxBody) {
        this.budget = budget;
        this.maxBody = maxBody;
    }

    /**
     * @param onBody    the whole body (null when the request had none left to read)
     * @param onRefused the refusal to answer; the response already carries {@code Connection: close}
     */
    void read(RoutingContext ctx, BiConsumer<RoutingContext, Buffer> onBody,
              BiConsumer<RoutingContext, AwsException> onRefused) {
        HttpServerRequest request = ctx.request();
        if (request.isEnded()) {
            onBody.accept(ctx, null);
            return;
        }
        long declared = contentLength(request.getHeader("Content-Length"));
        if (declared > maxBody) {
            refuse(ctx, onRefused, tooLarge());
            return;
        }
        Buffer body = Buffer.buffer(INITIAL_BUFFER);
        long[] held = {0};
        boolean[] over = {false};
        Runnable release = () -> {
            budget.release(held[0]);
            held[0] = 0;
        };
        request.handler(chunk -> {
            if (over[0]) {
                return;
            }
            if (body.length() + chunk.length() > maxBody) {
                over[0] = true;
                release.run();
                refuse(ctx, onRefused, tooLarge());
            } else if (!budget.reserve(chunk.length())) {
                over[0] = true;
                release.run();
                refuse(ctx, onRefused, new AwsException(ErrorCode.ServiceUnavailable,
                        "Too many request bodies are in flight; retry shortly."));
            } else {
                held[0] += chunk.length();
                body.appendBuffer(chunk);
            }
        });
        request.exceptionHandler(failure -> LOG.debugf("request body not read: %s", failure.toString()));
        ctx.addEndHandler(v -> release.run()); // also when the connection goes before the body is complete
        request.endHandler(v -> {
            if (!over[0]) {
                release.run();
                onBody.accept(ctx, body);
            }
        });
        request.resume();
    }

    private AwsException tooLarge() {
        return new AwsException(ErrorCode.RequestEntityTooLarge,
                "The request body exceeds the limit of " + maxBody + " bytes.");
    }

    /** Answers before the body was read whole: the connection cannot carry another request. */
    private static void refuse(RoutingContext ctx, BiConsumer<RoutingContext, AwsException> onRefused,
                               AwsException failure) {
        if (ctx.request().version() != HttpVersion.HTTP_2) {
            ctx.response().putHeader("Connection", "close");
        }
        onRefused.accept(ctx, failure);
    }

    private static long contentLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
