package dev.opensts.app.sts;

import dev.opensts.app.Caller;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecord.Kind;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.Map;

/**
 * The STS use cases: the issuing actions (decided by {@link AssumeRole} and {@link GetSessionToken}, recorded
 * on the audit trail, answered by the {@link Issuer} once the record is durable) and the ones that only tell
 * callers about themselves and their keys.
 */
public final class Sts {
    /** GetCallerIdentity's answer. */
    public record CallerIdentity(String userId, String account, String arn) {
    }

    private final AssumeRole assumeRole;
    private final AssumeRoleWithWebIdentity webIdentity;
    private final GetSessionToken getSessionToken;
    private final Issuer issuer;
    private final AuditRecords records;
    private final String defaultAccount;
    private final String defaultRootKeyId;
    /** Checks and spends MFA codes; null where no device can be (then every SerialNumber/TokenCode fails). */
    private final dev.opensts.app.iam.MfaDevices mfaDevices;

    /**
     * @param defaultAccount   the account whose root key comes from configuration
     * @param defaultRootKeyId that key's id (never matches a key open-sts mints), or null when none is set
     */
    public Sts(AssumeRole assumeRole, AssumeRoleWithWebIdentity webIdentity, GetSessionToken getSessionToken,
               Issuer issuer, AuditRecords records, String defaultAccount, String defaultRootKeyId) {
        this(assumeRole, webIdentity, getSessionToken, issuer, records, defaultAccount, defaultRootKeyId, null);
    }

    /** @param mfaDevices checks the SerialNumber and TokenCode of GetSessionToken and AssumeRole */
    public Sts(AssumeRole assumeRole, AssumeRoleWithWebIdentity webIdentity, GetSessionToken getSessionToken,
               Issuer issuer, AuditRecords records, String defaultAccount, String defaultRootKeyId,
               dev.opensts.app.iam.MfaDevices mfaDevices) {
        this.mfaDevices = mfaDevices;
        this.assumeRole = assumeRole;
        this.webIdentity = webIdentity;
        this.getSessionToken = getSessionToken;
        this.issuer = issuer;
        this.records = records;
        this.defaultAccount = defaultAccount;
        this.defaultRootKeyId = defaultRootKeyId;
    }

    public Uni<IssuedCredentials> assumeRole(Caller caller, AssumeRoleRequest req, String requestId) {
        return mfa(caller, req.serialNumber(), req.tokenCode(), requestId).chain(mfa -> {
            Issuance outcome = assumeRole.decide(caller, req, mfa);
            var record = switch (outcome) {
                case Issuance.Issued i -> records.granted(Kind.AssumeRole, requestId, caller, req.auditParameters(),
                        i.credentials().claims(), i.credentials().packedPolicySize(), i.decision());
                case Issuance.Denied d -> records.denied(Kind.AssumeRole, requestId, caller, req.auditParameters(),
                        roleAccount(req.roleArn()), d.error(), d.decision());
            };
            return issuer.complete(record, outcome);
        });
    }

    /**
     * AssumeRoleWithWebIdentity: the one unsigned action. Its record names the web identity once the token verified
     * (CloudTrail's WebIdentityUser: provider, audience, subject), and nothing read from the token before.
     */
    public Uni<WebIdentityIssued> assumeRoleWithWebIdentity(Origin origin, WebIdentityRequest req, String requestId) {
        return Uni.createFrom().deferred(() -> webIdentity.decide(origin, req)).chain(decided -> {
            var identity = decided.token() == null ? AuditRecords.unverifiedWebIdentity()
                    : AuditRecords.webIdentity(decided.provider().url(), decided.token().audience(),
                    decided.token().subject());
            var record = switch (decided.outcome()) {
                case Issuance.Issued i -> records.granted(Kind.AssumeRoleWithWebIdentity, requestId, identity,
                        origin.sourceIp(), origin.userAgent(), origin.tls(), req.auditParameters(),
                        i.credentials().claims(), i.credentials().packedPolicySize(), new AuditRecord.WebIdentity(decided.token().subject(),
                                decided.token().issuer(), decided.token().audience()), i.decision());
                case Issuance.Denied d -> records.denied(Kind.AssumeRoleWithWebIdentity, requestId, identity,
                        origin.sourceIp(), origin.userAgent(), origin.tls(), req.auditParameters(),
                        roleAccount(req.roleArn()), d.error(), d.decision());
            };
            return issuer.complete(record, decided.outcome()).map(issued -> new WebIdentityIssued(issued,
                    decided.token(), decided.provider().arn(), decided.token().issuer()));
        });
    }

    public Uni<IssuedCredentials> getSessionToken(Caller caller, SessionTokenRequest req, String requestId) {
        // session credentials cannot call GetSessionToken at all: their code is not even checked (nor spent)
        Uni<Mfa> checked = caller.hasTemporaryCredentials() ? Uni.createFrom().item(Mfa.NONE)
                : mfa(caller, req.serialNumber(), req.tokenCode(), requestId);
        return checked.chain(mfa -> {
            Issuance outcome = getSessionToken.decide(caller, req.durationSeconds(), req.serialNumber(),
                    req.tokenCode(), mfa);
            var record = switch (outcome) {
                case Issuance.Issued i -> records.granted(Kind.GetSessionToken, requestId, caller,
                        req.auditParameters(), i.credentials().claims(), null, null);
                case Issuance.Denied d -> records.denied(Kind.GetSessionToken, requestId, caller,
                        req.auditParameters(), null, d.error(), null);
            };
            return issuer.complete(record, outcome);
        });
    }

    /**
     * Checks a request's SerialNumber and TokenCode with the caller's own device, spending the code; none given is
     * {@link Mfa#NONE}, one without the other or a refused code AWS's MFA failure.
     */
    private Uni<Mfa> mfa(Caller caller, String serialNumber, String tokenCode, String requestId) {
        if (serialNumber == null && tokenCode == null) {
            return Uni.createFrom().item(Mfa.NONE);
        }
        if (serialNumber == null || tokenCode == null || mfaDevices == null) {
            return Uni.createFrom().item(Mfa.failed(dev.opensts.iam.MfaDeviceDecider.mfaFailed()));
        }
        return mfaDevices.authenticate(caller, serialNumber, tokenCode, requestId).map(Mfa::passed)
                .onFailure(AwsException.class).recoverWithItem(e -> Mfa.failed((AwsException) e));
    }

    /**
     * An AssumeRole or GetSessionToken that failed the model's validation is a denial too: it gets its audit
     * record, with the parameters as sent. Only the record is made here: the caller answers the error itself.
     */
    public void rejected(String action, Caller caller, String requestId, Map<String, List<String>> params,
                         AwsException error) {
        Kind kind = switch (action) {
            case "AssumeRole" -> Kind.AssumeRole;
            case "GetSessionToken" -> Kind.GetSessionToken;
            case "GetFederationToken" -> Kind.GetFederationToken;
            default -> null;
        };
        if (kind == null) {
            return;
        }
        Map<String, Object> sent = AuditRecords.parameters(params);
        String account = kind == Kind.AssumeRole && sent.get("roleArn") instanceof String arn ? roleAccount(arn) : null;
        var record = records.denied(kind, requestId, caller, sent, account, error, null);
        issuer.complete(record, new Issuance.Denied(error, null)).subscribe().with(x -> { }, e -> { });
    }

    /**
     * An AssumeRoleWithWebIdentity the model refused: its denial record, with the parameters as sent (never the
     * token) and only the identity's type. Only the record is made here: the caller answers the error itself.
     */
    public void rejectedWebIdentity(Origin origin, String requestId, Map<String, List<String>> params,
                                    AwsException error) {
        Map<String, Object> sent = AuditRecords.parameters(params);
        String account = sent.get("roleArn") instanceof String arn ? roleAccount(arn) : null;
        var record = records.denied(Kind.AssumeRoleWithWebIdentity, requestId, AuditRecords.unverifiedWebIdentity(),
                origin.sourceIp(), origin.userAgent(), origin.tls(), sent, account, error, null);
        issuer.complete(record, new Issuance.Denied(error, null)).subscribe().with(x -> { }, e -> { });
    }

    /**
     * A web identity refused before AssumeRoleWithWebIdentity was asked (the container-credentials endpoint's own
     * refusals: unknown cluster, token refused, no association): its denial record, so that every request for
     * credentials leaves one. The identity is named only when its token verified.
     *
     * @param token       the verified token, or null when it did not verify (nothing read from it is recorded)
     * @param providerUrl the provider that verified it (without the scheme), or null
     */
    public Uni<Void> refusedWebIdentity(Origin origin, String requestId, Map<String, Object> parameters,
                                        String accountId, AwsException error,
                                        dev.opensts.app.sts.webidentity.VerifiedToken token, String providerUrl) {
        var identity = token == null || providerUrl == null ? AuditRecords.unverifiedWebIdentity()
                : AuditRecords.webIdentity(providerUrl, token.audience(), token.subject());
        var record = records.denied(Kind.AssumeRoleWithWebIdentity, requestId, identity, origin.sourceIp(),
                origin.userAgent(), origin.tls(), parameters, accountId, error, null);
        return issuer.complete(record, new Issuance.Denied(error, null)).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    /** Never denied: it only tells callers who they are. */
    public CallerIdentity callerIdentity(Caller caller) {
        return new CallerIdentity(caller.userId(), caller.accountId(), caller.arn());
    }

    /** GetAccessKeyInfo for a caller: refused to a federated user (FederatedUsers), like every STS action but one. */
    public String accessKeyAccount(Caller caller, String accessKeyId) {
        dev.opensts.app.auth.FederatedUsers.refuse(caller, "sts:GetAccessKeyInfo", "*");
        return accessKeyAccount(accessKeyId);
    }

    /** GetAccessKeyInfo: the account is encoded in the key id itself, so nothing is looked up, as in AWS. */
    public String accessKeyAccount(String accessKeyId) {
        String account = accessKeyId.equals(defaultRootKeyId) ? defaultAccount : CredentialIds.accountOf(accessKeyId);
        if (account == null) {
            throw new AwsException(ErrorCode.InvalidParameterValue,
                    "The access key id is not in the form open-sts issues.");
        }
        return account;
    }

    /** The account named in a role ARN, if it names one: a denial's record is keyed by the role's account. */
    private static String roleAccount(String roleArn) {
        Arn arn = Arn.parse(roleArn);
        return arn != null && arn.isIam() && Arn.isAccountId(arn.account()) ? arn.account() : null;
    }
}
