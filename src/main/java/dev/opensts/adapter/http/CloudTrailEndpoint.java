package dev.opensts.adapter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Call;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.trail.LookupEvents;
import dev.opensts.app.trail.TrailEntry;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.SigV4Parser;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudTrail's JSON 1.1 endpoint: reads the body, authenticates its SigV4 signature for service {@code cloudtrail},
 * decodes LookupEvents' input (timestamps as epoch seconds, as the protocol sends them), runs it, and writes
 * {@code application/x-amz-json-1.1} with the request id in {@code x-amzn-RequestId}. A failure is the protocol's
 * error: AWS's status and {@code {"__type": CODE, "message": ...}}, with the code as CloudTrail names it. Every
 * LookupEvents request is on the audit trail (eventSource cloudtrail.amazonaws.com, read-only: the read path),
 * granted or refused, as CloudTrail records its own LookupEvents.
 */
final class CloudTrailEndpoint {
    private static final Logger LOG = Logger.getLogger(CloudTrailEndpoint.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String TARGET = "X-Amz-Target";
    static final String LOOKUP_EVENTS = "LookupEvents";
    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    static final int MAX_BODY = 64 * 1024;

    private final String targetPrefix;
    private final LookupEvents lookupEvents;
    private final ExpectedScope scope;
    private final Authenticator authenticator;
    private final BodyReader reader;
    private final Trail trail;

    CloudTrailEndpoint(String targetPrefix, LookupEvents lookupEvents, ExpectedScope scope,
                       Authenticator authenticator, BodyBudget budget, Trail trail) {
        this.trail = trail;
        this.targetPrefix = targetPrefix;
        this.lookupEvents = lookupEvents;
        this.scope = scope;
        this.authenticator = authenticator;
        this.reader = new BodyReader(budget, MAX_BODY);
    }

    void collect(RoutingContext ctx) {
        reader.read(ctx, this::handle, (c, failure) -> error(c, failure, RequestIds.next()));
    }

    void handle(RoutingContext ctx, Buffer body) {
        String requestId = RequestIds.next();
        try {
            byte[] bytes = body == null ? new byte[0] : body.getBytes();
            String target = ctx.request().getHeader(TARGET);
            if (!(targetPrefix + "." + LOOKUP_EVENTS).equals(target)) {
                throw new AwsException(ErrorCode.UnknownOperationException, "The operation " + target
                        + " is not served here.");
            }
            String rawQuery = ctx.request().query() == null ? "" : ctx.request().query();
            HttpRequestView view = SignedRequests.view(ctx, rawQuery, bytes);
            Caller caller;
            try {
                caller = authenticator.authenticate(view, SigV4Parser.parse(view),
                        SignedRequests.info(ctx, requestId, scope));
            } catch (RuntimeException refused) {
                trail.refused(Trails.stranger(AuditRecord.Service.cloudtrail, LOOKUP_EVENTS, requestId, ctx, view,
                        Map.of()), refused);
                throw refused;
            }
            Call call = Call.of(AuditRecord.Service.cloudtrail, LOOKUP_EVENTS, requestId, caller, Trails.tls(ctx),
                    Map.of());
            LookupEvents.Request request;
            try {
                request = decode(bytes);
            } catch (RuntimeException invalid) {
                trail.refused(call, invalid);
                throw invalid;
            }
            Context loop = Vertx.currentContext();
            trail.run(call.withParameters(parameters(request)), () -> lookupEvents.lookup(caller, request),
                    page -> Trail.Outcome.NONE).subscribe().with(
                    page -> SignedRequests.onLoop(loop, () -> ok(ctx, encode(page), requestId)),
                    failure -> SignedRequests.onLoop(loop, () -> error(ctx, failure, requestId)));
        } catch (Throwable failure) {
            error(ctx, failure, requestId);
        }
    }

    static LookupEvents.Request decode(byte[] bytes) {
        JsonNode in;
        try {
            in = bytes.length == 0 ? JSON.createObjectNode() : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new AwsException(ErrorCode.SerializationException, "The request body is not valid JSON.");
        }
        if (in == null || !in.isObject()) {
            throw new AwsException(ErrorCode.SerializationException, "The request body is not a JSON object.");
        }
        List<LookupEvents.RawAttribute> attributes = null;
        JsonNode list = in.get("LookupAttributes");
        if (list != null && !list.isNull()) {
            if (!list.isArray()) {
                throw new AwsException(ErrorCode.SerializationException, "LookupAttributes must be a list.");
            }
            attributes = new ArrayList<>();
            for (JsonNode a : list) {
                attributes.add(new LookupEvents.RawAttribute(text(a, "AttributeKey"), text(a, "AttributeValue")));
            }
        }
        JsonNode max = in.get("MaxResults");
        if (max != null && !max.isNull() && !max.canConvertToInt()) {
            throw new AwsException(ErrorCode.InvalidMaxResultsException, "MaxResults must be between 1 and 50.");
        }
        return new LookupEvents.Request(attributes, time(in, "StartTime"), time(in, "EndTime"),
                max == null || max.isNull() ? null : max.intValue(), text(in, "NextToken"),
                text(in, "EventCategory"));
    }

    /**
     * The request's parameters as its record repeats them (lower camel case, as CloudTrail records LookupEvents):
     * the filters, the time range and the page size; not the NextToken, an opaque cursor that says nothing more.
     */
    static Map<String, Object> parameters(LookupEvents.Request r) {
        var out = new LinkedHashMap<String, Object>();
        if (r.attributes() != null) {
            var attributes = new ArrayList<Map<String, Object>>();
            for (LookupEvents.RawAttribute a : r.attributes()) {
                var m = new LinkedHashMap<String, Object>();
                AuditRecords.putIfPresent(m, "attributeKey", bounded(a.key()));
                AuditRecords.putIfPresent(m, "attributeValue", bounded(a.value()));
                attributes.add(m);
            }
            out.put("lookupAttributes", attributes);
        }
        AuditRecords.putIfPresent(out, "startTime", r.startTime());
        AuditRecords.putIfPresent(out, "endTime", r.endTime());
        AuditRecords.putIfPresent(out, "maxResults", r.maxResults());
        AuditRecords.putIfPresent(out, "eventCategory", bounded(r.eventCategory()));
        return out;
    }

    private static String bounded(String s) {
        return s != null && s.length() > AuditRecords.MAX_PARAMETER_CHARS
                ? s.substring(0, AuditRecords.MAX_PARAMETER_CHARS) : s;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new AwsException(ErrorCode.SerializationException, field + " must be a string.");
        }
        return v.asText();
    }

    /** A JSON 1.1 timestamp: epoch seconds, with a fraction. */
    private static Instant time(JsonNode in, String field) {
        JsonNode v = in.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isNumber()) {
            throw new AwsException(ErrorCode.InvalidTimeRangeException, field + " is not a valid timestamp.");
        }
        BigDecimal seconds = v.decimalValue();
        BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
        try {
            return Instant.ofEpochSecond(whole.longValueExact())
                    .plusNanos(seconds.subtract(whole).movePointRight(9).longValue());
        } catch (ArithmeticException | java.time.DateTimeException e) {
            throw new AwsException(ErrorCode.InvalidTimeRangeException, field + " is out of range.");
        }
    }

    static ObjectNode encode(LookupEvents.Page page) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode events = out.putArray("Events");
        for (TrailEntry e : page.events()) {
            ObjectNode ev = events.addObject();
            ev.put("EventId", e.eventId());
            ev.put("EventName", e.eventName());
            ev.put("ReadOnly", String.valueOf(e.readOnly()));
            if (e.accessKeyId() != null) {
                ev.put("AccessKeyId", e.accessKeyId());
            }
            ev.put("EventTime", BigDecimal.valueOf(e.eventTime().toEpochMilli()).movePointLeft(3));
            ev.put("EventSource", e.eventSource());
            if (e.username() != null) {
                ev.put("Username", e.username());
            }
            ArrayNode resources = ev.putArray("Resources");
            for (TrailEntry.Resource r : e.resources()) {
                ObjectNode res = resources.addObject();
                res.put("ResourceType", r.type());
                res.put("ResourceName", r.arn());
            }
            ev.put("CloudTrailEvent", e.record());
        }
        if (page.nextToken() != null) {
            out.put("NextToken", page.nextToken());
        }
        return out;
    }

    private static void ok(RoutingContext ctx, JsonNode result, String requestId) {
        String body;
        try {
            body = JSON.writeValueAsString(result);
        } catch (IOException e) {
            error(ctx, e, requestId);
            return;
        }
        ctx.response().setStatusCode(200)
                .putHeader("x-amzn-RequestId", requestId)
                .putHeader("Content-Type", CONTENT_TYPE)
                .end(body);
    }

    static void error(RoutingContext ctx, Throwable failure, String requestId) {
        WireError e = WireError.of(failure, requestId, LOOKUP_EVENTS);
        String code = code(e.code());
        if (e.status() >= 500) {
            LOG.warnf("request %s cloudtrail -> %d %s: %s", requestId, e.status(), code, e.message());
        } else {
            LOG.debugf("request %s cloudtrail -> %d %s: %s", requestId, e.status(), code, e.message());
        }
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(e.status())
                    .putHeader("x-amzn-RequestId", requestId)
                    .putHeader("Content-Type", CONTENT_TYPE)
                    .end(JSON.createObjectNode().put("__type", code).put("message", e.message()).toString());
        }
    }

    /** The code as JSON services name it: the common ones with their suffix (AccessDeniedException, ...). */
    static String code(String code) {
        return switch (code) {
            case "AccessDenied" -> "AccessDeniedException";
            case "ServiceFailure" -> "InternalFailure";
            case "ServiceUnavailable" -> "ServiceUnavailableException";
            case "InvalidClientTokenId" -> "UnrecognizedClientException";
            case "SignatureDoesNotMatch" -> "InvalidSignatureException";
            default -> code;
        };
    }
}
