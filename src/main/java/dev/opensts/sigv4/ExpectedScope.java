package dev.opensts.sigv4;

import java.util.Objects;
import java.util.Set;

/**
 * The credential scope a service accepts: its own SigV4 service name and the regions it serves. A signature
 * computed for another service or region is refused before any key is looked up, as AWS refuses it: a
 * signature for {@code s3} or {@code execute-api} must not be usable against STS or IAM, nor one for a region
 * the deployment does not serve.
 *
 * @param service the service name the scope must carry (e.g. {@code sts}, {@code iam}, {@code s3})
 * @param regions the regions accepted; empty accepts any
 */
public record ExpectedScope(String service, Set<String> regions) {
    public ExpectedScope {
        Objects.requireNonNull(service, "service");
        regions = Set.copyOf(regions);
    }

    /** @throws SigV4Exception SignatureDoesNotMatch (403) naming what the scope should have been */
    public void check(ParsedSignature signature) {
        if (!signature.service().equals(service)) {
            throw SigV4Errors.wrongService(service);
        }
        if (!regions.isEmpty() && !regions.contains(signature.region())) {
            throw SigV4Errors.wrongRegion(signature.region());
        }
    }
}
