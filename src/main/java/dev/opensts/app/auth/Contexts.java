package dev.opensts.app.auth;

import dev.opensts.app.Caller;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserState;
import dev.opensts.policy.PrincipalInfo;
import dev.opensts.policy.RequestContext;
import dev.opensts.text.IsoTime;
import dev.opensts.view.LiveView;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The request context keys AWS documents for a caller: who it is (aws:PrincipalArn, aws:userid,
 * aws:username, aws:PrincipalTag/*), how it came (aws:SourceIp, aws:SecureTransport,
 * aws:UserAgent), when (aws:CurrentTime, aws:EpochTime), and for a session what it carries
 * (aws:TokenIssueTime, aws:SourceIdentity, aws:MultiFactorAuthPresent and -Age).
 */
public final class Contexts {
    private final LiveView view;
    private final Clock clock;

    public Contexts(LiveView view, Clock clock) {
        this.view = view;
        this.clock = clock;
    }

    /**
     * The global condition keys AWS documents for this caller, with the values AWS documents per principal type
     * (ContextsTest holds the table): aws:PrincipalArn (a role session: its role's ARN with the path),
     * aws:PrincipalAccount, aws:PrincipalType (Account, User, AssumedRole), aws:userid (root: the account id;
     * user: AIDA...; role session: AROA...:session), aws:username (IAM users and their GetSessionToken sessions
     * only), aws:PrincipalTag/*, aws:PrincipalIsAWSService and aws:ViaAWSService (false: open-sts is called
     * directly), aws:SecureTransport, aws:SourceIp, aws:UserAgent, aws:RequestedRegion, aws:CurrentTime and
     * aws:EpochTime; for temporary credentials only, aws:TokenIssueTime, aws:MultiFactorAuthPresent (absent for
     * long-term keys, as in AWS), aws:MultiFactorAuthAge (with MFA) and aws:SourceIdentity (when set).
     */
    public RequestContext.Builder forCaller(Caller caller, String action, String resourceArn) {
        Instant now = clock.instant();
        SessionClaims s = caller.session();
        Map<String, String> tags = principalTags(caller);
        var b = base(new PrincipalInfo(caller.arn(), caller.principalArn(), caller.accountId(), caller.type(),
                caller.userId(), caller.userName(), tags), action, resourceArn, now, caller.sourceIp(),
                caller.secureTransport(), caller.userAgent());
        if (caller.requestedRegion() != null) {
            b.put("aws:RequestedRegion", caller.requestedRegion());
        }
        if (s != null) {
            b.put("aws:TokenIssueTime", IsoTime.instant(s.issuedAt()));
            b.put("aws:MultiFactorAuthPresent", String.valueOf(s.mfaPresent()));
            if (s.sourceIdentity() != null) {
                b.put("aws:SourceIdentity", s.sourceIdentity());
            }
            if (s.mfaPresent() && s.mfaAuthTime() != null) {
                b.put("aws:MultiFactorAuthAge", String.valueOf(now.getEpochSecond() - s.mfaAuthTime().getEpochSecond()));
            }
        }
        return b;
    }

    /**
     * The keys of an unsigned request's principal (a web identity: {@link dev.opensts.policy.PrincipalType#FEDERATED},
     * no account), as {@link #forCaller} has them for the ones that apply: the time, how the request came, and
     * aws:PrincipalIsAWSService; the caller adds what the identity itself brings.
     */
    public RequestContext.Builder forFederated(PrincipalInfo principal, String action, String resourceArn,
                                               String sourceIp, boolean secure, String userAgent) {
        return base(principal, action, resourceArn, clock.instant(), sourceIp, secure, userAgent);
    }

    private static RequestContext.Builder base(PrincipalInfo principal, String action, String resourceArn,
                                               Instant now, String sourceIp, boolean secure, String userAgent) {
        var b = RequestContext.builder()
                .action(action)
                .resource(resourceArn)
                .principal(principal)
                .put("aws:CurrentTime", IsoTime.instant(now))
                .put("aws:EpochTime", String.valueOf(now.getEpochSecond()))
                .put("aws:SecureTransport", String.valueOf(secure))
                .put("aws:PrincipalIsAWSService", "false")
                .put("aws:ViaAWSService", "false");
        if (sourceIp != null) {
            b.put("aws:SourceIp", sourceIp);
        }
        if (userAgent != null) {
            b.put("aws:UserAgent", userAgent);
        }
        return b;
    }

    /**
     * What the context knows of the IAM user, role, managed policy or OpenID Connect provider a request addresses:
     * its tags as iam:ResourceTag/* and aws:ResourceTag/*, and its permissions boundary as iam:PermissionsBoundary (what AWS's delegated-admin
     * policies check: "only users that carry this boundary"); nothing for other resources or entities that do
     * not exist.
     */
    public RequestContext.Builder withResource(RequestContext.Builder b, String resourceArn) {
        List<Tag> tags = List.of();
        String boundary = null;
        Arn arn = Arn.parse(resourceArn);
        if (arn != null && arn.isIam()) {
            String account = arn.account();
            String name = arn.name();
            String type = arn.resourceType();
            if (type.equals("role")) {
                RoleState r = view.role(account, name);
                if (r != null && r.arn().equals(resourceArn)) {
                    tags = r.tags();
                    boundary = r.permissionsBoundary();
                }
            } else if (type.equals("user")) {
                UserState u = view.user(account, name);
                if (u != null && u.arn().equals(resourceArn)) {
                    tags = u.tags();
                    boundary = u.permissionsBoundary();
                }
            } else if (type.equals("policy")) {
                var p = view.policy(account, name);
                if (p != null && p.arn().equals(resourceArn)) {
                    tags = p.tags();
                }
            } else if (type.equals("mfa")) {
                var d = view.mfaDevice(account, name);
                if (d != null && d.serialNumber().equals(resourceArn)) {
                    tags = d.tags();
                }
            } else if (type.equals("instance-profile")) {
                var p = view.instanceProfile(account, name);
                if (p != null && p.arn().equals(resourceArn)) {
                    tags = p.tags();
                }
            } else if (type.equals("oidc-provider")) {
                var p = view.oidcProvider(account, arn.oidcProviderUrl());
                if (p != null && p.arn().equals(resourceArn)) {
                    tags = p.tags();
                }
            }
        }
        if (boundary != null) {
            b.put("iam:PermissionsBoundary", boundary);
        }
        for (Tag t : tags) {
            b.put("iam:ResourceTag/" + t.key(), t.value());
            b.put("aws:ResourceTag/" + t.key(), t.value());
        }
        return b;
    }

    /** A session's tags win over the tags of the role or user behind it, as AWS documents. */
    Map<String, String> principalTags(Caller caller) {
        var tags = new LinkedHashMap<String, String>();
        List<Tag> entityTags = switch (caller.type()) {
            case USER -> {
                UserState u = view.user(caller.accountId(), caller.userName());
                yield u == null || !u.userId().equals(caller.userId()) ? List.of() : u.tags();
            }
            case ASSUMED_ROLE -> {
                SessionClaims s = caller.session();
                RoleState r = s == null ? null : view.role(s.accountId(), s.roleName());
                yield r == null || !r.roleId().equals(s.roleId()) ? List.of() : r.tags();
            }
            default -> List.of();
        };
        entityTags.forEach(t -> tags.put(t.key(), t.value()));
        if (caller.session() != null && caller.session().tags() != null) {
            caller.session().tags().forEach((k, v) -> {
                tags.keySet().removeIf(existing -> existing.equalsIgnoreCase(k));
                tags.put(k, v);
            });
        }
        return tags;
    }
}
