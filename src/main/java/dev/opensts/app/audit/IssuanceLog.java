package dev.opensts.app.audit;

import java.util.concurrent.CompletableFuture;

/**
 * Where every issuance and denial is recorded. The future completes when the record is durable, or
 * fails; an implementation bounds that wait itself (the audit timeout), so that the issuer arms no
 * timer of its own per request.
 */
public interface IssuanceLog {
    CompletableFuture<Void> publish(IssuanceRecord record);
}
