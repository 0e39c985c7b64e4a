package dev.opensts.sigv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Failure paths: each answers the AWS code, status and wording. */
class SigV4VerifierTest {

    private static final Instant T = Instant.parse("2015-08-30T12:36:00Z");
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String TOKEN = "AQoDYXdzEPT//////////wEXAMPLEtc764bNr+session/token==";
    private static final SigningCredentials CREDS = new SigningCredentials("AKIDEXAMPLE", SECRET, null);
    private static final String MISMATCH = "The request signature we calculated does not match the signature you provided. "
            + "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

    private final SigningKeyCache cache = new SigningKeyCache(8);
    private final SigV4Signer signer = new SigV4Signer(cache);

    // --- helpers -------------------------------------------------------------------------------------

    private static HttpRequestView stsPost(String body) {
        return new HttpRequestView("POST", "/", "", List.of(
                Map.entry("Host", "sts.localhost:8443"),
                Map.entry("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpRequestView stsGet() {
        return new HttpRequestView("GET", "/", "Action=GetCallerIdentity&Version=2011-06-15",
                List.of(Map.entry("Host", "sts.localhost:8443")), new byte[0]);
    }

    private HttpRequestView headerSigned(HttpRequestView req, SigningCredentials creds, Instant at) {
        return signer.signWithHeaders(req, creds, "us-east-1", "sts", at, SigningOptions.defaults());
    }

    private HttpRequestView presigned(Instant at, Duration expires) {
        return signer.presign(stsGet(), CREDS, "us-east-1", "sts", at, expires, SigningOptions.defaults());
    }

    private static SigV4Verifier verifierAt(Instant now, SigningKeyCache cache) {
        return new SigV4Verifier(Clock.fixed(now, ZoneOffset.UTC), cache);
    }

    private SigV4Exception verifyFails(HttpRequestView req, Instant now, String secret) {
        SigV4Exception e = catchThrowableOfType(SigV4Exception.class,
                () -> verifierAt(now, cache).verify(req, SigV4Parser.parse(req), secret));
        assertThat(e).as("expected a SigV4Exception").isNotNull();
        assertNoSecrets(e);
        return e;
    }

    private static SigV4Exception parseFails(HttpRequestView req) {
        SigV4Exception e = catchThrowableOfType(SigV4Exception.class, () -> SigV4Parser.parse(req));
        assertThat(e).as("expected a SigV4Exception").isNotNull();
        assertNoSecrets(e);
        return e;
    }

    private static void assertNoSecrets(SigV4Exception e) {
        assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain(TOKEN).doesNotContain("wJalr");
        assertThat(e.toString()).doesNotContain(SECRET);
    }

    private static HttpRequestView withHeader(HttpRequestView req, String name, String value) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : req.headers()) {
            if (!h.getKey().equalsIgnoreCase(name)) {
                headers.add(h);
            }
        }
        if (value != null) {
            headers.add(Map.entry(name, value));
        }
        return new HttpRequestView(req.method(), req.rawPath(), req.rawQuery(), headers, req.body());
    }

    private static HttpRequestView withQuery(HttpRequestView req, String rawQuery) {
        return new HttpRequestView(req.method(), req.rawPath(), rawQuery, req.headers(), req.body());
    }

    private static final String AUTH_PREFIX = "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request";

    // --- happy paths shaped like real clients --------------------------------------------------------

    @Test
    void acceptsStsFormPostWithPortInHostAndSignedSessionToken() {
        SigningCredentials temp = new SigningCredentials("ASIAEXAMPLE", SECRET, TOKEN);
        HttpRequestView req = headerSigned(stsPost("Action=GetCallerIdentity&Version=2011-06-15"), temp, T);

        ParsedSignature sig = SigV4Parser.parse(req);

        assertThat(sig.signedHeaders()).contains("host", "x-amz-security-token");
        assertThat(sig.securityToken()).isEqualTo(TOKEN);
        assertThat(sig.toString()).doesNotContain(TOKEN);
        assertThatCode(() -> verifierAt(T, cache).verify(req, sig, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void formBodyIsNotPartOfTheCanonicalQuery() {
        HttpRequestView req = headerSigned(stsPost("Action=GetCallerIdentity&Version=2011-06-15"), CREDS, T);
        ParsedSignature sig = SigV4Parser.parse(req);

        CanonicalRequest canonical = verifierAt(T, cache).canonicalRequest(req, sig, true, false);

        assertThat(canonical.query()).isEmpty();
        assertThat(canonical.payloadHash()).isEqualTo(Crypto.sha256Hex(req.body()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Action=X&Tags.member.1.Value=a+b*c", "Action=X&Tags.member.1.Value=a%20b%2Ac"})
    void formBodyEncodingVariantsVerifyBecauseTheBodyIsHashedAsSent(String body) {
        HttpRequestView req = headerSigned(stsPost(body), CREDS, T);
        assertThatCode(() -> verifierAt(T, cache).verify(req, SigV4Parser.parse(req), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void acceptsMatchingContentSha256HeaderAndDateHeaderInsteadOfXAmzDate() {
        HttpRequestView req = signer.signWithHeaders(stsPost("Action=GetCallerIdentity"), CREDS, "us-east-1", "sts", T,
                new SigningOptions(true, true, false));
        assertThatCode(() -> verifierAt(T, cache).verify(req, SigV4Parser.parse(req), SECRET)).doesNotThrowAnyException();

        // "Date" is only used when X-Amz-Date is absent; RFC 1123 form as HTTP clients send it.
        HttpRequestView dated = withHeader(withHeader(stsGet(), "X-Amz-Date", null), "Date", "Sun, 30 Aug 2015 12:36:00 GMT");
        ParsedSignature sig = SigV4Parser.parse(withHeader(dated, "Authorization",
                AUTH_PREFIX + ", SignedHeaders=date;host, Signature=00"));
        assertThat(sig.requestTime()).isEqualTo(T);
    }

    @Test
    void acceptsAnIamRequestScopedToAwsGlobal() {
        HttpRequestView req = signer.signWithHeaders(stsPost("Action=ListUsers"), CREDS, "aws-global", "iam", T,
                SigningOptions.defaults());
        ParsedSignature sig = SigV4Parser.parse(req);
        assertThat(sig.region()).isEqualTo("aws-global");
        assertThatCode(() -> verifierAt(T, cache).verify(req, sig, SECRET)).doesNotThrowAnyException();
    }

    @Test
    void pathIsDoubleEncodedForNonS3Services() {
        HttpRequestView req = new HttpRequestView("GET", "/a%20b/./c", "", List.of(Map.entry("Host", "h")), null);
        HttpRequestView signed = headerSigned(req, CREDS, T);
        CanonicalRequest c = verifierAt(T, cache).canonicalRequest(signed, SigV4Parser.parse(signed), true, false);
        assertThat(c.path()).isEqualTo("/a%2520b/c");
        assertThatCode(() -> verifierAt(T, cache).verify(signed, SigV4Parser.parse(signed), SECRET))
                .doesNotThrowAnyException();
    }

    // --- signature mismatch --------------------------------------------------------------------------

    @Test
    void oneFlippedSignatureCharacterIsSignatureDoesNotMatch() {
        HttpRequestView req = headerSigned(stsGet(), CREDS, T);
        String auth = req.header("Authorization");
        char last = auth.charAt(auth.length() - 1);
        String flipped = auth.substring(0, auth.length() - 1) + (last == '0' ? '1' : '0');

        SigV4Exception e = verifyFails(withHeader(req, "Authorization", flipped), T, SECRET);

        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.message()).isEqualTo(MISMATCH);
    }

    @Test
    void wrongSecretIsSignatureDoesNotMatch() {
        HttpRequestView req = headerSigned(stsGet(), CREDS, T);
        SigV4Exception e = verifyFails(req, T, "wrong" + SECRET.substring(5));
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.httpStatus()).isEqualTo(403);
    }

    @Test
    void tamperedBodyOrQueryIsSignatureDoesNotMatch() {
        HttpRequestView req = headerSigned(stsPost("Action=GetCallerIdentity"), CREDS, T);
        HttpRequestView body = new HttpRequestView(req.method(), req.rawPath(), req.rawQuery(), req.headers(),
                "Action=AssumeRole".getBytes(StandardCharsets.UTF_8));
        assertThat(verifyFails(body, T, SECRET).code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(verifyFails(withQuery(req, "x=1"), T, SECRET).code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void presignedTamperedOrTruncatedSignatureIsSignatureDoesNotMatch() {
        HttpRequestView req = presigned(T, Duration.ofMinutes(5));
        String q = req.rawQuery();
        assertThat(verifyFails(withQuery(req, q.substring(0, q.length() - 1)), T, SECRET).code())
                .isEqualTo("SignatureDoesNotMatch");
        assertThat(verifyFails(withQuery(req, q.replace("GetCallerIdentity", "GetSessionToken")), T, SECRET).code())
                .isEqualTo("SignatureDoesNotMatch");
    }

    // --- clock -----------------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {-14, 0, 14})
    void headerAuthAcceptedWithinFifteenMinutes(int minutes) {
        HttpRequestView req = headerSigned(stsGet(), CREDS, T);
        assertThatCode(() -> verifierAt(T.plus(Duration.ofMinutes(minutes)), cache)
                .verify(req, SigV4Parser.parse(req), SECRET)).doesNotThrowAnyException();
    }

    @Test
    void headerAuthSixteenMinutesOldIsExpired() {
        HttpRequestView req = headerSigned(stsGet(), CREDS, T);
        SigV4Exception e = verifyFails(req, T.plus(Duration.ofMinutes(16)), SECRET);
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.message()).isEqualTo(
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123700Z (20150830T125200Z - 15 min.)");
    }

    @Test
    void headerAuthSixteenMinutesAheadIsNotYetCurrent() {
        HttpRequestView req = headerSigned(stsGet(), CREDS, T);
        SigV4Exception e = verifyFails(req, T.minus(Duration.ofMinutes(16)), SECRET);
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.message()).isEqualTo(
                "Signature not yet current: 20150830T123600Z is still later than 20150830T123500Z (20150830T122000Z + 15 min.)");
    }

    @Test
    void presignedValidUntilExpiresThenExpired() {
        HttpRequestView req = presigned(T, Duration.ofSeconds(60));
        assertThatCode(() -> verifierAt(T.plusSeconds(60), cache).verify(req, SigV4Parser.parse(req), SECRET))
                .doesNotThrowAnyException();

        SigV4Exception e = verifyFails(req, T.plusSeconds(61), SECRET);
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.message()).isEqualTo(
                "Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T123701Z - 60 sec.)");
    }

    @Test
    void presignedMoreThanFifteenMinutesInTheFutureIsNotYetCurrent() {
        HttpRequestView req = presigned(T, Duration.ofHours(1));
        SigV4Exception e = verifyFails(req, T.minus(Duration.ofMinutes(16)), SECRET);
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.message()).startsWith("Signature not yet current: 20150830T123600Z is still later than");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-5", "604801", "abc"})
    void presignedExpiresOutsideOneSecondToSevenDaysIsAuthorizationQueryParametersError(String expires) {
        HttpRequestView req = presigned(T, Duration.ofSeconds(60));
        HttpRequestView bad = withQuery(req, req.rawQuery().replace("X-Amz-Expires=60", "X-Amz-Expires=" + expires));
        SigV4Exception e = parseFails(bad);
        assertThat(e.code()).isEqualTo("AuthorizationQueryParametersError");
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void presignedSevenDaysIsAllowed() {
        HttpRequestView req = presigned(T, Duration.ofSeconds(604_800));
        assertThat(SigV4Parser.parse(req).expires()).isEqualTo(Duration.ofDays(7));
        assertThatCode(() -> verifierAt(T.plus(Duration.ofDays(6)), cache).verify(req, SigV4Parser.parse(req), SECRET))
                .doesNotThrowAnyException();
    }

    // --- malformed authentication ----------------------------------------------------------------------

    @Test
    void noAuthorizationAndNoQueryAlgorithmIsMissingAuthenticationToken() {
        SigV4Exception e = parseFails(stsGet());
        assertThat(e.code()).isEqualTo("MissingAuthenticationToken");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.message()).isEqualTo("Request is missing Authentication Token");
    }

    @Test
    void authorizationHeaderMissingPartsIsIncompleteSignatureNamingThem() {
        HttpRequestView req = withHeader(headerSigned(stsGet(), CREDS, T), "Authorization", AUTH_PREFIX);
        SigV4Exception e = parseFails(req);
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("Authorization header requires 'Signature' parameter. "
                + "Authorization header requires 'SignedHeaders' parameter.");

        SigV4Exception onlyAlgorithm = parseFails(withHeader(req, "Authorization", "AWS4-HMAC-SHA256"));
        assertThat(onlyAlgorithm.message()).contains("'Credential'", "'Signature'", "'SignedHeaders'");
    }

    @Test
    void missingXAmzDateAndDateIsIncompleteSignature() {
        HttpRequestView req = withHeader(headerSigned(stsGet(), CREDS, T), "X-Amz-Date", null);
        SigV4Exception e = parseFails(req);
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).isEqualTo(
                "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    }

    @Test
    void malformedXAmzDateIsIncompleteSignature() {
        HttpRequestView req = withHeader(headerSigned(stsGet(), CREDS, T), "X-Amz-Date", "2015-08-30T12:36:00Z");
        SigV4Exception e = parseFails(req);
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.message()).startsWith("Date must be in ISO-8601 'basic format'.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AWS4-HMAC-SHA512 Credential=a/b/c/d/aws4_request, SignedHeaders=host, Signature=00",
            "AWS AKIDEXAMPLE:c2lnbmF0dXJl", "Bearer eyJhbGciOi"})
    void unsupportedAlgorithmIsIncompleteSignature(String authorization) {
        SigV4Exception e = parseFails(withHeader(stsGet(), "Authorization", authorization));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).startsWith("Unsupported AWS 'algorithm': '").doesNotContain("eyJhbGciOi");
    }

    @Test
    void componentWithoutEqualSignIsIncompleteSignature() {
        SigV4Exception e = parseFails(withHeader(withHeader(stsGet(), "X-Amz-Date", "20150830T123600Z"), "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, host, Signature=00"));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.message()).isEqualTo("'host' not a valid key=value pair (missing equal-sign) in Authorization header.");
    }

    @ParameterizedTest
    @ValueSource(strings = {"AKIDEXAMPLE/20150830/us-east-1/aws4_request", "AKIDEXAMPLE/20150830/us-east-1/sts/x/aws4_request",
            "AKID/EXAMPLE/20150830/us-east-1/sts/aws4_request", "AKIDEXAMPLE//us-east-1/sts/aws4_request"})
    void credentialWithWrongNumberOfPartsIsIncompleteSignature(String credential) {
        SigV4Exception e = parseFails(withHeader(headerSigned(stsGet(), CREDS, T), "Authorization",
                "AWS4-HMAC-SHA256 Credential=" + credential + ", SignedHeaders=host;x-amz-date, Signature=00"));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).startsWith("Credential must have exactly 5 slash-delimited elements");
    }

    @Test
    void credentialTerminatorOtherThanAws4RequestIsIncompleteSignature() {
        SigV4Exception e = parseFails(withHeader(headerSigned(stsGet(), CREDS, T), "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws5_request, SignedHeaders=host;x-amz-date, Signature=00"));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.message()).isEqualTo("Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'.");
    }

    @Test
    void scopeDateDifferentFromRequestDayIsSignatureDoesNotMatch() {
        HttpRequestView req = headerSigned(stsGet(), CREDS, T);
        HttpRequestView bad = withHeader(req, "Authorization",
                req.header("Authorization").replace("/20150830/", "/20150831/"));
        SigV4Exception e = verifyFails(bad, T, SECRET);
        assertThat(e.code()).isEqualTo("SignatureDoesNotMatch");
        assertThat(e.httpStatus()).isEqualTo(403);
        assertThat(e.message()).isEqualTo("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of "
                + "date from HTTP: '20150831' != '20150830', from '20150830T123600Z'.");
    }

    @Test
    void hostMustBeSigned() {
        HttpRequestView req = headerSigned(stsGet(), CREDS, T);
        SigV4Exception e = parseFails(withHeader(req, "Authorization",
                req.header("Authorization").replace("SignedHeaders=host;x-amz-date", "SignedHeaders=x-amz-date")));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).isEqualTo("'Host' must be a 'SignedHeader' in the AWS Authorization.");
    }

    @Test
    void presignedMissingParametersIsIncompleteSignature() {
        SigV4Exception e = parseFails(withQuery(stsGet(), "Action=GetCallerIdentity&X-Amz-Algorithm=AWS4-HMAC-SHA256"));
        assertThat(e.code()).isEqualTo("IncompleteSignature");
        assertThat(e.httpStatus()).isEqualTo(400);
        assertThat(e.message()).contains("AWS query-string parameters must include 'X-Amz-Credential'.",
                "'X-Amz-Signature'", "'X-Amz-SignedHeaders'", "'X-Amz-Date'");
    }

    // --- payload hash ------------------------------------------------------------------------------------

    @Test
    void contentSha256NotMatchingTheBodyIsRejected() {
        HttpRequestView req = signer.signWithHeaders(stsPost("Action=GetCallerIdentity"), CREDS, "us-east-1", "sts", T,
                new SigningOptions(true, true, false));
        HttpRequestView bad = withHeader(req, "x-amz-content-sha256", Crypto.sha256Hex("other"));
        SigV4Exception e = verifyFails(bad, T, SECRET);
        assertThat(e.code()).isEqualTo("XAmzContentSHA256Mismatch");
        assertThat(e.httpStatus()).isEqualTo(400);

        HttpRequestView unsigned = withHeader(req, "x-amz-content-sha256", "UNSIGNED-PAYLOAD");
        assertThat(verifyFails(unsigned, T, SECRET).code()).isEqualTo("XAmzContentSHA256Mismatch");
    }

    // --- session token appended after signing (suite's omit_session_token) ------------------------------

    @Test
    void presignedTokenAppendedAfterSigningIsAcceptedButAnyOtherAdditionIsNot() {
        SigningCredentials temp = new SigningCredentials("ASIAEXAMPLE", SECRET, TOKEN);
        HttpRequestView req = signer.presign(stsGet(), temp, "us-east-1", "sts", T, Duration.ofMinutes(5),
                new SigningOptions(true, false, true));
        ParsedSignature sig = SigV4Parser.parse(req);
        assertThat(sig.securityToken()).isEqualTo(TOKEN);
        assertThatCode(() -> verifierAt(T, cache).verify(req, sig, SECRET)).doesNotThrowAnyException();

        HttpRequestView extra = withQuery(req, req.rawQuery() + "&Extra=1");
        assertThat(verifyFails(extra, T, SECRET).code()).isEqualTo("SignatureDoesNotMatch");
    }

    @Test
    void exceptionCarriesNoStackTraceAndIsUnchecked() {
        SigV4Exception e = parseFails(stsGet());
        assertThat(e).isInstanceOf(RuntimeException.class);
        assertThat(e.getStackTrace()).isEmpty();
    }
}
