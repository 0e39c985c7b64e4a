package dev.opensts.app.sts;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.AccessDenied;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.credentials.SessionTooLargeException;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * GetFederationToken, decided: a federated user's session ({@code arn:aws:sts::ACCT:federated-user/NAME}) for an IAM
 * user or an account's root, called with long-term keys only. The caller needs {@code sts:GetFederationToken} on the
 * federated user's ARN (and {@code sts:TagSession} to pass tags); the session's permissions are the caller's identity
 * policies within the session policies passed here, and nothing at all without one (PolicySources), as AWS documents.
 * The session is bound to its issuer's unique id, so that deleting or re-creating the user ends it
 * (SessionPrincipals). Durations: 900 s to 36 h, 12 h by default; a root's sessions last at most an hour (longer
 * requests are cut to one, as AWS does).
 */
public final class GetFederationToken {
    static final int DEFAULT_DURATION = 43200;
    static final int ROOT_MAX_DURATION = 3600;
    static final int MIN_DURATION = 900;
    static final int MAX_DURATION = 129600;
    static final int MAX_POLICY_ARNS = 10;
    private static final Pattern NAME = Pattern.compile("[\\w+=,.@-]{2,32}");

    private final Authorizer authorizer;
    private final PolicySources policies;
    private final CredentialIds ids;
    private final SessionTokenCodec tokens;
    private final Clock clock;

    public GetFederationToken(Authorizer authorizer, PolicySources policies, CredentialIds ids,
                              SessionTokenCodec tokens, Clock clock) {
        this.authorizer = authorizer;
        this.policies = policies;
        this.ids = ids;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Issuance decide(Caller caller, FederationTokenRequest req) {
        try {
            return new Issuance.Issued(issue(caller, req), null);
        } catch (AccessDenied e) {
            return new Issuance.Denied(e, e.decision());
        } catch (AwsException e) {
            return new Issuance.Denied(e, null);
        } catch (SessionTooLargeException e) {
            return new Issuance.Denied(AssumeRole.tooLarge(e), null);
        }
    }

    /** The federated user's ARN for a name in an account. */
    public static String federatedUserArn(String account, String name) {
        return Arn.sts(account, "federated-user", name).toString();
    }

    private IssuedCredentials issue(Caller caller, FederationTokenRequest req) {
        if (caller.hasTemporaryCredentials()) {
            // role sessions, GetSessionToken sessions and federated users alike: long-term keys only
            throw new AwsException(ErrorCode.AccessDenied, "Cannot call GetFederationToken with session credentials");
        }
        checkName(req.name());
        AssumeRole.checkRange("durationSeconds", req.durationSeconds(), MIN_DURATION, MAX_DURATION);
        AssumeRole.compileSessionPolicy(req.policy());
        if (req.policyArns().size() > MAX_POLICY_ARNS) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value at 'policyArns' "
                    + "failed to satisfy constraint: Member must have length less than or equal to " + MAX_POLICY_ARNS);
        }
        AssumeRole.SessionTags tags = AssumeRole.SessionTags.of(null, req.tags(), List.of());
        String account = caller.accountId();
        String arn = federatedUserArn(account, req.name());
        authorizer.require(caller, "sts:GetFederationToken", arn, requestTags(tags.tags()));
        if (!tags.tags().isEmpty()) {
            authorizer.require(caller, "sts:TagSession", arn, requestTags(tags.tags()));
        }
        Integer packed = AssumeRole.packedSize(req.policy(), req.policyArns(), tags.tags());
        // only the caller's own account's managed policies; another's answers as one that does not exist
        AssumeRole.checkPolicyArns(policies, account, req.policyArns());
        int duration = req.durationSeconds() == null ? DEFAULT_DURATION : req.durationSeconds();
        if (caller.isRoot()) {
            duration = Math.min(duration, ROOT_MAX_DURATION);
        }
        Instant issued = clock.instant();
        var claims = SessionClaims.builder()
                .kind(SessionKind.FEDERATED_USER)
                .accountId(account)
                .accessKeyId(ids.accessKeyId("ASIA", account))
                .secretAccessKey(ids.secret())
                .principalArn(arn)
                .principalId(account + ":" + req.name())
                .sessionName(req.name())
                .userName(caller.isRoot() ? null : caller.userName())
                .issuerId(caller.userId())
                .issuedAt(issued)
                .expiresAt(issued.truncatedTo(ChronoUnit.SECONDS).plus(Duration.ofSeconds(duration)))
                .sessionPolicy(req.policy())
                .sessionPolicyArns(req.policyArns())
                .tags(tags.tags())
                .originAccessKeyId(caller.accessKeyId())
                .originPrincipalArn(caller.arn())
                .parentAccessKeyId(caller.accessKeyId())
                .build();
        return new IssuedCredentials(claims, tokens.encode(claims), packed);
    }

    /** The model's constraints on the name, checked here too (see AssumeRole.checkSessionName). */
    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new AwsException(ErrorCode.ValidationError, "1 validation error detected: Value '" + name
                    + "' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: "
                    + "[\\w+=,.@-]* and have length between 2 and 32");
        }
    }

    private static Map<String, List<String>> requestTags(Map<String, String> tags) {
        if (tags.isEmpty()) {
            return Map.of();
        }
        var keys = new LinkedHashMap<String, List<String>>();
        tags.forEach((k, v) -> keys.put("aws:RequestTag/" + k, List.of(v)));
        keys.put("aws:TagKeys", List.copyOf(tags.keySet()));
        return keys;
    }
}
