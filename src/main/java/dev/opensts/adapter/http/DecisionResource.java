package dev.opensts.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.opensts.adapter.http.DecisionApi.AuthorizeRequest;
import dev.opensts.adapter.http.DecisionApi.AuthorizeResponse;
import dev.opensts.adapter.http.DecisionApi.Problem;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.decisions.Decisions;
import dev.opensts.settings.OpenStsConfig;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Instant;
import java.time.format.DateTimeParseException;


/**
 * The decision endpoint for resource services: POST /opensts/v1/authorize. A resource service forwards the
 * SigV4-signed request its client sent, with the action and resource it maps to; open-sts authenticates it as
 * the Query endpoint would and answers Allow or Deny with the principal and the deciding statements.
 * Authentication failures are a 200 Deny carrying AWS's error code; only a malformed call is a 400, a missing or
 * wrong bearer token (OPENSTS_DECISION_TOKEN) a 401. See docs/decision-endpoint.md.
 */
@Path("/v1/authorize")
@Tag(name = "decision", description = "authorization decisions for resource services")
@SecurityScheme(securitySchemeName = "decisionToken", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "OPENSTS_DECISION_TOKEN")
public class DecisionResource {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    static final String UNAUTHORIZED_JSON = "{\"code\":\"Unauthorized\",\"message\":\"a valid 'Authorization: Bearer "
            + "<OPENSTS_DECISION_TOKEN>' header is required\"}";

    private final BearerToken token;
    private final Decisions decisions;
    private final Trail trail;

    DecisionResource(OpenStsConfig config, Decisions decisions, Trail trail) {
        this.token = new BearerToken(config.decisionToken().orElse(null));
        this.decisions = decisions;
        this.trail = trail;
    }

    /** The resource service that asks: open-sts's own identity type, known by its bearer token only. */
    static final AuditRecord.UserIdentity RESOURCE_SERVICE = AuditRecord.UserIdentity.ofType("OpenStsResourceService");

    @POST
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decide whether a SigV4-signed request forwarded by a resource service is allowed",
            description = "Verifies the forwarded request's signature, access key or session token and its expiry "
                    + "(within the signature's validity window: 15 minutes of clock skew, or the presigned URL's "
                    + "expiry), then evaluates the principal's identity policies, session policies and permissions "
                    + "boundary for the action on the resource, explicit deny first.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuthorizeRequest.class)))
    @APIResponse(responseCode = "200", description = "the decision; an authentication failure is a Deny with "
            + "'error'", content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = AuthorizeResponse.class)))
    @APIResponse(responseCode = "400", description = "malformed JSON or a missing field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "no or a wrong 'Authorization: Bearer <OPENSTS_DECISION_TOKEN>'",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = Problem.class)))
    @SecurityRequirement(name = "decisionToken")
    public Uni<Response> authorize(@HeaderParam("Authorization") String authorization, String body,
                                   @jakarta.ws.rs.core.Context io.vertx.core.http.HttpServerRequest http) {
        if (!token.matches(authorization)) { // ListenerGuards refused it before its body was read already
            return Uni.createFrom().item(problem(401, "Unauthorized",
                    "a valid 'Authorization: Bearer <OPENSTS_DECISION_TOKEN>' header is required"));
        }
        AuthorizeRequest request;
        try {
            request = JSON.readValue(body == null ? "" : body, AuthorizeRequest.class);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(problem(400, "MalformedRequest", "the body is not a valid authorize "
                    + "request: " + e.getOriginalMessage()));
        }
        // the remote address and User-Agent are read now, on the request's own thread
        String sourceIp = http == null || http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
        String userAgent = http == null ? null : http.getHeader("User-Agent");
        Decisions.Request decisionRequest;
        Instant asOf;
        try {
            decisionRequest = DecisionTranslation.request(request);
            asOf = asOf(request.asOf());
        } catch (Decisions.InvalidRequest e) {
            return Uni.createFrom().item(problem(400, "InvalidRequest", e.getMessage()));
        }
        return Uni.createFrom().deferred(() -> decisions.decide(decisionRequest, asOf))
                .map(result -> {
                    record(decisionRequest, result, sourceIp, userAgent);
                    return Response.ok(DecisionTranslation.response(result)).type(MediaType.APPLICATION_JSON).build();
                })
                .onFailure().recoverWithItem(e -> {
                    if (e instanceof Decisions.InvalidRequest) {
                        return problem(400, "InvalidRequest", e.getMessage());
                    }
                    trail.refused(call(decisionRequest, sourceIp, userAgent, AuditRecords.NO_ACCOUNT), e);
                    // an AwsException: the replica cannot decide now (still catching up), the resource service
                    // retries; anything else is a defect, logged by WireError
                    WireError error = WireError.of(e, RequestIds.next(), "decision");
                    return problem(error.status(), error.code(), error.message());
                });
    }

    private static Instant asOf(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new Decisions.InvalidRequest("asOf must be an ISO-8601 instant, e.g. 2026-11-30T14:00:00Z");
        }
    }

    /**
     * The verdict on the trail (read path): the principal asked about, the action and the resource in the
     * parameters and in additionalEventData, with the decision and its deciding statements; keyed by the
     * principal's account (a caller not authenticated: the resource's account, else none).
     */
    private void record(Decisions.Request in, Decisions.Result result, String sourceIp, String userAgent) {
        var additional = new java.util.LinkedHashMap<String, Object>();
        switch (result) {
            case Decisions.Result.Decided d -> {
                additional.put("principalArn", d.caller().arn());
                additional.put("action", in.action());
                additional.put("resource", in.resource());
                Call call = call(in, sourceIp, userAgent, d.caller().accountId());
                var params = new java.util.LinkedHashMap<>(call.parameters());
                params.put("principalArn", d.caller().arn());
                params.put("accessKeyId", d.caller().accessKeyId());
                trail.read(call.withParameters(params), new Trail.Outcome(null, additional, d.decision()));
            }
            case Decisions.Result.NotAuthenticated n -> {
                additional.put("decision", "Deny");
                additional.put("action", in.action());
                additional.put("resource", in.resource());
                additional.put("authenticationError", n.code());
                dev.opensts.arn.Arn arn = dev.opensts.arn.Arn.parse(in.resource());
                String account = arn != null && dev.opensts.arn.Arn.isAccountId(arn.account()) ? arn.account()
                        : AuditRecords.NO_ACCOUNT;
                trail.read(call(in, sourceIp, userAgent, account), new Trail.Outcome(null, additional, null));
            }
        }
    }

    private static Call call(Decisions.Request in, String sourceIp, String userAgent, String account) {
        var params = new java.util.LinkedHashMap<String, Object>();
        params.put("action", in.action());
        params.put("resource", in.resource());
        params.put("service", in.service());
        AuditRecords.putIfPresent(params, "region", in.region());
        return new Call(AuditRecord.Service.opensts, "Authorize", in.requestId(), RESOURCE_SERVICE, account,
                sourceIp, userAgent, in.region(), null, params);
    }

    private static Response problem(int status, String code, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(new Problem(code, message)).build();
    }
}
