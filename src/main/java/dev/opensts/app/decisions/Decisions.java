package dev.opensts.app.decisions;

import dev.opensts.app.history.History;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.StreamIds;
import io.smallrye.mutiny.Uni;
import java.time.Clock;
import java.time.Instant;
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
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.Outcome;
import dev.opensts.policy.RequestContext;
import dev.opensts.sigv4.ExpectedScope;
import dev.opensts.sigv4.ForwardedPayloadHash;
import dev.opensts.sigv4.HttpRequestView;
import dev.opensts.sigv4.ParsedSignature;
import dev.opensts.sigv4.SigV4Exception;
import dev.opensts.sigv4.SigV4Parser;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The decision for a request that a resource service forwards: the same authentication as the Query endpoint
 * (the {@link Authenticator}, so every check it makes -- key status, token integrity, expiry, revocation --
 * applies here too), then the caller's identity policies ∩ session policies ∩ permissions boundary, explicit
 * deny first. Resource-based policies are the resource service's own business.
 */
public final class Decisions {
    /** A request to the decision endpoint that is not well formed: the resource service's mistake, a 400. */
    public static final class InvalidRequest extends RuntimeException {
        public InvalidRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * What a resource service asks: its client's request (as received: the path and query still encoded, the
     * body or its SHA-256), the SigV4 service and region it serves, the action and resource the request maps to,
     * and the condition keys only it knows.
     */
    public record Request(HttpRequestView request, byte[] body, String bodySha256, String service, String region,
                          String action, String resource, Map<String, List<String>> context, String requestId) {
    }

    /** The outcome: a decision about an authenticated caller, or why the caller could not be authenticated. */
    public sealed interface Result {
        record Decided(Caller caller, Decision decision, String reason) implements Result {
        }

        record NotAuthenticated(String code, String message, int httpStatus) implements Result {
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
    static final int MAX_VALUE_CHARS = 16 * 1024;
    static final int MAX_CONTEXT_KEYS = 100;
    static final int MAX_VALUES_PER_KEY = 100;

    private final Authenticator authenticator;
    private final PolicySources policies;
    private final Contexts contexts;
    private final History history;
    private final Clock clock;

    /** @param history where the policies as of an earlier instant come from ({@link #decide(Request, Instant)}) */
    public Decisions(Authenticator authenticator, PolicySources policies, Contexts contexts, History history,
                     Clock clock) {
        this.authenticator = authenticator;
        this.policies = policies;
        this.contexts = contexts;
        this.history = history;
        this.clock = clock;
    }

    /** @throws InvalidRequest when the request to the endpoint is malformed */
    public Result decide(Request in) {
        Prepared p = prepare(in);
        return p.failed() != null ? p.failed() : evaluate(in, p, policies.of(p.caller()), "");
    }

    /**
     * "What could this principal do, as of then": the same authentication (the credentials must be valid now),
     * evaluated with the user's or role's policies as they were at {@code asOf}, folded from the entity's history
     * (its inline and attached policies, a user's groups' policies, the attached policies' documents and the
     * boundary, all as of then); the
     * session's own policies are in its token and do not change. A null asOf is {@link #decide(Request)}.
     *
     * @throws InvalidRequest when the request is malformed or asOf is in the future
     */
    public Uni<Result> decide(Request in, Instant asOf) {
        if (asOf == null) {
            return Uni.createFrom().item(() -> decide(in));
        }
        return Uni.createFrom().deferred(() -> {
            if (asOf.isAfter(clock.instant())) {
                throw new InvalidRequest("asOf " + asOf + " is in the future");
            }
            Prepared p = prepare(in);
            if (p.failed() != null) {
                return Uni.createFrom().item(p.failed());
            }
            String stream = streamOf(p.caller());
            Uni<AggregateState> then = stream == null ? Uni.createFrom().nullItem() : history.stateOf(stream, asOf);
            return then.chain(state -> (state == null ? Uni.createFrom().item(History.PoliciesThen.NONE)
                    : history.policiesThen(state, asOf))
                    .map(parts -> evaluate(in, p, policies.asOf(p.caller(), state, parts.groups(), parts.managed()),
                            " (policies as of " + asOf + ")")));
        });
    }

    /** The stream of the user or role whose policies a caller has; null for an account's root. */
    private static String streamOf(Caller caller) {
        return switch (caller.type()) {
            case USER -> StreamIds.user(caller.accountId(), caller.userName());
            case ASSUMED_ROLE -> caller.session() == null ? null
                    : StreamIds.role(caller.session().accountId(), caller.session().roleName());
            case FEDERATED -> caller.session() == null || caller.session().userName() == null ? null
                    : StreamIds.user(caller.session().accountId(), caller.session().userName());
            default -> null;
        };
    }

    /** An authenticated caller with the request's context, or why it could not be authenticated. */
    private record Prepared(Caller caller, RequestContext context, Result failed) {
    }

    private Result evaluate(Request in, Prepared prepared, PrincipalPolicies p, String asOfNote) {
        Caller caller = prepared.caller();
        RequestContext context = prepared.context();
        Decision d = Evaluator.evaluate(context, p.identity(), p.session(), p.boundary());
        String reason = d.allowed() ? "allowed by " + describe(d) : denial(caller, in, context, p, d);
        return new Result.Decided(caller, d, reason + asOfNote);
    }

    private Prepared prepare(Request in) {
        HttpRequestView view = in.request();
        Map<String, List<String>> extra = extraContext(in.context());
        String resourceAccount = resourceAccount(in.resource(), extra);
        ExpectedScope scope = new ExpectedScope(in.service(),
                blank(in.region()) ? Set.of() : Set.of(in.region()));
        Caller caller;
        try {
            ParsedSignature parsed = SigV4Parser.parse(view);
            String payloadHash;
            try {
                payloadHash = ForwardedPayloadHash.of(view, in.body(), in.bodySha256(),
                        parsed.presigned() && isS3Style(in.service()));
            } catch (IllegalArgumentException e) {
                throw new InvalidRequest(e.getMessage());
            }
            caller = authenticator.authenticate(view, parsed, new RequestInfo(in.requestId(),
                    single(extra, "aws:SourceIp"), "true".equalsIgnoreCase(single(extra, "aws:SecureTransport")),
                    view.header("User-Agent"), scope, !isS3Style(in.service()), payloadHash));
        } catch (SigV4Exception e) {
            return new Prepared(null, null, new Result.NotAuthenticated(e.code(), e.getMessage(), e.httpStatus()));
        } catch (AwsException e) {
            if (e.code().httpStatus() >= 500) {
                throw e;
            }
            return new Prepared(null, null, new Result.NotAuthenticated(e.code().name(), e.getMessage(),
                    e.code().httpStatus()));
        }
        RequestContext.Builder ctx = contexts.forCaller(caller, in.action(), in.resource());
        if (!containsKey(extra, "aws:SecureTransport")) {
            ctx.put("aws:SecureTransport"); // only the resource service knows how its client came
        }
        if (resourceAccount != null) {
            ctx.put("aws:ResourceAccount", resourceAccount);
        }
        extra.forEach((k, v) -> ctx.put(k, v.toArray(String[]::new)));
        return new Prepared(caller, ctx.build(), null);
    }

    private static String denial(Caller caller, Request in, RequestContext context, PrincipalPolicies p,
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
     * @throws InvalidRequest when the owner is unknown, malformed, or contradicts the ARN
     */
    static String resourceAccount(String resource, Map<String, List<String>> extra) {
        List<String> given = null;
        for (Map.Entry<String, List<String>> e : extra.entrySet()) {
            if (e.getKey().equalsIgnoreCase("aws:ResourceAccount")) {
                given = e.getValue();
            }
        }
        if (given != null && (given.size() != 1 || !given.get(0).matches("\\d{12}"))) {
            throw new InvalidRequest("context key 'aws:ResourceAccount' takes one 12-digit account id");
        }
        Arn parsed = Arn.parse(resource);
        String fromArn = parsed == null ? null : parsed.account();
        if (fromArn != null && !fromArn.isEmpty()) {
            if (given != null && !given.get(0).equals(fromArn)) {
                throw new InvalidRequest("context key 'aws:ResourceAccount' (" + given.get(0)
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
        throw new InvalidRequest("the resource's owner is unknown: its ARN has no account, so give its account as "
                + "context key 'aws:ResourceAccount'");
    }

    /** The context keys a resource service may add: its own service's keys and the aws:* keys only it knows. */
    static Map<String, List<String>> extraContext(Map<String, List<String>> context) {
        var out = new LinkedHashMap<String, List<String>>();
        if (context == null) {
            return out;
        }
        if (context.size() > MAX_CONTEXT_KEYS) {
            throw new InvalidRequest("'context' has more than " + MAX_CONTEXT_KEYS + " keys");
        }
        context.forEach((key, values) -> {
            if (blank(key) || !key.contains(":")) {
                throw new InvalidRequest("context key '" + abbreviate(String.valueOf(key)) + "' is not prefix:name");
            }
            if (values == null || values.isEmpty() || values.stream().anyMatch(v -> v == null)) {
                throw new InvalidRequest("context key '" + abbreviate(key) + "' needs a list of string values");
            }
            if (key.length() > 256 || values.size() > MAX_VALUES_PER_KEY
                    || values.stream().anyMatch(v -> v.length() > MAX_VALUE_CHARS)) {
                throw new InvalidRequest("context key '" + abbreviate(key) + "' is too long, or has more than "
                        + MAX_VALUES_PER_KEY + " values or a value longer than " + MAX_VALUE_CHARS + " characters");
            }
            String lower = key.toLowerCase(Locale.ROOT);
            if (lower.startsWith("aws:") && !FORWARDED_AWS_KEYS.contains(lower)
                    && FORWARDED_AWS_PREFIXES.stream().noneMatch(lower::startsWith)) {
                throw new InvalidRequest("context key '" + abbreviate(key) + "' is derived by open-sts and cannot be set");
            }
            if (containsKey(out, key)) {
                throw new InvalidRequest("context key '" + abbreviate(key) + "' appears twice (names are case-insensitive)");
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
