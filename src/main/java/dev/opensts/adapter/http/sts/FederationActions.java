package dev.opensts.adapter.http.sts;

import dev.opensts.adapter.http.iam.Handler;
import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.sts.DecodeAuthorizationMessage;
import dev.opensts.app.sts.Federation;
import dev.opensts.app.sts.FederationTokenRequest;
import dev.opensts.app.sts.IssuedCredentials;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GetFederationToken and DecodeAuthorizationMessage on the shared Query endpoint: Query input to their requests, the
 * results to their shapes.
 */
public final class FederationActions {
    private final Federation federation;
    private final DecodeAuthorizationMessage decoder;

    public FederationActions(Federation federation, DecodeAuthorizationMessage decoder) {
        this.federation = federation;
        this.decoder = decoder;
    }

    public Map<String, Handler> all() {
        return Map.of("GetFederationToken", (c, in, rid) -> federation.getFederationToken(c, request(in), rid)
                        .map(FederationActions::federated),
                "DecodeAuthorizationMessage", (c, in, rid) -> Uni.createFrom().item(() ->
                        Map.of("DecodedMessage", decoder.decode(c, in.string("EncodedMessage")))));
    }

    private static FederationTokenRequest request(QueryInput in) {
        var tags = new LinkedHashMap<String, String>();
        for (QueryInput t : in.structures("Tags")) {
            if (tags.putIfAbsent(t.string("Key"), t.string("Value")) != null) {
                throw new AwsException(ErrorCode.InvalidParameterValue,
                        "Duplicate tag keys found. Please note that Tag keys are case insensitive.");
            }
        }
        List<String> policyArns = in.structures("PolicyArns").stream().map(p -> p.string("arn")).toList();
        return new FederationTokenRequest(in.string("Name"), in.string("Policy"), policyArns,
                in.integer("DurationSeconds"), tags);
    }

    private static Map<String, Object> federated(IssuedCredentials issued) {
        SessionClaims c = issued.claims();
        var credentials = new LinkedHashMap<String, Object>();
        credentials.put("AccessKeyId", c.accessKeyId());
        credentials.put("SecretAccessKey", c.secretAccessKey());
        credentials.put("SessionToken", issued.sessionToken());
        credentials.put("Expiration", c.expiresAt());
        var out = new LinkedHashMap<String, Object>();
        out.put("Credentials", credentials);
        out.put("FederatedUser", Map.of("FederatedUserId", c.principalId(), "Arn", c.principalArn()));
        if (issued.packedPolicySize() != null) {
            out.put("PackedPolicySize", issued.packedPolicySize());
        }
        return out;
    }
}
