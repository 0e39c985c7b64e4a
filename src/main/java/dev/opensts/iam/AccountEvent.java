package dev.opensts.iam;

import java.time.Instant;

/** Events of an account (stream: the account's root ARN). */
public sealed interface AccountEvent extends IamEvent {
    @Override
    default String streamId() {
        return StreamIds.account(accountId());
    }

    /** The root secret is encrypted under the key ring, bound to its access key id. */
    record AccountCreated(String accountId, String name, String rootAccessKeyId,
                          String encryptedRootSecret, Instant createDate) implements AccountEvent {
    }

    /** A new root access key (its secret sealed); the previous one no longer authenticates. */
    record RootKeyRotated(String accountId, String rootAccessKeyId, String encryptedRootSecret, Instant rotatedAt)
            implements AccountEvent {
    }

    /** The root key's secret, unchanged, sealed again under the key ring's current key. */
    record RootSecretResealed(String accountId, String rootAccessKeyId, String encryptedRootSecret)
            implements AccountEvent {
    }
}
