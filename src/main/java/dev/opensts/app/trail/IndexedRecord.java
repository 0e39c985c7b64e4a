package dev.opensts.app.trail;

import java.time.Instant;

/** A row of the index as the digests cover it: its id, its time and the stored record text. */
public record IndexedRecord(String eventId, Instant eventTime, String record) {
}
