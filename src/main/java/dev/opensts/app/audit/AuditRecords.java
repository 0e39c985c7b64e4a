package dev.opensts.app.audit;

import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord.Decision;
import dev.opensts.app.audit.AuditRecord.Kind;
import dev.opensts.app.audit.AuditRecord.Resource;
import dev.opensts.app.audit.AuditRecord.Response;
import dev.opensts.app.audit.AuditRecord.Service;
import dev.opensts.app.audit.AuditRecord.SessionContext;
import dev.opensts.app.audit.AuditRecord.SessionIssuer;
import dev.opensts.app.audit.AuditRecord.TlsDetails;
import dev.opensts.app.audit.AuditRecord.UserIdentity;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.DecidingStatement;
import dev.opensts.policy.Outcome;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

/**
 * The one place audit records are made: from the caller, the request's parameters, and what came out (the
 * result, or the error and the policy decision that refused it). Every kind names its caller the same way
 * (CloudTrail's userIdentity), whichever part of the service saw the request.
 */
public final class AuditRecords {
    /** Longest parameter value a record repeats (a session policy is at most 2,048 characters). */
    public static final int MAX_PARAMETER_CHARS = 2048;
    /** The record's key and recipientAccountId when no account can be named (a stranger's request). */
    public static final String NO_ACCOUNT = "000000000000";

    private static final Set<String> ISSUING = Set.of("AssumeRole", "AssumeRoleWithWebIdentity",
            "AssumeRoleWithSAML", "GetSessionToken", "GetFederationToken");

    private final Clock clock;
    private final Supplier<String> eventIds;

    public AuditRecords(Clock clock) {
        this(clock, AuditRecords::randomId);
    }

    /** @param eventIds a new random UUID per call: the records' eventID */
    public AuditRecords(Clock clock, Supplier<String> eventIds) {
        this.clock = clock;
        this.eventIds = eventIds;
    }

    private static String randomId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return new UUID((r.nextLong() & ~0xF000L) | 0x4000L,
                (r.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L).toString();
    }

    /**
     * Whether an action only reads: Get*, List*, Describe*, Lookup*, Authorize (the decision endpoint),
     * DecodeAuthorizationMessage, and
     * not the Get* that issue credentials (GetSessionToken, GetFederationToken).
     */
    public static boolean readOnly(String action) {
        return !ISSUING.contains(action) && (action.startsWith("Get") || action.startsWith("List")
                || action.startsWith("Describe") || action.startsWith("Lookup") || action.equals("Authorize")
                || action.equals("DecodeAuthorizationMessage"));
    }

    /**
     * A granted issuance.
     *
     * @param parameters       the request's parameters, by {@link #parameters} or a request's own rendering
     * @param issued           the session issued (only its access key id and expiry are recorded)
     * @param packedPolicySize AWS's packed policy size in percent; null when the request had no policy or tag
     * @param decision         the policy decision that allowed it; null when no policy was evaluated
     */
    public AuditRecord granted(Kind kind, String requestId, Caller caller, Map<String, Object> parameters,
                               SessionClaims issued, Integer packedPolicySize,
                               dev.opensts.policy.Decision decision) {
        var response = new Response(issued.accessKeyId(), issued.expiresAt(),
                issued.roleArn() != null ? issued.principalId() : null,
                issued.roleArn() != null ? issued.principalArn() : null, packedPolicySize, issued.sourceIdentity());
        return issuance(kind, requestId, issued.accountId(), identity(caller), caller.sourceIp(), caller.userAgent(),
                caller.requestedRegion(), tls(caller.tls()), parameters, response.elements(), null, Decision.Allow,
                decision);
    }

    /**
     * A granted GetFederationToken: as {@link #granted}, with CloudTrail's federatedUser (its id and ARN) in place of
     * an assumed-role user.
     */
    public AuditRecord grantedFederatedUser(String requestId, Caller caller, Map<String, Object> parameters,
                                            SessionClaims issued, Integer packedPolicySize) {
        Map<String, Object> elements = new Response(issued.accessKeyId(), issued.expiresAt(), null, null,
                packedPolicySize, null).elements();
        var user = new LinkedHashMap<String, Object>();
        user.put("federatedUserId", issued.principalId());
        user.put("arn", issued.principalArn());
        elements.put("federatedUser", user);
        return issuance(Kind.GetFederationToken, requestId, issued.accountId(), identity(caller), caller.sourceIp(),
                caller.userAgent(), caller.requestedRegion(), tls(caller.tls()), parameters, elements, null,
                Decision.Allow, null);
    }

    /**
     * A denied issuance.
     *
     * @param accountId the account the credentials would have belonged to (the role's); null: the caller's
     * @param decision  the policy decision that refused it (or that allowed it before a later rule refused);
     *                  null when it was refused before any policy was evaluated
     */
    public AuditRecord denied(Kind kind, String requestId, Caller caller, Map<String, Object> parameters,
                              String accountId, AwsException error, dev.opensts.policy.Decision decision) {
        return issuance(kind, requestId, accountId != null ? accountId : caller.accountId(), identity(caller),
                caller.sourceIp(), caller.userAgent(), caller.requestedRegion(), tls(caller.tls()), parameters, null,
                error,
                refusal(decision), decision);
    }

    /**
     * A web identity whose token verified: CloudTrail's WebIdentityUser, named by its provider's URL, the audience and
     * its {@code sub}. Before the token verified nothing of it is known: {@link #unverifiedWebIdentity()}.
     */
    public static UserIdentity webIdentity(String providerUrl, String audience, String subject) {
        return new UserIdentity("WebIdentityUser", providerUrl + ":" + audience + ":" + subject, null, null, null,
                subject, null, providerUrl);
    }

    /** A web identity whose token did not verify: only its type; nothing read from the token is recorded. */
    public static UserIdentity unverifiedWebIdentity() {
        return UserIdentity.ofType("WebIdentityUser");
    }

    /** An issuance to an unsigned caller (a web identity): granted. */
    public AuditRecord granted(Kind kind, String requestId, UserIdentity identity, String sourceIp, String userAgent,
                               dev.opensts.app.Tls tls, Map<String, Object> parameters, SessionClaims issued, Integer packedPolicySize,
                               AuditRecord.WebIdentity webIdentity, dev.opensts.policy.Decision decision) {
        var response = new Response(issued.accessKeyId(), issued.expiresAt(), issued.principalId(),
                issued.principalArn(), packedPolicySize, issued.sourceIdentity(), webIdentity);
        return issuance(kind, requestId, issued.accountId(), identity, sourceIp, userAgent, null, tls(tls), parameters,
                response.elements(), null, Decision.Allow, decision);
    }

    /** An issuance to an unsigned caller (a web identity): denied, keyed by the account named by the role ARN. */
    public AuditRecord denied(Kind kind, String requestId, UserIdentity identity, String sourceIp, String userAgent,
                              dev.opensts.app.Tls tls, Map<String, Object> parameters, String accountId, AwsException error,
                              dev.opensts.policy.Decision decision) {
        return issuance(kind, requestId, accountId != null ? accountId : NO_ACCOUNT, identity, sourceIp, userAgent,
                null, tls(tls), parameters, null, error, refusal(decision), decision);
    }

    private AuditRecord issuance(Kind kind, String requestId, String account, UserIdentity identity, String sourceIp,
                                 String userAgent, String region, TlsDetails tls, Map<String, Object> parameters,
                                 Map<String, Object> response, AwsException error, Decision outcome,
                                 dev.opensts.policy.Decision decision) {
        return new AuditRecord(eventIds.get(), Service.sts, kind.name(), false, "AwsApiCall", clock.instant(),
                requestId, account, region, identity, sourceIp, userAgent, parameters, response,
                error == null ? null : error.code().name(), error == null ? null : error.getMessage(),
                resources(Service.sts, parameters, account, region), tls, outcome, deciding(decision), Map.of());
    }

    /**
     * A revoked session presented again: refused like an invalid one, recorded so that auditors see who still
     * holds it. No caller exists for it; its identity is the session's, as it would have been.
     */
    public AuditRecord revokedSessionPresented(String requestId, SessionClaims s, String sourceIp,
                                               String userAgent) {
        var params = new LinkedHashMap<String, Object>();
        params.put("issuedAt", s.issuedAt().toString());
        params.put("expiresAt", s.expiresAt().toString());
        putIf(params, "roleArn", s.roleArn());
        putIf(params, "sourceIdentity", s.sourceIdentity());
        var identity = new UserIdentity(type(s), s.principalId(), s.principalArn(), s.accountId(), s.accessKeyId(),
                s.kind() == dev.opensts.credentials.SessionKind.FEDERATED_USER ? null : s.userName(), sessionContext(s));
        return new AuditRecord(eventIds.get(), Service.sts, Kind.RevokedSessionPresented.name(), true,
                "AwsServiceEvent", clock.instant(), requestId, s.accountId(), null, identity, sourceIp, userAgent,
                params, null, "InvalidClientTokenId", "The security token included in the request is invalid.",
                resources(Service.sts, params, s.accountId(), null), null, Decision.Deny, List.of(), Map.of());
    }

    /**
     * A request that ran to its end: granted.
     *
     * @param response   what identifies the result of a write (never a secret); ignored for a read-only action
     * @param additional open-sts's additions (revocationId, the decision endpoint's verdict, ...)
     * @param decision   the policy decision, when the action made one; null otherwise
     */
    public AuditRecord completed(Call call, Map<String, Object> response, Map<String, Object> additional,
                                 dev.opensts.policy.Decision decision) {
        boolean readOnly = call.readOnly();
        return new AuditRecord(eventIds.get(), call.service(), call.action(), readOnly, "AwsApiCall",
                clock.instant(), call.requestId(), recipient(call), call.region(), call.identity(), call.sourceIp(),
                call.userAgent(), call.parameters(), readOnly ? null : response, null, null,
                resources(call.service(), call.parameters(), recipient(call), call.region()), call.tls(),
                decision == null ? null : outcome(decision), deciding(decision),
                additional == null ? Map.of() : additional);
    }

    /**
     * A request refused or failed: AWS's error code and message (an unexpected failure is ServiceFailure, without
     * its message). An AccessDenied carries its policy decision when the authorizer made one.
     */
    public AuditRecord failed(Call call, Throwable failure) {
        String code;
        String message;
        dev.opensts.policy.Decision decision = null;
        if (failure instanceof AwsException e) {
            code = e.code().name();
            message = e.getMessage();
            if (failure instanceof Refusal r) {
                decision = r.decision();
            }
        } else if (failure instanceof dev.opensts.sigv4.SigV4Exception e) {
            // a signature the service could not accept: the caller got this code (WireError), so does the record
            code = e.code();
            message = e.getMessage();
        } else {
            code = ErrorCode.ServiceFailure.name();
            message = "An internal error occurred.";
        }
        Decision outcome = code.equals("AccessDenied") ? refusal(decision) : null;
        return new AuditRecord(eventIds.get(), call.service(), call.action(), call.readOnly(), "AwsApiCall",
                clock.instant(), call.requestId(), recipient(call), call.region(), call.identity(), call.sourceIp(),
                call.userAgent(), call.parameters(), null, code, message,
                resources(call.service(), call.parameters(), recipient(call), call.region()), call.tls(), outcome,
                deciding(decision), Map.of());
    }

    /** An AwsException that carries the policy decision that refused the request. */
    public interface Refusal {
        dev.opensts.policy.Decision decision();
    }

    private static String recipient(Call call) {
        return call.recipientAccountId() != null ? call.recipientAccountId() : NO_ACCOUNT;
    }

    private static Decision refusal(dev.opensts.policy.Decision decision) {
        return decision != null && decision.outcome() == Outcome.EXPLICIT_DENY ? Decision.ExplicitDeny : Decision.Deny;
    }

    private static Decision outcome(dev.opensts.policy.Decision decision) {
        return decision.allowed() ? Decision.Allow : refusal(decision);
    }

    private static List<DecidingStatement> deciding(dev.opensts.policy.Decision decision) {
        return decision == null ? List.of() : decision.deciding();
    }

    /**
     * The resources a request names, from its parameters: a role (roleName, roleArn), a user (userName), a managed
     * policy (policyArn), the principal a simulation reads (policySourceArn), an OpenID Connect provider
     * (openIDConnectProviderArn), an
     * instance profile (instanceProfileName), an EKS cluster (clusterName).
     * IAM names are given without their path, which the request does not carry.
     */
    static List<Resource> resources(Service service, Map<String, Object> p, String account, String region) {
        if (p == null || p.isEmpty()) {
            return List.of();
        }
        var out = new ArrayList<Resource>(2);
        if (service == Service.eks) {
            if (p.get("clusterName") instanceof String c && region != null) {
                out.add(new Resource("arn:aws:eks:" + region + ":" + account + ":cluster/" + c, account,
                        "AWS::EKS::Cluster"));
            }
            return out;
        }
        if (p.get("roleArn") instanceof String arn) {
            out.add(resource(arn, "AWS::IAM::Role"));
        } else if (p.get("roleName") instanceof String name && service == Service.iam) {
            out.add(new Resource("arn:aws:iam::" + account + ":role/" + name, account, "AWS::IAM::Role"));
        }
        if (p.get("userName") instanceof String name && service == Service.iam) {
            out.add(new Resource("arn:aws:iam::" + account + ":user/" + name, account, "AWS::IAM::User"));
        }
        if (p.get("groupName") instanceof String name && service == Service.iam) {
            out.add(new Resource("arn:aws:iam::" + account + ":group/" + name, account, "AWS::IAM::Group"));
        }
        if (p.get("policyArn") instanceof String arn) {
            out.add(resource(arn, "AWS::IAM::ManagedPolicy"));
        }
        if (p.get("openIDConnectProviderArn") instanceof String arn) {
            out.add(resource(arn, "AWS::IAM::OIDCProvider"));
        }
        if (p.get("policySourceArn") instanceof String arn && service == Service.iam) { // the policy simulator
            Arn parsed = Arn.parse(arn);
            String type = parsed == null ? "" : parsed.resourceType();
            switch (type) {
                case "user" -> out.add(resource(arn, "AWS::IAM::User"));
                case "role" -> out.add(resource(arn, "AWS::IAM::Role"));
                case "group" -> out.add(resource(arn, "AWS::IAM::Group"));
                default -> {
                }
            }
        }
        if (p.get("instanceProfileName") instanceof String name && service == Service.iam) {
            out.add(new Resource("arn:aws:iam::" + account + ":instance-profile/" + name, account,
                    "AWS::IAM::InstanceProfile"));
        }
        if (p.get("serialNumber") instanceof String serial && service == Service.iam) {
            out.add(resource(serial, "AWS::IAM::VirtualMFADevice"));
        }
        if (p.get("virtualMFADeviceName") instanceof String name && service == Service.iam) {
            String path = p.get("path") instanceof String given ? given : "/";
            out.add(resource("arn:aws:iam::" + account + ":mfa" + path + name, "AWS::IAM::VirtualMFADevice"));
        }
        return out;
    }

    private static Resource resource(String arn, String type) {
        Arn parsed = Arn.parse(arn);
        return new Resource(arn, parsed != null && Arn.isAccountId(parsed.account()) ? parsed.account() : null, type);
    }

    /**
     * The parameters of a request the model refused (so that no typed request exists): as sent, in lower camel
     * case, each value at most {@value #MAX_PARAMETER_CHARS} characters; the protocol's own (Action, Version,
     * X-Amz-*), the MFA TokenCode (a one-time secret) and a WebIdentityToken (a bearer credential) left out.
     */
    public static Map<String, Object> parameters(Map<String, List<String>> sent) {
        return parameters(sent, name -> !name.equals("TokenCode") && !name.equals("WebIdentityToken"));
    }

    /**
     * The same, keeping only the parameters {@code auditable} accepts (by their name as sent: the model's judgement
     * of what may be repeated).
     */
    public static Map<String, Object> parameters(Map<String, List<String>> sent,
                                                 java.util.function.Predicate<String> auditable) {
        var out = new LinkedHashMap<String, Object>();
        sent.forEach((name, values) -> {
            if (!name.isEmpty() && !name.equals("Action") && !name.equals("Version") && !name.startsWith("X-Amz-")
                    && auditable.test(name) && !values.isEmpty()) {
                String key = Character.toLowerCase(name.charAt(0)) + name.substring(1);
                String value = values.get(0);
                out.put(key, value.length() > MAX_PARAMETER_CHARS ? value.substring(0, MAX_PARAMETER_CHARS) : value);
            }
        });
        return out;
    }

    /** CloudTrail's userIdentity of a caller. */
    public static UserIdentity identity(Caller caller) {
        String type = switch (caller.type()) {
            case ROOT -> "Root";
            case USER -> "IAMUser";
            case ASSUMED_ROLE -> "AssumedRole";
            case FEDERATED -> "FederatedUser";
            case SERVICE -> "AWSService";
            case ANONYMOUS -> "Unknown";
        };
        SessionClaims s = caller.session();
        return new UserIdentity(type, caller.userId(), caller.arn(), caller.accountId(), caller.accessKeyId(),
                caller.userName(), s == null ? null : sessionContext(s));
    }

    /** Someone whose request was refused before it was authenticated: only the access key id it named, if any. */
    public static UserIdentity unknown(String accessKeyId) {
        return new UserIdentity("Unknown", null, null, null, accessKeyId, null, null, null);
    }

    private static String type(SessionClaims s) {
        return switch (s.kind()) {
            case ASSUMED_ROLE -> "AssumedRole";
            case USER_SESSION -> "IAMUser";
            case ROOT_SESSION -> "Root";
            case FEDERATED_USER -> "FederatedUser";
        };
    }

    private static SessionContext sessionContext(SessionClaims s) {
        SessionIssuer issuer = s.roleArn() != null
                ? new SessionIssuer(s.roleId(), s.roleArn(), s.accountId(), s.roleName())
                : s.kind() == dev.opensts.credentials.SessionKind.FEDERATED_USER // the IAM user (or root) behind it
                ? new SessionIssuer(s.issuerId(), s.originPrincipalArn(), s.accountId(), s.userName()) : null;
        return new SessionContext(issuer, s.issuedAt(), s.mfaPresent(), s.sourceIdentity());
    }

    public static void putIfPresent(Map<String, Object> m, String key, Object value) {
        putIf(m, key, value);
    }

    static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /** For the record of a TLS connection. */
    public static TlsDetails tls(String version, String cipher, String host) {
        return new TlsDetails(version, cipher, host);
    }

    /** CloudTrail's tlsDetails of a connection; null for none (plain HTTP). */
    public static TlsDetails tls(dev.opensts.app.Tls connection) {
        return connection == null ? null : tls(connection.version(), connection.cipherSuite(), connection.host());
    }
}
