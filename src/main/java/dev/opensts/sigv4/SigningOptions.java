package dev.opensts.sigv4;

/**
 * Signer switches, named after the test suite's context.json flags.
 *
 * @param normalizePath    remove dot segments and repeated slashes (true for every non-S3 service)
 * @param signBody         header variant: add and sign x-amz-content-sha256
 * @param omitSessionToken add the security token after signing, so it is not covered by the signature
 */
public record SigningOptions(boolean normalizePath, boolean signBody, boolean omitSessionToken) {

    /** What STS/IAM clients do. */
    public static SigningOptions defaults() {
        return new SigningOptions(true, false, false);
    }
}
