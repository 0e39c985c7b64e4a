package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.AccountEvent.AccountCreated;

import java.time.Instant;
import java.util.List;

/** The account aggregate: created by an operator, with its own root access key. */
public final class AccountDecider {
    private AccountDecider() {
    }

    public record CreateAccount(String accountId, String name, String rootAccessKeyId, String encryptedRootSecret,
                                Instant at) {
    }

    public static List<AccountEvent> decide(CreateAccount c, AccountState state) {
        if (state != null) {
            throw AwsException.of(ErrorCode.EntityAlreadyExists, "Account %s already exists.", c.accountId());
        }
        return List.of(new AccountCreated(c.accountId(), c.name(), c.rootAccessKeyId(), c.encryptedRootSecret(),
                c.at()));
    }

    public static AccountState evolve(AccountState s, AccountEvent event) {
        return switch (event) {
            case AccountCreated e -> new AccountState(e.accountId(), e.name(), e.rootAccessKeyId(),
                    e.encryptedRootSecret(), e.createDate());
        };
    }
}
