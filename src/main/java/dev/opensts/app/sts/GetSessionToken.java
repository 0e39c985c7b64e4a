package dev.opensts.app.sts;

import dev.opensts.app.Caller;
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

/**
 * GetSessionToken: temporary credentials for an IAM user (or an account's root) with the same
 * permissions as the caller. Only long-term credentials may call it, as in AWS.
 */
public final class GetSessionToken {
    static final int DEFAULT_DURATION = 43200;
    static final int ROOT_MAX_DURATION = 3600;
    static final int MIN_DURATION = 900;
    static final int MAX_DURATION = 129600;

    private final CredentialIds ids;
    private final SessionTokenCodec tokens;
    private final Clock clock;

    public GetSessionToken(CredentialIds ids, SessionTokenCodec tokens, Clock clock) {
        this.ids = ids;
        this.tokens = tokens;
        this.clock = clock;
    }

    public Issuance decide(Caller caller, Integer durationSeconds, String serialNumber, String tokenCode) {
        return decide(caller, durationSeconds, serialNumber, tokenCode, Mfa.NONE);
    }

    /** @param mfa what the SerialNumber and TokenCode came to, checked beforehand */
    Issuance decide(Caller caller, Integer durationSeconds, String serialNumber, String tokenCode, Mfa mfa) {
        try {
            return new Issuance.Issued(issue(caller, durationSeconds, serialNumber, tokenCode, mfa), null);
        } catch (AwsException e) {
            return new Issuance.Denied(e, null);
        } catch (SessionTooLargeException e) {
            return new Issuance.Denied(AssumeRole.tooLarge(e), null);
        }
    }

    private IssuedCredentials issue(Caller caller, Integer durationSeconds, String serialNumber, String tokenCode,
                                    Mfa mfa) {
        if (caller.hasTemporaryCredentials()) {
            throw new AwsException(ErrorCode.AccessDenied, "Cannot call GetSessionToken with session credentials");
        }
        mfa.requireValid(serialNumber, tokenCode);
        AssumeRole.checkRange("durationSeconds", durationSeconds, MIN_DURATION, MAX_DURATION);
        int duration = durationSeconds == null ? DEFAULT_DURATION : durationSeconds;
        if (caller.isRoot()) {
            duration = Math.min(duration, ROOT_MAX_DURATION); // AWS caps root sessions at one hour
        }
        // whole seconds, as the wire format (ISO 8601, no fraction) tells the client: the token, the answer
        // and the audit record then agree on the expiry to the second
        Instant issued = clock.instant(); // milliseconds kept: see AssumeRole
        Instant now = issued.truncatedTo(ChronoUnit.SECONDS);
        var claims = SessionClaims.builder()
                .kind(caller.isRoot() ? SessionKind.ROOT_SESSION : SessionKind.USER_SESSION)
                .accountId(caller.accountId())
                .accessKeyId(ids.accessKeyId("ASIA", caller.accountId()))
                .secretAccessKey(ids.secret())
                .principalArn(caller.arn())
                .principalId(caller.userId())
                .userName(caller.userName())
                .issuedAt(issued)
                .expiresAt(now.plus(Duration.ofSeconds(duration)))
                .originAccessKeyId(caller.accessKeyId())
                .originPrincipalArn(caller.arn())
                .parentAccessKeyId(caller.accessKeyId())
                .mfaPresent(mfa.present())
                .mfaAuthTime(mfa.authenticatedAt())
                .build();
        return new IssuedCredentials(claims, tokens.encode(claims), null);
    }
}
