package dev.opensts.adapter.http.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.iam.CommandBus;
import dev.opensts.app.iam.Resealer;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.arn.Arn;
import dev.opensts.config.OpenStsConfig;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.error.AwsException;
import dev.opensts.iam.AccountDecider;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.StreamIds;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocation;
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
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

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
    private final LiveView view;
    private final CommandBus bus;
    private final CredentialIds ids;
    private final KeyRing keyRing;
    private final Clock clock;
    private final SecureRandom random;
    private final Resealer resealer;
    private final RevokeSessions revokeSessions;

    AccountsRoutes(OpenStsConfig config, LiveView view, CommandBus bus, CredentialIds ids, KeyRing keyRing,
                   Clock clock, SecureRandom random, Resealer resealer, RevokeSessions revokeSessions) {
        this.resealer = resealer;
        this.revokeSessions = revokeSessions;
        this.config = config;
        this.view = view;
        this.bus = bus;
        this.ids = ids;
        this.keyRing = keyRing;
        this.clock = clock;
        this.random = random;
    }

    public record CreatedAccount(String accountId, String name, String rootAccessKeyId, String rootSecretAccessKey) {
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

    /** The new root key (its secret shown this once) and the revocation of every session of the old one. */
    public record RotatedRootKey(String accountId, String rootAccessKeyId, String rootSecretAccessKey,
                                 String sessionsRevocationId) {
    }

    private void rotateRootKey(RoutingContext ctx) {
        String accountId = ctx.pathParam("accountId");
        if (accountId == null || !accountId.matches("\\d{12}")) {
            problem(ctx, 400, "InvalidInput", "the account id is 12 digits");
            return;
        }
        if (accountId.equals(config.root().accountId())) {
            problem(ctx, 400, "InvalidInput", "the default account's root key comes from the configuration "
                    + "(OPENSTS_ROOT_ACCESS_KEY_ID, OPENSTS_ROOT_SECRET_ACCESS_KEY): change it there");
            return;
        }
        String keyId = ids.accessKeyId("AKIA", accountId, id -> view.accessKeyOwner(id) != null);
        String secret = ids.secret();
        var command = new AccountDecider.RotateRootKey(accountId, keyId, keyRing.sealString(secret, keyId),
                clock.instant());
        Context loop = Vertx.currentContext();
        String requestId = "admin-" + UUID.randomUUID();
        // a root key is rotated because it may have leaked: the sessions made with it, and the sessions made from
        // those, go with it (a principal revocation of the root, issued before now)
        var revocation = new Revocation(UUID.randomUUID().toString(), accountId, Revocation.Kind.PRINCIPAL,
                Arn.iamRoot(accountId).toString(), null);
        bus.<AccountState>execute(StreamIds.account(accountId), s -> AccountDecider.decide(command, s), requestId)
                .chain(() -> Uni.createFrom().completionStage(() -> revokeSessions.execute(revocation, requestId)))
                .subscribe().with(
                        revoked -> onLoop(loop, () -> {
                            LOG.infof("admin API: rotated the root key of account %s (new key %s) and revoked its "
                                    + "sessions (%s)", accountId, keyId, revoked.revocationId());
                            send(ctx, 200, new RotatedRootKey(accountId, keyId, secret, revoked.revocationId()));
                        }),
                        failure -> onLoop(loop, () -> ctx.fail(failure instanceof java.util.concurrent.CompletionException
                                && failure.getCause() != null ? failure.getCause() : failure)));
    }

    private void reseal(RoutingContext ctx) {
        Context loop = Vertx.currentContext();
        resealer.resealAll("admin-" + UUID.randomUUID()).subscribe().with(
                report -> onLoop(loop, () -> send(ctx, 200, report)),
                failure -> onLoop(loop, () -> ctx.fail(failure)));
    }

    private void authorize(RoutingContext ctx) {
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
        String accountId = input.accountId() != null ? input.accountId()
                : String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L));
        if (accountId.equals(config.root().accountId())) {
            problem(ctx, 400, "InvalidInput", "accountId must be 12 digits and not the default account");
            return;
        }
        String name = input.name() != null ? input.name() : accountId;
        String keyId = ids.accessKeyId("AKIA", accountId, id -> view.accessKeyOwner(id) != null);
        String secret = ids.secret();
        var command = new AccountDecider.CreateAccount(accountId, name, keyId, keyRing.sealString(secret, keyId),
                clock.instant());
        Context loop = Vertx.currentContext();
        bus.<AccountState>execute(StreamIds.account(accountId), s -> AccountDecider.decide(command, s),
                        "admin-" + UUID.randomUUID())
                .subscribe().with(
                        ok -> onLoop(loop, () -> {
                            LOG.infof("admin API: created account %s (root key %s)", accountId, keyId);
                            send(ctx, 201, new CreatedAccount(accountId, name, keyId, secret));
                        }),
                        failure -> onLoop(loop, () -> ctx.fail(failure)));
    }

    private void list(RoutingContext ctx) {
        List<AccountSummary> accounts = view.listAccounts().stream()
                .map(a -> new AccountSummary(a.accountId(), a.name(), a.rootAccessKeyId(), a.createDate().toString()))
                .toList();
        send(ctx, 200, Map.of("accounts", accounts));
    }

    private boolean authorized(String header) {
        String token = config.adminToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null || header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static void failure(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof io.vertx.core.http.HttpClosedException || ctx.response().closed()) {
            LOG.debugf("admin API: the client closed its connection before the answer");
            return; // nobody to answer
        }
        if (ctx.statusCode() == 413) {
            problem(ctx, 413, "RequestEntityTooLarge", "the request body exceeds " + MAX_BODY + " bytes");
        } else if (failure instanceof AwsException a) {
            problem(ctx, a.code().httpStatus(), a.code().name(), a.getMessage());
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
            LOG.error("admin API: unexpected failure", failure);
            problem(ctx, 500, "InternalFailure", "the request failed; see the service's log");
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

    private static void problem(RoutingContext ctx, int status, String code, String message) {
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
