package dev.opensts.adapter.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.app.audit.AuditRecord;

import java.nio.charset.StandardCharsets;

/** For tests of other packages: a record as the audit topic carries it, by the service's own codec. */
public final class AuditRecordEncoding {
    private AuditRecordEncoding() {
    }

    public static String encode(ObjectMapper json, AuditRecord record, String source) {
        return new String(new AuditRecordCodec(json).encode(record, source), StandardCharsets.UTF_8);
    }
}
