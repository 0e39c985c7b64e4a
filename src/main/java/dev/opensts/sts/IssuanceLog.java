package dev.opensts.sts;

import java.util.concurrent.CompletableFuture;

/** Where every issuance and denial is recorded; completes when the record is durable. */
public interface IssuanceLog {
    CompletableFuture<Void> publish(IssuanceRecord record);
}
