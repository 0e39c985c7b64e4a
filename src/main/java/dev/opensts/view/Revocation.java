package dev.opensts.view;

import dev.opensts.iam.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One revocation of sessions, as decided and as carried by a dev.opensts.sts.SessionsRevoked event. When it
 * takes effect is not any replica's clock but the time of its record on the revocations topic (the broker's
 * append time): every replica reads the same instant, so one whose clock runs ahead or behind cannot move the
 * line between revoked and still-valid sessions.
 *
 *
 * <p>A revocation is an event of its own stream (its id): it is written expecting version 0, so the version rule
 * applies it once, at its first record's time, and skips any later copy.
 *
 * @param subject               what the kind names: a role ARN, an ASIA access key id, a source identity, a
 *                              principal ARN (role and principal ARNs are matched by account and case-insensitive
 *                              name, whatever their path or letter case, see {@link Revocations}), or the {@code sub}
 *                              of a web identity
 * @param provider              for WEB_IDENTITY only: the OpenID Connect provider's ARN the subject is of
 * @param requestedIssuedBefore for ROLE, the IssuedBefore the caller asked for; null for "now", which is the
 *                              record's time. Never later than the record's time in effect.
 */
public record Revocation(String revocationId, String accountId, Kind kind, String subject,
                         Instant requestedIssuedBefore, String provider) implements Event {
    /** The CloudEvents type of the event that carries a revocation. */
    public static final String TYPE = "dev.opensts.sts.SessionsRevoked";
    /** The longest any session lives (a GetSessionToken session: 36 hours): a revocation is moot after that. */
    public static final Duration LONGEST_SESSION = Duration.ofHours(36);

    /** The kinds, with the event field that carries the subject. */
    public enum Kind {
        ROLE("roleArn"), ACCESS_KEY("accessKeyId"), SOURCE_IDENTITY("sourceIdentity"), PRINCIPAL("principalArn"),
        /** Every session of one web identity ({@code sub}) of one provider, and the sessions chained from them. */
        WEB_IDENTITY("webIdentitySubject");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        public String field() {
            return field;
        }
    }

    public Revocation {
        Objects.requireNonNull(revocationId, "revocationId");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        if ((kind == Kind.WEB_IDENTITY) != (provider != null)) {
            throw new IllegalArgumentException("a provider is given with, and only with, a web identity revocation");
        }
    }

    /** A revocation of any kind but WEB_IDENTITY. */
    public Revocation(String revocationId, String accountId, Kind kind, String subject, Instant requestedIssuedBefore) {
        this(revocationId, accountId, kind, subject, requestedIssuedBefore, null);
    }

    /** A revocation is a stream of its own: its id. */
    @Override
    public String streamId() {
        return revocationId;
    }

    @Override
    public String type() {
        return TYPE;
    }

    /** Sessions issued strictly before this instant are revoked (not consulted for ACCESS_KEY). */
    public Instant issuedBefore(Instant recordTime) {
        return requestedIssuedBefore == null || requestedIssuedBefore.isAfter(recordTime)
                ? recordTime : requestedIssuedBefore;
    }

    /** When every session the revocation could match has expired: its entry can go. */
    public Instant expiresAt(Instant recordTime) {
        return (kind == Kind.ACCESS_KEY ? recordTime : issuedBefore(recordTime)).plus(LONGEST_SESSION);
    }
}
