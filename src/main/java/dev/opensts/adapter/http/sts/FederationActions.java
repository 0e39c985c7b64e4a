package dev.opensts.adapter.http.sts;

import dev.opensts.adapter.http.iam.Handler;
import dev.opensts.adapter.http.query.QueryInput;
import dev.opensts.app.sts.DecodeAuthorizationMessage;
import dev.opensts.app.sts.Federation;
import dev.opensts.app.sts.FederationTokenRequest;
import dev.opensts.app.sts.IssuedCredentials;
import dev.opensts.credentials.SessionClaims;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
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
        return new FederationTokenRequest(in.string("Name"), in.string("Policy"), StsActions.policyArns(in),
                in.integer("DurationSeconds"), StsActions.sessionTags(in));
    }

    private static Map<String, Object> federated(IssuedCredentials issued) {
        SessionClaims c = issued.claims();
        var out = new LinkedHashMap<String, Object>();
        out.put("Credentials", StsActions.credentials(issued));
        out.put("FederatedUser", Map.of("FederatedUserId", c.principalId(), "Arn", c.principalArn()));
        if (issued.packedPolicySize() != null) {
            out.put("PackedPolicySize", issued.packedPolicySize());
        }
        return out;
    }
}
