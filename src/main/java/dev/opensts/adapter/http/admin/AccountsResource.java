package dev.opensts.adapter.http.admin;

import dev.opensts.config.OpenStsConfig;
import dev.opensts.control.CommandBus;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.error.AwsException;
import dev.opensts.iam.AccountDecider;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.StreamIds;
import dev.opensts.view.LiveView;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The operator's admin API for accounts: JSON over HTTP, authenticated by the bearer token in
 * OPENSTS_ADMIN_TOKEN. Each account gets its own root access key, shown once, at creation.
 */
@Path("/admin/accounts")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AccountsResource {
    private final OpenStsConfig config;
    private final LiveView view;
    private final CommandBus bus;
    private final CredentialIds ids;
    private final KeyRing keyRing;
    private final Clock clock;
    private final SecureRandom random;

    AccountsResource(OpenStsConfig config, LiveView view, CommandBus bus, CredentialIds ids, KeyRing keyRing,
                     Clock clock, SecureRandom random) {
        this.config = config;
        this.view = view;
        this.bus = bus;
        this.ids = ids;
        this.keyRing = keyRing;
        this.clock = clock;
        this.random = random;
    }

    public record CreateAccountRequest(String accountId, String name) {
    }

    public record CreatedAccount(String accountId, String name, String rootAccessKeyId,
                                 String rootSecretAccessKey) {
    }

    public record AccountSummary(String accountId, String name, String rootAccessKeyId, String createDate) {
    }

    @POST
    public Uni<Response> create(@HeaderParam("Authorization") String authorization, CreateAccountRequest request) {
        if (!authorized(authorization)) {
            return Uni.createFrom().item(unauthorized());
        }
        String accountId = request == null || request.accountId() == null
                ? String.format("%012d", Math.floorMod(random.nextLong(), 1_000_000_000_000L))
                : request.accountId();
        if (!accountId.matches("\\d{12}") || accountId.equals(config.root().accountId())) {
            return Uni.createFrom().item(problem(400, "InvalidInput",
                    "accountId must be 12 digits and not the default account"));
        }
        String name = request == null || request.name() == null ? accountId : request.name();
        String keyId = ids.accessKeyId("AKIA", accountId);
        String secret = ids.secret();
        var command = new AccountDecider.CreateAccount(accountId, name, keyId, keyRing.sealString(secret, keyId),
                clock.instant());
        return bus.<AccountState>execute(StreamIds.account(accountId), s -> AccountDecider.decide(command, s),
                        "admin-" + UUID.randomUUID())
                .map(x -> Response.status(201).entity(new CreatedAccount(accountId, name, keyId, secret)).build())
                .onFailure(AwsException.class).recoverWithItem(e -> {
                    AwsException a = (AwsException) e;
                    return problem(a.code().httpStatus(), a.code().name(), a.getMessage());
                });
    }

    @GET
    public Response list(@HeaderParam("Authorization") String authorization) {
        if (!authorized(authorization)) {
            return unauthorized();
        }
        List<AccountSummary> accounts = view.listAccounts().stream()
                .map(a -> new AccountSummary(a.accountId(), a.name(), a.rootAccessKeyId(), a.createDate().toString()))
                .toList();
        return Response.ok(Map.of("accounts", accounts)).build();
    }

    private boolean authorized(String header) {
        String token = config.adminToken().filter(t -> !t.isBlank()).orElse(null);
        if (token == null || header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8),
                header.substring(7).trim().getBytes(StandardCharsets.UTF_8));
    }

    private static Response unauthorized() {
        return problem(401, "Unauthorized", "a valid 'Authorization: Bearer <OPENSTS_ADMIN_TOKEN>' header is required");
    }

    private static Response problem(int status, String code, String message) {
        return Response.status(status).entity(Map.of("code", code, "message", message)).build();
    }
}
