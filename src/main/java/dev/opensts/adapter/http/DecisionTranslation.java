package dev.opensts.adapter.http;

import dev.opensts.adapter.http.DecisionApi.AuthorizeRequest;
import dev.opensts.adapter.http.DecisionApi.AuthorizeResponse;
import dev.opensts.adapter.http.DecisionApi.ForwardedRequest;
import dev.opensts.app.Caller;
import dev.opensts.app.decisions.Decisions.InvalidRequest;
import dev.opensts.app.decisions.Decisions;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Effect;
import dev.opensts.sigv4.HttpRequestView;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The decision endpoint's JSON, translated: the wire request checked for shape and turned into the use case's
 * {@link Decisions.Request}, its result turned into the wire answer.
 */
final class DecisionTranslation {
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9*?]+");
    private static final int MAX_BODY = 1024 * 1024;
    /**
     * Bounds of what a resource service forwards, as the public listener bounds its own requests: what is
     * matched against policies (a header such as User-Agent) stays short, so that no request makes a policy's
     * wildcards work through megabytes.
     */
    static final int MAX_VALUE_CHARS = 16 * 1024;
    static final int MAX_HEADERS = 200;

    private DecisionTranslation() {
    }

    /** @throws InvalidRequest when the request to the endpoint is malformed */
    static Decisions.Request request(AuthorizeRequest in) {
        validate(in);
        ForwardedRequest fr = in.request();
        byte[] body = decodeBody(fr.body());
        // the path and query as received: the canonicalizer works on the bytes they stand for (S3-style services
        // encode the path once, every other service twice), so no two different requests share a signature
        HttpRequestView view = new HttpRequestView(fr.method(), fr.path(), fr.query(), headers(fr.headers()),
                body == null ? new byte[0] : body);
        return new Decisions.Request(view, body, fr.bodySha256(), in.service(), in.region(), in.action(),
                in.resource(), in.context(), RequestIds.next());
    }

    static AuthorizeResponse response(Decisions.Result result) {
        return switch (result) {
            case Decisions.Result.Decided d -> new AuthorizeResponse(d.decision().allowed() ? "Allow" : "Deny",
                    d.reason(), principal(d.caller()),
                    d.decision().deciding().stream().map(DecisionTranslation::statement).toList(), null);
            case Decisions.Result.NotAuthenticated n -> new AuthorizeResponse("Deny",
                    "the request could not be authenticated: " + n.code(), null, List.of(),
                    new DecisionApi.Error(n.code(), n.message(), n.httpStatus()));
        };
    }

    static DecisionApi.Principal principal(Caller c) {
        var s = c.session();
        String type = switch (c.type()) {
            case ROOT -> "Account";
            case USER -> "User";
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED -> "FederatedUser";
            default -> c.type().name();
        };
        return new DecisionApi.Principal(c.arn(), c.accountId(), type, c.userId(),
                s == null || s.tags() == null ? Map.of() : s.tags(), s == null ? null : s.sourceIdentity());
    }

    private static DecisionApi.Statement statement(DecidingStatement s) {
        return new DecisionApi.Statement(s.policyName(), s.sid(), s.index(), s.effect() == Effect.DENY ? "Deny" : "Allow");
    }

    static void validate(AuthorizeRequest in) {
        if (in == null) {
            throw new InvalidRequest("the body must be a JSON object");
        }
        ForwardedRequest r = in.request();
        if (r == null) {
            throw new InvalidRequest("'request' is required");
        }
        if (blank(r.method()) || !r.method().matches("[A-Z]{1,16}")) {
            throw new InvalidRequest("'request.method' is required: an HTTP method such as GET");
        }
        if (blank(r.path()) || !r.path().startsWith("/")) {
            throw new InvalidRequest("'request.path' is required and starts with '/'");
        }
        if (r.headers() == null || r.headers().isEmpty()) {
            throw new InvalidRequest("'request.headers' is required: a list of [name, value] pairs");
        }
        if (r.headers().size() > MAX_HEADERS) {
            throw new InvalidRequest("'request.headers' has more than " + MAX_HEADERS + " entries");
        }
        for (List<String> h : r.headers()) {
            if (h == null || h.size() != 2 || blank(h.get(0)) || h.get(1) == null) {
                throw new InvalidRequest("every entry of 'request.headers' is a [name, value] pair");
            }
            if (h.get(0).length() > MAX_VALUE_CHARS || h.get(1).length() > MAX_VALUE_CHARS) {
                throw new InvalidRequest("a header of 'request.headers' is longer than " + MAX_VALUE_CHARS + " characters");
            }
        }
        if (r.path().length() > MAX_VALUE_CHARS || (r.query() != null && r.query().length() > MAX_VALUE_CHARS)) {
            throw new InvalidRequest("'request.path' and 'request.query' are at most " + MAX_VALUE_CHARS
                    + " characters each");
        }
        if (r.body() != null && r.bodySha256() != null) {
            throw new InvalidRequest("give 'request.body' or 'request.bodySha256', not both");
        }
        if (blank(in.action()) || !ACTION.matcher(in.action()).matches()) {
            throw new InvalidRequest("'action' is required, as service:Action (e.g. s3:GetObject)");
        }
        if (blank(in.resource())) {
            throw new InvalidRequest("'resource' is required (an ARN, or '*')");
        }
        if (in.resource().length() > 2048 || in.action().length() > 256) {
            throw new InvalidRequest("'resource' is at most 2048 characters and 'action' at most 256");
        }
        if (blank(in.service()) || !in.service().matches("[a-z0-9-]{1,64}")) {
            throw new InvalidRequest("'service' is required: the SigV4 service name the client signed for (e.g. s3)");
        }
    }

    static byte[] decodeBody(String base64) {
        if (base64 == null) {
            return null;
        }
        if (base64.length() > MAX_BODY / 3 * 4 + 4) {
            throw new InvalidRequest("'request.body' is larger than " + MAX_BODY + " bytes: forward 'bodySha256' instead");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("'request.body' is not valid base64");
        }
    }

    private static List<Map.Entry<String, String>> headers(List<List<String>> pairs) {
        var list = new ArrayList<Map.Entry<String, String>>(pairs.size());
        for (List<String> h : pairs) {
            list.add(new AbstractMap.SimpleImmutableEntry<>(h.get(0), h.get(1)));
        }
        return list;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    private static String abbreviate(String s) {
        return s.length() <= 64 ? s : s.substring(0, 64) + "...";
    }

}
