package dev.opensts.adapter.http.query;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;

/**
 * AWS's Query-protocol error document, for any code (including the SigV4 verifier's, which are plain strings):
 * {@code ErrorResponse/Error/{Type,Code,Message}} and {@code RequestId} in XML, the same fields in JSON for clients
 * that ask for it. The same for IAM and STS, only the XML namespace differs.
 */
public final class ErrorDocument {
    private static final JsonFactory JSON = new JsonFactory();

    private ErrorDocument() {
    }

    /** {@code <ErrorResponse xmlns=ns><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>}. */
    public static String xml(String namespace, String code, String type, String message, String requestId) {
        var sb = new StringBuilder(256).append("<ErrorResponse xmlns=\"");
        QueryWriter.escape(sb, namespace);
        sb.append("\"><Error><Type>").append(type).append("</Type><Code>");
        QueryWriter.escape(sb, code);
        sb.append("</Code><Message>");
        QueryWriter.escape(sb, message == null ? "" : message);
        sb.append("</Message></Error><RequestId>");
        QueryWriter.escape(sb, requestId);
        return sb.append("</RequestId></ErrorResponse>").toString();
    }

    /** {@code {"Error":{"Code":..,"Message":..,"Type":..},"RequestId":..}}, fields in that order. */
    public static String json(String code, String type, String message, String requestId) {
        var out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeObjectFieldStart("Error");
            g.writeStringField("Code", code);
            g.writeStringField("Message", message == null ? "" : message);
            g.writeStringField("Type", type);
            g.writeEndObject();
            g.writeStringField("RequestId", requestId);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
