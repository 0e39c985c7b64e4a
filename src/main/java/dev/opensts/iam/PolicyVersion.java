package dev.opensts.iam;

import java.time.Instant;

/** One stored version of a customer-managed policy: its id (v1, v2, ...), document and creation time. */
public record PolicyVersion(String versionId, String document, Instant createDate) {
}
