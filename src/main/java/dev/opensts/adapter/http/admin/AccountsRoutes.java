package dev.opensts.adapter.http.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.adapter.http.RequestIds;
import dev.opensts.adapter.http.WireError;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.audit.Trail;
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
    static final String VERIFY_PATH = "/opensts/admin/audit/verify";
    static final int MAX_BODY = 16 * 1024;
    private static final Logger LOG = Logger.getLogger(AccountsRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OpenStsConfig config;
    private final Accounts accounts;
    private final Trail trail;

    /** The admin API's caller on the trail: whoever holds OPENSTS_ADMIN_TOKEN. */
    static final AuditRecord.UserIdentity ADMIN = AuditRecord.UserIdentity.ofType("OpenStsAdmin");
    /** What of an answer identifies the result on the trail (never a root secret access key). */
    private static final java.util.Set<String> IDENTIFYING = java.util.Set.of("accountId", "name", "rootAccessKeyId",
            "createDate");
    private final dev.opensts.app.trail.AuditDigests digests;

    AccountsRoutes(OpenStsConfig config, Accounts accounts, Trail trail, dev.opensts.app.trail.AuditDigests digests) {
        this.config = config;
        this.accounts = accounts;
        this.trail = trail;
        this.digests = digests;
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
        // the audit index's signed digests checked against its rows (deploy/local/audit-verify.sh)
        management.router().get(VERIFY_PATH)
                .handler(this::authorize)
                .handler(this::verify)
                .failureHandler(AccountsRoutes::failure);
        // anything else on the management interface: the same JSON problem as the admin API, never an HTML page
        management.router().errorHandler(404, ctx -> problem(ctx, 404, "NotFound", "nothing is served at this path"));
        management.router().errorHandler(405, ctx -> problem(ctx, 405, "MethodNotAllowed",
                "the method " + ctx.request().method().name() + " is not allowed here"));
    }

    private void rotateRootKey(RoutingContext ctx) {
        String rid = requestId();
        String account = ctx.pathParam("accountId");
        answer(ctx, 200, call(ctx, "RotateRootKey", rid, account, Map.of("accountId", String.valueOf(account))),
                () -> accounts.rotateRootKey(account, rid));
    }

    private void reseal(RoutingContext ctx) {
        String rid = requestId();
        answer(ctx, 200, call(ctx, "ResealKeyRing", rid, null, Map.of()), () -> accounts.reseal(rid));
    }

    /** An admin API request on the trail: service opensts, its caller OpenStsAdmin. */
    private Call call(RoutingContext ctx, String action, String requestId, String account,
                      Map<String, Object> parameters) {
        String recipient = account != null && account.matches("\\d{12}") ? account : config.root().accountId();
        return new Call(AuditRecord.Service.opensts, action, requestId, ADMIN, recipient,
                ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
                ctx.request().getHeader("User-Agent"), null, null, parameters);
    }

    /** The identifying members of an admin answer, by its JSON names. */
    private static Trail.Outcome outcome(Object value) {
        var out = new java.util.LinkedHashMap<String, Object>();
        JSON.valueToTree(value).fields().forEachRemaining(e -> {
            if (IDENTIFYING.contains(e.getKey()) && e.getValue().isValueNode()) {
                out.put(e.getKey(), e.getValue().asText());
            }
        });
        return new Trail.Outcome(out.isEmpty() ? null : out, Map.of(), null);
    }

    /** An admin action of another route on the trail (no account named): runs it through the trail, answers. */
    <T> void audited(RoutingContext ctx, int status, String action, java.util.function.Supplier<Uni<T>> run) {
        answer(ctx, status, call(ctx, action, requestId(), null, Map.of()), run);
    }

    /** A read-only admin action of another route, on the trail's read path. */
    void read(RoutingContext ctx, String action) {
        trail.read(call(ctx, action, requestId(), null, Map.of()), Trail.Outcome.NONE);
    }

    /** Runs the use case through the trail, then answers. */
    private <T> void answer(RoutingContext ctx, int status, Call call, java.util.function.Supplier<Uni<T>> action) {
        answer(ctx, status, trail.run(call, action, AccountsRoutes::outcome));
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
            // a stranger: on the trail's read path, as Unknown
            trail.refused(new Call(AuditRecord.Service.opensts, adminAction(ctx), requestId(),
                    AuditRecord.UserIdentity.ofType("Unknown"), config.root().accountId(),
                    ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress(),
                    ctx.request().getHeader("User-Agent"), null, null, Map.of()),
                    new AwsException(dev.opensts.error.ErrorCode.AccessDenied, "no valid admin token"));
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
        String rid = requestId();
        var params = new java.util.LinkedHashMap<String, Object>();
        AuditRecords.putIfPresent(params, "accountId", input.accountId());
        AuditRecords.putIfPresent(params, "name", input.name());
        answer(ctx, 201, call(ctx, "CreateAccount", rid, input.accountId(), params),
                () -> accounts.create(new Accounts.NewAccount(input.accountId(), input.name()), rid));
    }

    private void list(RoutingContext ctx) {
        List<AccountSummary> list = accounts.list().stream()
                .map(a -> new AccountSummary(a.accountId(), a.name(), a.rootAccessKeyId(), a.createDate().toString()))
                .toList();
        trail.read(call(ctx, "ListAccounts", requestId(), null, Map.of()), Trail.Outcome.NONE);
        send(ctx, 200, Map.of("accounts", list));
    }

    /** The admin action a request names, by its path and method. */
    private static String adminAction(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.endsWith("/consistency-check")) {
            return ctx.request().method().equals(HttpMethod.GET) ? "GetConsistencyReport" : "RunConsistencyCheck";
        } else if (path.endsWith("/root-key")) {
            return "RotateRootKey";
        } else if (path.endsWith("/reseal")) {
            return "ResealKeyRing";
        }
        return ctx.request().method().equals(HttpMethod.GET) ? "ListAccounts" : "CreateAccount";
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

    private void verify(RoutingContext ctx) {
        java.time.Instant to;
        java.time.Instant from;
        try {
            String end = ctx.request().getParam("endTime");
            String start = ctx.request().getParam("startTime");
            to = end == null ? java.time.Instant.now() : java.time.Instant.parse(end);
            from = start == null ? to.minus(config.auditIndex().retention()) : java.time.Instant.parse(start);
        } catch (java.time.format.DateTimeParseException e) {
            problem(ctx, 400, "InvalidInput", "startTime and endTime are ISO-8601 instants");
            return;
        }
        read(ctx, "VerifyAuditDigests");
        var loop = io.vertx.core.Vertx.currentContext();
        digests.verify(from, to).subscribe().with(v -> loop.runOnContext(x -> {
            var findings = new java.util.ArrayList<Map<String, String>>();
            for (var f : v.findings()) {
                findings.add(Map.of("windowStart", f.windowStart().toString(), "windowEnd", f.windowEnd().toString(),
                        "kind", f.kind().name(), "detail", f.detail()));
            }
            send(ctx, 200, Map.of("intact", v.intact(), "windows", v.windows(), "records", v.records(),
                    "startTime", from.toString(), "endTime", to.toString(), "findings", findings));
        }), failure -> loop.runOnContext(x -> ctx.fail(failure)));
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
