package dev.opensts.iam;

import java.time.Instant;

public record AccountState(String accountId, String name, String rootAccessKeyId, String encryptedRootSecret,
                           Instant createDate) implements AggregateState {
}
