package dev.opensts.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.opensts.adapter.http.query.ErrorDocument;
import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.auth.RequestInfo;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.history.History;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Parser;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.BiFunction;

/**
 * The history API on the public listener (docs/history.md): POST /opensts/v1/entity-history and
 * /opensts/v1/entity-state, JSON in and out, SigV4-signed like the STS actions (service {@code sts}, a region this
 * deployment serves), authorized as opensts:GetEntityHistory / opensts:GetEntityStateAt on the entity's ARN.
 * Errors are AWS's JSON error document with AWS's status and the request id, also in x-amzn-RequestId.
 */
@Path("/v1")
@Tag(name = "history", description = "the state of IAM entities at any instant, and their change history")
public class HistoryResource {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @Schema(description = "GetEntityHistory: the changes of an IAM entity, oldest first, every life of its name")
    public record HistoryRequest(
            @Schema(required = true, description = "ARN of a role, user, customer managed policy or OpenID Connect "
                    + "provider of the caller's account (any path)", example = "arn:aws:iam::123456789012:role/app")
            String entityArn,
            @Schema(description = "from a previous page's marker") String marker,
            @Schema(description = "1 to 1000, default 100") Integer maxItems) {
    }

    @Schema(description = "GetEntityStateAt: the entity as it was at an instant")
    public record StateRequest(
            @Schema(required = true, example = "arn:aws:iam::123456789012:role/app") String entityArn,
            @Schema(required = true, description = "ISO-8601 instant, not in the future",
                    example = "2026-11-30T14:00:00Z") String at) {
    }

    private final Authenticator authenticator;
    private final History history;
    private final ExpectedScope scope;

    private final Trail trail;

    HistoryResource(OpenStsConfig config, Authenticator authenticator, History history, Trail trail) {
        this.trail = trail;
        this.authenticator = authenticator;
        this.history = history;
        this.scope = new ExpectedScope("sts", QueryRoutes.stsRegions(config.regions()));
    }

    @POST
    @Path("/entity-history")
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "GetEntityHistory (opensts:GetEntityHistory)", description = "Each event of the entity "
            + "with its type, time, actor (principal ARN, access key id, account) and request id, in log order, and "
            + "the life (the entity's unique id) it belongs to. SigV4-signed for service sts.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = HistoryRequest.class)))
    @APIResponse(responseCode = "200", description = "{entityArn, changes[], isTruncated, marker}")
    @APIResponse(responseCode = "400", description = "ValidationError")
    @APIResponse(responseCode = "403", description = "AccessDenied, or a signature error")
    @APIResponse(responseCode = "404", description = "NoSuchEntity: no life of the entity was ever recorded")
    public Uni<Response> entityHistory(@Context HttpServerRequest request, byte[] body) {
        return run("GetEntityHistory", request, body, HistoryRequest.class, (caller, in) -> history.history(caller,
                in.entityArn(), in.marker(), in.maxItems()).map(HistoryJson::page));
    }

    @POST
    @Path("/entity-state")
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "GetEntityStateAt (opensts:GetEntityStateAt)", description = "The entity as it was at the "
            + "instant, folded from its events by the live view's own evolve functions; for a role or user also the "
            + "managed policies it named, as they were then. SigV4-signed for service sts.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = StateRequest.class)))
    @APIResponse(responseCode = "200", description = "{entityArn, at, life, entityId, entityType, state, "
            + "managedPolicies, lastChange}")
    @APIResponse(responseCode = "400", description = "ValidationError")
    @APIResponse(responseCode = "403", description = "AccessDenied, or a signature error")
    @APIResponse(responseCode = "404", description = "NoSuchEntity: no life of the entity existed at the instant")
    public Uni<Response> entityState(@Context HttpServerRequest request, byte[] body) {
        return run("GetEntityStateAt", request, body, StateRequest.class, (caller, in) -> history.stateAt(caller,
                in.entityArn(), instant(in.at())).map(HistoryJson::stateAt));
    }

    /**
     * Authenticates, reads the input and runs the action, each request on the audit trail's read path (eventSource
     * opensts.amazonaws.com): the caller and the entity asked about, or the refusal with its error.
     */
    private <I> Uni<Response> run(String actionName, HttpServerRequest request, byte[] body, Class<I> type,
                                  BiFunction<Caller, I, Uni<?>> action) {
        String requestId = RequestIds.next();
        Caller[] authenticated = new Caller[1];
        boolean[] onTheTrail = new boolean[1]; // once trail.run has it, the trail records its outcome itself
        return Uni.createFrom().deferred(() -> {
            byte[] bytes = body == null ? new byte[0] : body;
            String uri = request.uri();
            int q = uri.indexOf('?');
            var view = new HttpRequestView(request.method().name(), q < 0 ? uri : uri.substring(0, q),
                    request.query() == null ? "" : request.query(), SignedRequests.headers(request), bytes);
            Caller caller = authenticator.authenticate(view, SigV4Parser.parse(view), new RequestInfo(requestId,
                    request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), request.isSSL(),
                    request.getHeader("User-Agent"), scope));
            authenticated[0] = caller;
            I input;
            try {
                input = JSON.readValue(bytes, type);
            } catch (JsonProcessingException | RuntimeException e) {
                throw new AwsException(ErrorCode.ValidationError, "The body is not a JSON " + type.getSimpleName()
                        + ".");
            } catch (java.io.IOException e) {
                throw new AwsException(ErrorCode.ValidationError, "The body is unreadable.");
            }
            var parameters = new java.util.LinkedHashMap<String, Object>();
            JSON.convertValue(input, java.util.Map.class).forEach((k, v) -> {
                if (v != null) {
                    parameters.put(String.valueOf(k), v);
                }
            });
            Call call = Call.of(AuditRecord.Service.opensts, actionName, requestId, caller, null, parameters);
            onTheTrail[0] = true;
            return trail.run(call, () -> action.apply(caller, input).map(x -> (Object) x), x -> Trail.Outcome.NONE);
        }).map(out -> Response.ok(out.toString()).type(MediaType.APPLICATION_JSON)
                .header("x-amzn-RequestId", requestId).build())
                .onFailure().recoverWithItem(failure -> {
                    if (!onTheTrail[0] && authenticated[0] == null) { // refused before it was authenticated
                        trail.refused(new Call(AuditRecord.Service.opensts, actionName, requestId,
                                AuditRecords.unknown(null), AuditRecords.NO_ACCOUNT,
                                request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(),
                                request.getHeader("User-Agent"), null, null, java.util.Map.of()), failure);
                    } else if (!onTheTrail[0]) { // authenticated, its input refused
                        trail.refused(Call.of(AuditRecord.Service.opensts, actionName, requestId, authenticated[0],
                                null, java.util.Map.of()), failure);
                    }
                    WireError e = WireError.of(failure, requestId, "history");
                    return Response.status(e.status()).type(MediaType.APPLICATION_JSON)
                            .header("x-amzn-RequestId", requestId)
                            .entity(ErrorDocument.json(e.code(), e.type(), e.message(), requestId)).build();
                });
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new AwsException(ErrorCode.ValidationError, "At must be an ISO-8601 instant, e.g. "
                    + "2026-11-30T14:00:00Z.");
        }
    }
}
