package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccountEvent.AccountCreated;
import dev.opensts.iam.AccountEvent.RootKeyRotated;
import dev.opensts.iam.AccountEvent.RootSecretResealed;

import java.time.Instant;
import java.util.List;

/** The account aggregate: created by an operator, with its own root access key, which the operator may rotate. */
public final class AccountDecider {
    private AccountDecider() {
    }

    /** What an operator (or the key ring's re-sealing) asks of an account. */
    public sealed interface AccountCommand permits CreateAccount, RotateRootKey, ResealRootSecret {
        String accountId();
    }

    public record CreateAccount(String accountId, String name, String rootAccessKeyId, String encryptedRootSecret,
                                Instant at) implements AccountCommand {
    }

    /** A new root access key replaces the old one, which stops working at once. */
    public record RotateRootKey(String accountId, String rootAccessKeyId, String encryptedRootSecret, Instant at)
            implements AccountCommand {
    }

    /**
     * The same root secret, sealed again under the key ring's current key.
     *
     * @param rootAccessKeyId the key whose secret was re-sealed: refused if the root key was rotated meanwhile
     */
    public record ResealRootSecret(String accountId, String rootAccessKeyId, String encryptedRootSecret)
            implements AccountCommand {
    }

    public static List<AccountEvent> decide(AccountCommand command, AccountState state) {
        if (!(command instanceof CreateAccount) && state == null) {
            throw AwsException.noSuchEntity("Account " + command.accountId() + " does not exist.");
        }
        return switch (command) {
            case CreateAccount c -> {
                if (state != null) {
                    throw AwsException.of(ErrorCode.EntityAlreadyExists, "Account %s already exists.", c.accountId());
                }
                yield List.of(new AccountCreated(c.accountId(), c.name(), c.rootAccessKeyId(),
                        c.encryptedRootSecret(), c.at()));
            }
            case RotateRootKey c -> List.of(new RootKeyRotated(c.accountId(), c.rootAccessKeyId(),
                    c.encryptedRootSecret(), c.at()));
            case ResealRootSecret c -> {
                if (!c.rootAccessKeyId().equals(state.rootAccessKeyId())) {
                    throw AwsException.of(ErrorCode.ConcurrentModification,
                            "The root key of account %s changed while its secret was re-sealed.", c.accountId());
                }
                yield List.of(new RootSecretResealed(c.accountId(), c.rootAccessKeyId(), c.encryptedRootSecret()));
            }
        };
    }

    public static AccountState evolve(AccountState s, AccountEvent event) {
        return switch (event) {
            case AccountCreated e -> new AccountState(e.accountId(), e.name(), e.rootAccessKeyId(),
                    e.encryptedRootSecret(), e.createDate());
            case RootKeyRotated e -> new AccountState(s.accountId(), s.name(), e.rootAccessKeyId(),
                    e.encryptedRootSecret(), s.createDate());
            case RootSecretResealed e -> new AccountState(s.accountId(), s.name(), s.rootAccessKeyId(),
                    e.encryptedRootSecret(), s.createDate());
        };
    }
}
