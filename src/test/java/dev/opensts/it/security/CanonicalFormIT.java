package dev.opensts.it.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * D9: the decision endpoint rebuilds the canonical request from the forwarded bytes exactly: a forwarded query or
 * path whose bytes differ from what was signed (another invalid UTF-8 byte, its replacement character, '+' for
 * "%20") is SignatureDoesNotMatch; a malformed escape is MalformedQueryString (query) or InvalidURI (path).
 *
 * <p>The client's signature is computed by {@link Forwarding#literal} over exactly the canonical request an AWS
 * client computes for those bytes: neither the SDK's signer nor open-sts's can be given a {@code %FE} byte.
 */
class CanonicalFormIT extends SecurityItBase {
    static final String RESOURCE = "arn:aws:s3:::b/k";
    Key reader;

    @BeforeAll
    void setUp() {
        reader = user(iam, A, "/", "reader", doc(statement("Allow", "s3:GetObject", "arn:aws:s3:::b/*", null)));
    }

    /** s3:GetObject of b/k, signed over (canonicalUri, canonicalQuery), forwarded as (path, query). */
    JsonNode decide(String canonicalUri, String canonicalQuery, String path, String query) {
        ObjectNode in = Forwarding.literal(reader.keyId(), reader.secret(), "s3", "us-east-1", canonicalUri,
                canonicalQuery, path, query, "s3:GetObject", RESOURCE);
        return forwarding().decide(context(in, "aws:ResourceAccount", A));
    }

    static void error(JsonNode d, String code, int status) {
        expectDecision(d, "Deny");
        assertThat(d.at("/error/code").asText()).as(d.toString()).isEqualTo(code);
        assertThat(d.at("/error/httpStatus").asInt()).as(d.toString()).isEqualTo(status);
    }

    @Test
    void aQueryByteSignedAsFeAndForwardedAsAnotherByteOrItsReplacementIsSignatureDoesNotMatch() {
        expectDecision(decide("/b/k", "x=%FE", "/b/k", "x=%FE"), "Allow");
        error(decide("/b/k", "x=%FE", "/b/k", "x=%FF"), "SignatureDoesNotMatch", 403);
        error(decide("/b/k", "x=%FE", "/b/k", "x=%EF%BF%BD"), "SignatureDoesNotMatch", 403);
    }

    @Test
    void aSpaceSignedAsPercent20AndForwardedAsPlusIsSignatureDoesNotMatch() {
        expectDecision(decide("/b/k", "x=a%20b", "/b/k", "x=a%20b"), "Allow");
        error(decide("/b/k", "x=a%20b", "/b/k", "x=a+b"), "SignatureDoesNotMatch", 403);
    }

    /** A '+' in a query is a literal plus (canonical %2B), never a space. */
    @Test
    void aPlusSignedAsAPlusIsAPlusNotASpace() {
        expectDecision(decide("/b/k", "x=a%2Bb", "/b/k", "x=a+b"), "Allow");
        error(decide("/b/k", "x=a%2Bb", "/b/k", "x=a%20b"), "SignatureDoesNotMatch", 403);
    }

    /** Signed as the landed code canonicalizes the malformed escape, so that only the check can refuse it. */
    @ParameterizedTest
    @CsvSource({"x=%ZZ, x=%25ZZ", "x=%E, x=%25E", "x=%, x=%25", "x=%G1&y=1, x=%25G1&y=1"})
    void aMalformedEscapeInTheForwardedQueryIsMalformedQueryString(String forwarded, String signed) {
        error(decide("/b/k", signed, "/b/k", forwarded), "MalformedQueryString", 400);
    }

    /** Guard: an escaped percent sign signed as such is fine. Passes on the landed code. */
    @Test
    void anEscapedPercentSignIsFine() {
        expectDecision(decide("/b/k", "x=%25ZZ", "/b/k", "x=%25ZZ"), "Allow");
    }

    @Test
    void aPathByteSignedAsFeAndForwardedAsAnotherByteIsSignatureDoesNotMatch() {
        expectDecision(decide("/b/%FE", "", "/b/%FE", ""), "Allow");
        error(decide("/b/%FE", "", "/b/%FF", ""), "SignatureDoesNotMatch", 403);
        error(decide("/b/%FE", "", "/b/%EF%BF%BD", ""), "SignatureDoesNotMatch", 403);
    }

    @ParameterizedTest
    @CsvSource({"/b/%ZZ, /b/%25ZZ", "/b/%E, /b/%25E", "/b/k%, /b/k%25"})
    void aMalformedEscapeInTheForwardedPathIsInvalidUri(String forwarded, String signed) {
        error(decide(signed, "", forwarded, ""), "InvalidURI", 400);
    }
}
