package dev.opensts.adapter.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.opensts.adapter.http.query.QueryWriter;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AWS's Query-protocol error document, for any code (including the SigV4 verifier's, which are
 * plain strings): {@code ErrorResponse/Error/{Type,Code,Message}} and {@code RequestId}.
 */
final class ErrorDocument {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ErrorDocument() {
    }

    static String xml(String namespace, String code, String type, String message, String requestId) {
        var sb = new StringBuilder(256).append("<ErrorResponse xmlns=\"");
        escape(sb, namespace);
        sb.append("\"><Error><Type>").append(type).append("</Type><Code>");
        escape(sb, code);
        sb.append("</Code><Message>");
        escape(sb, message == null ? "" : message);
        sb.append("</Message></Error><RequestId>");
        escape(sb, requestId);
        return sb.append("</RequestId></ErrorResponse>").toString();
    }

    static String json(String code, String type, String message, String requestId) {
        var error = new LinkedHashMap<String, Object>();
        error.put("Code", code);
        error.put("Message", message == null ? "" : message);
        error.put("Type", type);
        try {
            return JSON.writeValueAsString(Map.of("Error", error, "RequestId", requestId));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void escape(StringBuilder sb, String s) {
        QueryWriter.escape(sb, s);
    }
}
