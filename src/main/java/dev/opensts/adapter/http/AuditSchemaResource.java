package dev.opensts.adapter.http;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The JSON Schema (draft 2020-12) of the audit record, as docs/audit-record.schema.json has it:
 * {@code GET /opensts/v1/audit/schema} (the current version) and {@code GET /opensts/v1/audit/schema/{version}}.
 * Public, like the AWS models it follows: it holds nothing about any account.
 */
@Path("/v1/audit/schema")
@Tag(name = "audit", description = "the audit trail's record format")
public class AuditSchemaResource {
    /** The schema version the trail writes now. */
    static final int CURRENT = 2;
    static final String MEDIA_TYPE = "application/schema+json";

    private final byte[] schema = load();

    private static byte[] load() {
        try (InputStream in = AuditSchemaResource.class.getResourceAsStream("/schemas/audit-record.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("missing /schemas/audit-record.schema.json");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    @NonBlocking
    @Produces(MEDIA_TYPE)
    @Operation(summary = "The JSON Schema of the audit record the trail writes now (schema version 2)")
    public Response current() {
        return Response.ok(schema, MEDIA_TYPE).header("X-OpenSts-Schema-Version", CURRENT).build();
    }

    @GET
    @Path("/{version}")
    @NonBlocking
    @Produces({MEDIA_TYPE, "application/json"})
    @Operation(summary = "The JSON Schema of one schema version of the audit record (only 2 is published)")
    public Response version(@PathParam("version") String version) {
        if (!String.valueOf(CURRENT).equals(version)) {
            return Response.status(404).type("application/json")
                    .entity("{\"code\":\"NotFound\",\"message\":\"no audit record schema version " + (version.matches("\\d{1,3}") ? version : "?")
                            + " is published; the current one is " + CURRENT + "\"}").build();
        }
        return current();
    }
}
