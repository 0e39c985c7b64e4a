package dev.opensts.adapter.http;

import dev.opensts.adapter.http.DecisionApi.AuthorizeRequest;
import dev.opensts.adapter.http.DecisionApi.AuthorizeResponse;
import dev.opensts.adapter.http.DecisionApi.ForwardedRequest;
import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.PrincipalPolicies;
import dev.opensts.app.auth.RequestInfo;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Effect;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.Outcome;
import dev.opensts.policy.RequestContext;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.ForwardedPayloadHash;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.ParsedSignature;
import dev.opensts.sigv4.SigV4Exception;
import dev.opensts.sigv4.SigV4Parser;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The decision for a request that a resource service forwards: the same authentication as the Query endpoint
 * (the {@link Authenticator}, so every check it makes -- key status, token integrity, expiry, revocation --
 * applies here too), then the caller's identity policies ∩ session policies ∩ permissions boundary, explicit
 * deny first. Resource-based policies are the resource service's own business.
 */
final class Decisions {
    /** Thrown for a request to the endpoint that is not well formed: 400. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * aws:* keys a resource service may supply, because only it sees them (the client's address and transport,
     * the tags of its resources and of the request). Every other aws:* key is open-sts's to derive.
     */
    private static final Set<String> FORWARDED_AWS_KEYS = Set.of("aws:sourceip", "aws:securetransport",
            "aws:referer", "aws:requestedregion", "aws:sourcevpc", "aws:sourcevpce", "aws:vpcsourceip",
            "aws:tagkeys", "aws:resourceaccount", "aws:calledvia", "aws:calledviafirst", "aws:calledvialast",
            "aws:viaawsservice");
    private static final List<String> FORWARDED_AWS_PREFIXES = List.of("aws:requesttag/", "aws:resourcetag/");
    private static final Pattern ACTION = Pattern.compile("[A-Za-z0-9-]+:[A-Za-z0-9*?]+");
    private static final int MAX_BODY = 1024 * 1024;
    /**
     * Bounds of what a resource service forwards, as the public listener bounds its own requests: what is
     * matched against policies (a header such as User-Agent, a context value) stays short, so that no request
     * makes a policy's wildcards work through megabytes.
     */
    static final int MAX_VALUE_CHARS = 16 * 1024;
    static final int MAX_HEADERS = 200;
    static final int MAX_CONTEXT_KEYS = 100;
    static final int MAX_VALUES_PER_KEY = 100;

    private final Authenticator authenticator;
    private final PolicySources policies;
    private final Contexts contexts;

    Decisions(Authenticator authenticator, PolicySources policies, Contexts contexts) {
        this.authenticator = authenticator;
        this.policies = policies;
        this.contexts = contexts;
    }

    /** @throws BadRequest when the request to the endpoint is malformed */
    AuthorizeResponse decide(AuthorizeRequest in) {
        validate(in);
        ForwardedRequest fr = in.request();
        byte[] body = decodeBody(fr.body());
        // the path and query as received: the canonicalizer works on the bytes they stand for (S3-style services
        // encode the path once, every other service twice), so no two different requests share a signature
        HttpRequestView view = new HttpRequestView(fr.method(), fr.path(), fr.query(), headers(fr.headers()),
                body == null ? new byte[0] : body);
        Map<String, List<String>> extra = extraContext(in.context());
        String resourceAccount = resourceAccount(in.resource(), extra);
        ExpectedScope scope = new ExpectedScope(in.service(),
                blank(in.region()) ? Set.of() : Set.of(in.region()));
        Caller caller;
        try {
            ParsedSignature parsed = SigV4Parser.parse(view);
            String payloadHash;
            try {
                payloadHash = ForwardedPayloadHash.of(view, body, fr.bodySha256(),
                        parsed.presigned() && isS3Style(in.service()));
            } catch (IllegalArgumentException e) {
                throw new BadRequest(e.getMessage());
            }
            caller = authenticator.authenticate(view, parsed, new RequestInfo(RequestIds.next(),
                    single(extra, "aws:SourceIp"), "true".equalsIgnoreCase(single(extra, "aws:SecureTransport")),
                    view.header("User-Agent"), scope, !isS3Style(in.service()), payloadHash));
        } catch (SigV4Exception e) {
            return failure(e.code(), e.getMessage(), e.httpStatus());
        } catch (AwsException e) {
            if (e.code().httpStatus() >= 500) {
                throw e;
            }
            return failure(e.code().name(), e.getMessage(), e.code().httpStatus());
        }
        RequestContext.Builder ctx = contexts.forCaller(caller, in.action(), in.resource());
        if (!containsKey(extra, "aws:SecureTransport")) {
            ctx.put("aws:SecureTransport"); // only the resource service knows how its client came
        }
        if (resourceAccount != null) {
            ctx.put("aws:ResourceAccount", resourceAccount);
        }
        extra.forEach((k, v) -> ctx.put(k, v.toArray(String[]::new)));
        RequestContext context = ctx.build();
        PrincipalPolicies p = policies.of(caller);
        Decision d = Evaluator.evaluate(context, p.identity(), p.session(), p.boundary());
        String reason = d.allowed() ? "allowed by " + describe(d)
                : denial(caller, in, context, p, d);
        return new AuthorizeResponse(d.allowed() ? "Allow" : "Deny", reason, principal(caller),
                d.deciding().stream().map(Decisions::statement).toList(), null);
    }

    private static String denial(Caller caller, AuthorizeRequest in, RequestContext context, PrincipalPolicies p,
                                 Decision d) {
        String head = "User: " + caller.arn() + " is not authorized to perform: " + in.action() + " on resource: "
                + in.resource() + " ";
        if (d.outcome() == Outcome.EXPLICIT_DENY) {
            return head + "with an explicit deny in " + describe(d);
        }
        if (Evaluator.crossAccount(context)) {
            return head + "because the resource belongs to account " + context.resourceAccount()
                    + " and identity-based policies only grant access within the caller's own account";
        }
        if (!Evaluator.evaluate(context, p.identity(), null, null).allowed()) {
            return head + "because no identity-based policy allows the " + in.action() + " action";
        }
        if (p.boundary() != null && !Evaluator.evaluate(context, p.identity(), null, p.boundary()).allowed()) {
            return head + "because no permissions boundary allows the " + in.action() + " action";
        }
        return head + "because no session policy allows the " + in.action() + " action";
    }

    static AuthorizeResponse failure(String code, String message, int status) {
        return new AuthorizeResponse("Deny", "the request could not be authenticated: " + code, null, List.of(),
                new DecisionApi.Error(code, message, status));
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

    /** S3 and its relatives sign the path as sent; every other service normalizes it. */
    static boolean isS3Style(String service) {
        return service.equals("s3") || service.startsWith("s3-") || service.equals("s3express");
    }

    /**
     * The account that owns the resource: {@code aws:ResourceAccount} from the context (one 12-digit value), else
     * the resource ARN's account; null for {@code *} (the caller's own account). The resource service must say
     * who owns a resource whose ARN has no account (S3's, for instance): guessing would hand one tenant's
     * resources to another's root.
     *
     * @throws BadRequest when the owner is unknown, malformed, or contradicts the ARN
     */
    static String resourceAccount(String resource, Map<String, List<String>> extra) {
        List<String> given = null;
        for (Map.Entry<String, List<String>> e : extra.entrySet()) {
            if (e.getKey().equalsIgnoreCase("aws:ResourceAccount")) {
                given = e.getValue();
            }
        }
        if (given != null && (given.size() != 1 || !given.get(0).matches("\\d{12}"))) {
            throw new BadRequest("context key 'aws:ResourceAccount' takes one 12-digit account id");
        }
        Arn parsed = Arn.parse(resource);
        String fromArn = parsed == null ? null : parsed.account();
        if (fromArn != null && !fromArn.isEmpty()) {
            if (given != null && !given.get(0).equals(fromArn)) {
                throw new BadRequest("context key 'aws:ResourceAccount' (" + given.get(0)
                        + ") contradicts the resource ARN's account (" + abbreviate(fromArn) + ")");
            }
            return fromArn;
        }
        if (given != null) {
            return given.get(0);
        }
        if (resource.equals("*")) {
            return null;
        }
        throw new BadRequest("the resource's owner is unknown: its ARN has no account, so give its account as "
                + "context key 'aws:ResourceAccount'");
    }

    static void validate(AuthorizeRequest in) {
        if (in == null) {
            throw new BadRequest("the body must be a JSON object");
        }
        ForwardedRequest r = in.request();
        if (r == null) {
            throw new BadRequest("'request' is required");
        }
        if (blank(r.method()) || !r.method().matches("[A-Z]{1,16}")) {
            throw new BadRequest("'request.method' is required: an HTTP method such as GET");
        }
        if (blank(r.path()) || !r.path().startsWith("/")) {
            throw new BadRequest("'request.path' is required and starts with '/'");
        }
        if (r.headers() == null || r.headers().isEmpty()) {
            throw new BadRequest("'request.headers' is required: a list of [name, value] pairs");
        }
        if (r.headers().size() > MAX_HEADERS) {
            throw new BadRequest("'request.headers' has more than " + MAX_HEADERS + " entries");
        }
        for (List<String> h : r.headers()) {
            if (h == null || h.size() != 2 || blank(h.get(0)) || h.get(1) == null) {
                throw new BadRequest("every entry of 'request.headers' is a [name, value] pair");
            }
            if (h.get(0).length() > MAX_VALUE_CHARS || h.get(1).length() > MAX_VALUE_CHARS) {
                throw new BadRequest("a header of 'request.headers' is longer than " + MAX_VALUE_CHARS + " characters");
            }
        }
        if (r.path().length() > MAX_VALUE_CHARS || (r.query() != null && r.query().length() > MAX_VALUE_CHARS)) {
            throw new BadRequest("'request.path' and 'request.query' are at most " + MAX_VALUE_CHARS
                    + " characters each");
        }
        if (r.body() != null && r.bodySha256() != null) {
            throw new BadRequest("give 'request.body' or 'request.bodySha256', not both");
        }
        if (blank(in.action()) || !ACTION.matcher(in.action()).matches()) {
            throw new BadRequest("'action' is required, as service:Action (e.g. s3:GetObject)");
        }
        if (blank(in.resource())) {
            throw new BadRequest("'resource' is required (an ARN, or '*')");
        }
        if (in.resource().length() > 2048 || in.action().length() > 256) {
            throw new BadRequest("'resource' is at most 2048 characters and 'action' at most 256");
        }
        if (blank(in.service()) || !in.service().matches("[a-z0-9-]{1,64}")) {
            throw new BadRequest("'service' is required: the SigV4 service name the client signed for (e.g. s3)");
        }
    }

    static byte[] decodeBody(String base64) {
        if (base64 == null) {
            return null;
        }
        if (base64.length() > MAX_BODY / 3 * 4 + 4) {
            throw new BadRequest("'request.body' is larger than " + MAX_BODY + " bytes: forward 'bodySha256' instead");
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new BadRequest("'request.body' is not valid base64");
        }
    }

    /** The context keys a resource service may add: its own service's keys and the aws:* keys only it knows. */
    static Map<String, List<String>> extraContext(Map<String, List<String>> context) {
        var out = new LinkedHashMap<String, List<String>>();
        if (context == null) {
            return out;
        }
        if (context.size() > MAX_CONTEXT_KEYS) {
            throw new BadRequest("'context' has more than " + MAX_CONTEXT_KEYS + " keys");
        }
        context.forEach((key, values) -> {
            if (blank(key) || !key.contains(":")) {
                throw new BadRequest("context key '" + abbreviate(String.valueOf(key)) + "' is not prefix:name");
            }
            if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null)) {
                throw new BadRequest("context key '" + abbreviate(key) + "' needs a list of string values");
            }
            if (key.length() > 256 || values.size() > MAX_VALUES_PER_KEY
                    || values.stream().anyMatch(v -> v.length() > MAX_VALUE_CHARS)) {
                throw new BadRequest("context key '" + abbreviate(key) + "' is too long, or has more than "
                        + MAX_VALUES_PER_KEY + " values or a value longer than " + MAX_VALUE_CHARS + " characters");
            }
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith("aws:") && !FORWARDED_AWS_KEYS.contains(lower)
                    && FORWARDED_AWS_PREFIXES.stream().noneMatch(lower::startsWith)) {
                throw new BadRequest("context key '" + abbreviate(key) + "' is derived by open-sts and cannot be set");
            }
            if (containsKey(out, key)) {
                throw new BadRequest("context key '" + abbreviate(key) + "' appears twice (names are case-insensitive)");
            }
            out.put(key, List.copyOf(values));
        });
        return out;
    }

    private static boolean containsKey(Map<String, List<String>> m, String key) {
        return m.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(key));
    }

    private static String single(Map<String, List<String>> m, String key) {
        for (Map.Entry<String, List<String>> e : m.entrySet()) {
            if (e.getKey().equalsIgnoreCase(key)) {
                return e.getValue().get(0);
            }
        }
        return null;
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

    /** How a decision names its first statement, as AccessDenied messages do. */
    static String describe(Decision d) {
        if (d.deciding().isEmpty()) {
            return "the account root's own permissions";
        }
        DecidingStatement s = d.deciding().get(0);
        return s.policyName() + (s.sid() != null ? " (statement " + s.sid() + ")" : " (statement " + s.index() + ")");
    }
}
