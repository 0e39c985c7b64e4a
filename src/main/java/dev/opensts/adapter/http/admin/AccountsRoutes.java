package dev.opensts.adapter.http.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.adapter.http.RequestIds;
import dev.opensts.adapter.http.WireError;
import dev.opensts.app.iam.Accounts;
import dev.opensts.error.AwsException;
import dev.opensts.settings.OpenStsConfig;
import io.quarkus.vertx.http.ManagementInterface;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The operator's admin API for accounts, on the management interface (OPENSTS_MANAGEMENT_HOST:PORT, never the
 * public listener): {@code POST /opensts/admin/accounts} creates an account with its own root access key, whose
 * secret is shown once, in that answer; {@code GET} lists the accounts without secrets. JSON both ways,
 * authenticated by the bearer token in OPENSTS_ADMIN_TOKEN (compared in constant time; unset = everything is 401).
 * Bodies over 16 KiB are 413, malformed or unexpected input 400 {@code InvalidInput}; see docs/api.md.
 */
@Singleton
public class AccountsRoutes {
    static final String PATH = "/opensts/admin/accounts";
    static final String ROOT_KEY_PATH = "/opensts/admin/accounts/:accountId/root-key";
    static final String RESEAL_PATH = "/opensts/admin/keyring/reseal";
    static final int MAX_BODY = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(AccountsRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenStsConfig config;
    private final Accounts accounts;

    AccountsRoutes(OpenStsConfig config, Accounts accounts) {
        this.config = config;
        this.accounts = accounts;
    }

    public record AccountSummary(String accountId, String name, String rootAccessKeyId, String createDate) {
    }

    void mount(@Observes ManagementInterface management) {
        // Quarkus reads the body of every management request first, up to quarkus.management.limits.max-body-size
        // (16K in application.properties; beyond it fails with 413, answered below). The body handler of the
        // second route only reads it should that ever not have happened (Vert.x wants a body handler ahead of a
        // route's other handlers, hence two routes); the first route's failure handler answers for both.
        management.router().route(PATH)
                .handler(this::authorize)
                .handler(AccountsRoutes::method)
                .failureHandler(AccountsRoutes::failure);
        management.router().route(PATH)
                .handler(BodyHandler.create(false).setBodyLimit(MAX_BODY))
                .handler(this::dispatch);
        // POST only, no body: a new root key for an account (shown once), and re-sealing every stored secret
        // under the key ring's current key
        management.router().post(ROOT_KEY_PATH)
                .handler(this::authorize)
                .handler(this::rotateRootKey)
                .failureHandler(AccountsRoutes::failure);
        management.router().post(RESEAL_PATH)
                .handler(this::authorize)
                .handler(this::reseal)
                .failureHandler(AccountsRoutes::failure);
        // anything else on the management interface: the same JSON problem as the admin API, never an HTML page
        management.router().errorHandler(404, ctx -> problem(ctx, 404, "NotFound", "nothing is served at this path"));
        management.router().errorHandler(405, ctx -> problem(ctx, 405, "MethodNotAllowed",
                "the method " + ctx.request().method().name() + " is not allowed here"));
    }

    private void rotateRootKey(RoutingContext ctx) {
        answer(ctx, 200, accounts.rotateRootKey(ctx.pathParam("accountId"), requestId()));
    }

    private void reseal(RoutingContext ctx) {
        answer(ctx, 200, accounts.reseal(requestId()));
    }

    /** Request ids of the admin API: "admin-" and a random UUID, as in the services' logs. */
    private static String requestId() {
        return "admin-" + RequestIds.next();
    }

    /** Answers the use case's result as JSON, on the request's event loop, or fails the route with its error. */
    static void answer(RoutingContext ctx, int status, Uni<?> result) {
        Context loop = Vertx.currentContext();
        result.subscribe().with(
                value -> onLoop(loop, () -> send(ctx, status, value)),
                failure -> onLoop(loop, () -> ctx.fail(failure)));
    }

    void authorize(RoutingContext ctx) {
        if (authorized(ctx.request().getHeader("Authorization"))) {
            ctx.next();
        } else {
            ctx.response().putHeader("WWW-Authenticate", "Bearer");
            problem(ctx, 401, "Unauthorized",
                    "a valid 'Authorization: Bearer <OPENSTS_ADMIN_TOKEN>' header is required");
        }
    }

    /** GET and POST only; a POST body, when there is one, is JSON. */
    private static void method(RoutingContext ctx) {
        HttpMethod m = ctx.request().method();
        if (!m.equals(HttpMethod.GET) && !m.equals(HttpMethod.POST)) {
            ctx.response().putHeader("Allow", "GET, POST");
            problem(ctx, 405, "MethodNotAllowed", "use GET or POST");
            return;
        }
        String type = ctx.request().getHeader("Content-Type");
        if (m.equals(HttpMethod.POST) && type != null && !isJson(type)) {
            problem(ctx, 415, "UnsupportedMediaType", "the request body must be application/json");
            return;
        }
        ctx.next();
    }

    private void dispatch(RoutingContext ctx) {
        if (ctx.request().method().equals(HttpMethod.GET)) {
            list(ctx);
        } else {
            byte[] body = ctx.body().buffer() == null ? new byte[0] : ctx.body().buffer().getBytes();
            if (body.length > MAX_BODY) { // should quarkus.management.limits.max-body-size be raised
                ctx.fail(413);
                return;
            }
            create(ctx, CreateAccountInput.parse(body));
        }
    }

    private void create(RoutingContext ctx, CreateAccountInput input) {
        answer(ctx, 201, accounts.create(new Accounts.NewAccount(input.accountId(), input.name()), requestId()));
    }

    private void list(RoutingContext ctx) {
        List<AccountSummary> list = accounts.list().stream()
                .map(a -> new AccountSummary(a.accountId(), a.name(), a.rootAccessKeyId(), a.createDate().toString()))
                .toList();
        send(ctx, 200, Map.of("accounts", list));
    }

    private boolean authorized(String header) {
        String token = config.adminToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof io.vertx.core.http.HttpClosedException || ctx.response().closed()) {
            LOG.debugf("admin API: the client closed its connection before the answer");
            return; // nobody to answer
        }
        if (ctx.statusCode() == 413) {
            problem(ctx, 413, "RequestEntityTooLarge", "the request body exceeds " + MAX_BODY + " bytes");
        } else if (failure instanceof AwsException) {
            WireError e = WireError.of(failure, RequestIds.next(), "admin API");
            problem(ctx, e.status(), e.code(), e.message());
        } else if (failure == null && ctx.statusCode() >= 400 && ctx.statusCode() < 500) {
            problem(ctx, ctx.statusCode(), "InvalidInput", "the request could not be read");
        } else if (ctx.request().getHeader("Content-Type") != null && !isJson(ctx.request().getHeader("Content-Type"))) {
            // Quarkus decodes form and multipart bodies on the management interface before any route runs, and
            // fails on what it cannot decode (bad escapes, over-long fields, multipart on a GET): the admin API
            // takes JSON only, so whatever failed, the request was not one it serves
            problem(ctx, 415, "UnsupportedMediaType", "the request body must be application/json");
        } else if (failure instanceof IllegalArgumentException || failure instanceof io.vertx.core.json.DecodeException) {
            // the body handler could not decode what was sent (a form with a bad escape, say): the caller's fault
            problem(ctx, 400, "InvalidInput", "the request could not be read");
        } else {
            WireError e = WireError.of(failure, RequestIds.next(), "admin API"); // logs the defect with its stack
            problem(ctx, e.status(), e.code(), e.message());
        }
    }

    private static boolean isJson(String contentType) {
        int semi = contentType.indexOf(';');
        String type = (semi < 0 ? contentType : contentType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
        return type.equals("application/json");
    }

    private static void onLoop(Context loop, Runnable answer) {
        if (loop == null || Context.isOnEventLoopThread()) {
            answer.run();
        } else {
            loop.runOnContext(v -> answer.run());
        }
    }

    static void problem(RoutingContext ctx, int status, String code, String message) {
        send(ctx, status, Map.of("code", code, "message", message));
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended()) {
            return;
        }
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        if (!ctx.request().isEnded() && ctx.request().version() != HttpVersion.HTTP_2) {
            // answered before the whole body arrived (a 413): the rest is not read
            ctx.response().putHeader("Connection", "close");
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(json);
    }
}
