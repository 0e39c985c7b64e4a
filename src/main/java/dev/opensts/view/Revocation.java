package dev.opensts.view;

import java.time.Instant;
import java.util.Objects;

/**
 * One revocation of sessions, as decided and as carried by a dev.opensts.sts.SessionsRevoked event.
 *
 * @param subject      what the kind names: a role ARN, an ASIA access key id, a source identity or
 *                     a principal ARN
 * @param issuedBefore sessions issued strictly before this instant are revoked (for ACCESS_KEY the
 *                     effective time; it is not consulted)
 * @param expiresAt    when every session the revocation could match has expired: the entry can go
 */
public record Revocation(String revocationId, String accountId, Kind kind, String subject, Instant issuedBefore,
                         Instant effectiveAt, Instant expiresAt) {

    /** The kinds, with the event field that carries the subject. */
    public enum Kind {
        ROLE("roleArn"), ACCESS_KEY("accessKeyId"), SOURCE_IDENTITY("sourceIdentity"), PRINCIPAL("principalArn");

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
        Objects.requireNonNull(issuedBefore, "issuedBefore");
        Objects.requireNonNull(effectiveAt, "effectiveAt");
        Objects.requireNonNull(expiresAt, "expiresAt");
    }
}
