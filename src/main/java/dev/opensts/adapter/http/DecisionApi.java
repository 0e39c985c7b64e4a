package dev.opensts.adapter.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;
import java.util.Map;

/** The JSON shapes of the decision endpoint (POST /opensts/v1/authorize); see docs/decision-endpoint.md. */
public final class DecisionApi {
    private DecisionApi() {
    }

    @Schema(description = "A request that a resource service received from its client, with what it maps to")
    public record AuthorizeRequest(
            @Schema(required = true, description = "the client's request, exactly as received") ForwardedRequest request,
            @Schema(required = true, example = "s3:GetObject") String action,
            @Schema(required = true, example = "arn:aws:s3:::bucket/key") String resource,
            @Schema(description = "extra condition keys, each with its values; aws:* keys only from a fixed list "
                    + "(aws:SourceIp, aws:SecureTransport, aws:Referer, aws:RequestedRegion, aws:TagKeys, "
                    + "aws:RequestTag/*, aws:ResourceTag/*, ...)", example = "{\"s3:prefix\": [\"a/\"]}")
            Map<String, List<String>> context,
            @Schema(required = true, description = "the SigV4 service name the client signed for", example = "s3")
            String service,
            @Schema(description = "the region the resource service serves; the signature's scope must name it",
                    example = "us-east-1") String region,
            @Schema(description = "optional ISO-8601 instant, not in the future: decide with the principal's "
                    + "policies as they were then (docs/history.md); the credentials must still be valid now",
                    example = "2026-11-30T14:00:00Z") String asOf) {
        public AuthorizeRequest(ForwardedRequest request, String action, String resource,
                                Map<String, List<String>> context, String service, String region) {
            this(request, action, resource, context, service, region, null);
        }
    }

    @Schema(description = "The client's HTTP request, undecoded")
    public record ForwardedRequest(
            @Schema(required = true, example = "GET") String method,
            @Schema(required = true, description = "raw path, still percent-encoded, without the query",
                    example = "/bucket/key") String path,
            @Schema(description = "raw query string without '?'") String query,
            @Schema(required = true, description = "[name, value] pairs as received, in order")
            List<List<String>> headers,
            @Schema(description = "the body, base64; give this or bodySha256") String body,
            @Schema(description = "hex SHA-256 of the body, instead of the body") String bodySha256) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @Schema(description = "The decision. Authentication failures are a Deny with an error to relay to the client")
    public record AuthorizeResponse(
            @Schema(enumeration = {"Allow", "Deny"}) String decision,
            String reason,
            Principal principal,
            List<Statement> decidingStatements,
            Error error) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Principal(String arn, String accountId,
                            @Schema(enumeration = {"Account", "User", "AssumedRole"}) String type,
                            String userId, Map<String, String> sessionTags, String sourceIdentity) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Statement(String policyName, String sid, int index,
                            @Schema(enumeration = {"Allow", "Deny"}) String effect) {
    }

    @Schema(description = "Why the client could not be authenticated: AWS's code, and the HTTP status AWS answers "
            + "with for it, for the resource service to answer its client with")
    public record Error(@Schema(example = "SignatureDoesNotMatch") String code, String message, int httpStatus) {
    }

    @Schema(description = "A request to the endpoint itself was refused (400, 401, 500)")
    public record Problem(String code, String message) {
    }
}
