package dev.opensts.credentials;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SessionTokenCodecTest {
    private static final String K1 = key(1);
    private static final String K2 = key(2);
    private static final String AKID = "ASIAAAAAAAAAB2345678";
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYzEXAMPLEKE";
    private static final Instant ISSUED = Instant.parse("2025-03-01T10:15:30.123Z");

    private static final String DEPLOYMENT = "opensts-test";
    private static final String AAD = SessionTokenCodec.AAD_PREFIX + DEPLOYMENT + ":" + AKID;
    private final KeyRing ring1 = KeyRing.parse("k1=" + K1, new SecureRandom());
    private final SessionTokenCodec codec = new SessionTokenCodec(ring1, DEPLOYMENT);

    private static String key(int seed) {
        byte[] bytes = new byte[32];
        new Random(seed).nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** A chained role session with every field set. */
    static SessionClaims full() {
        var tags = new LinkedHashMap<String, String>();
        tags.put("Project", "Zürich-☃");
        tags.put("CostCenter", "12345");
        tags.put("Department", "");
        return new SessionClaims(SessionKind.ASSUMED_ROLE, "123456789012", AKID, SECRET,
                "arn:aws:sts::123456789012:assumed-role/Deploy/ci-run-42", "AROAAAAAAAAAAAAAAAAA:ci-run-42",
                "arn:aws:iam::123456789012:role/team/Deploy", "Deploy", "AROAAAAAAAAAAAAAAAAA", "ci-run-42",
                null,
                ISSUED, ISSUED.plusSeconds(3600),
                "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}]}",
                List.of("arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::123456789012:policy/Extra"),
                tags, List.of("Project", "CostCenter"),
                "alice@example.com", true, ISSUED.minusSeconds(120),
                2, "AKIAAAAAAAAAB7654321", "arn:aws:iam::123456789012:user/alice", "ASIAAAAAAAAAC2222222",
                List.of(new SessionClaims.ChainLink("ASIAAAAAAAAAC1111111",
                                "arn:aws:sts::123456789012:assumed-role/First/s1", ISSUED.minusSeconds(600), null),
                        new SessionClaims.ChainLink("ASIAAAAAAAAAC2222222",
                                "arn:aws:sts::123456789012:assumed-role/Second/s2", ISSUED.minusSeconds(60),
                                "alice@example.com")));
    }

    /** A typical AssumeRole session: two tags, no policy. */
    static SessionClaims typical() {
        return new SessionClaims(SessionKind.ASSUMED_ROLE, "123456789012", AKID, SECRET,
                "arn:aws:sts::123456789012:assumed-role/Deploy/ci-run-42", "AROAAAAAAAAAAAAAAAAA:ci-run-42",
                "arn:aws:iam::123456789012:role/Deploy", "Deploy", "AROAAAAAAAAAAAAAAAAA", "ci-run-42", null,
                ISSUED, ISSUED.plusSeconds(3600), null, List.of(),
                Map.of("Project", "apollo", "Team", "platform"), List.of(), null, false, null,
                0, "AKIAAAAAAAAAB7654321", "arn:aws:iam::123456789012:user/alice", "AKIAAAAAAAAAB7654321");
    }

    /** A root session: every nullable field null, every collection null (normalised to empty). */
    static SessionClaims minimal() {
        return new SessionClaims(SessionKind.ROOT_SESSION, "123456789012", AKID, SECRET,
                "arn:aws:iam::123456789012:root", "123456789012",
                null, null, null, null, null,
                ISSUED, ISSUED.plusSeconds(900), null, null, null, null, null, false, null,
                0, "AKIAAAAAAAAAB7654321", "arn:aws:iam::123456789012:root", "AKIAAAAAAAAAB7654321");
    }

    static SessionClaims userSession() {
        return new SessionClaims(SessionKind.USER_SESSION, "123456789012", AKID, SECRET,
                "arn:aws:iam::123456789012:user/alice", "AIDAAAAAAAAAAAAAAAAA",
                null, null, null, null, "alice",
                ISSUED, ISSUED.plusSeconds(43200), null, List.of(), Map.of(), List.of(), null, true, ISSUED,
                0, "AKIAAAAAAAAAB7654321", "arn:aws:iam::123456789012:user/alice", "AKIAAAAAAAAAB7654321");
    }

    private SessionClaims decode(String token) {
        return codec.decode(token, AKID);
    }

    private void assertInvalid(String token, String accessKeyId) {
        assertThatThrownBy(() -> codec.decode(token, accessKeyId)).isInstanceOf(InvalidSessionTokenException.class);
    }

    // ---- round trips -----------------------------------------------------------------------

    @Test
    void roundTripsEveryFieldSet() {
        SessionClaims claims = full();
        SessionClaims decoded = decode(codec.encode(claims));
        assertThat(decoded).isEqualTo(claims);
        assertThat(decoded.secretAccessKey()).isEqualTo(SECRET);
        assertThat(decoded.tags().keySet()).containsExactly("Project", "CostCenter", "Department");
        assertThat(decoded.parentAccessKeyId()).isEqualTo("ASIAAAAAAAAAC2222222");
        assertThat(decoded.mfaAuthTime()).isEqualTo(ISSUED.minusSeconds(120));
    }

    @Test
    void roundTripsEveryNullableFieldNull() {
        SessionClaims claims = minimal();
        SessionClaims decoded = decode(codec.encode(claims));
        assertThat(decoded).isEqualTo(claims);
        assertThat(decoded.roleArn()).isNull();
        assertThat(decoded.sessionPolicy()).isNull();
        assertThat(decoded.sourceIdentity()).isNull();
        assertThat(decoded.mfaAuthTime()).isNull();
        assertThat(decoded.sessionPolicyArns()).isEmpty();
        assertThat(decoded.tags()).isEmpty();
        assertThat(decoded.transitiveTagKeys()).isEmpty();
    }

    @Test
    void roundTripsUserAndTypicalSessions() {
        assertThat(decode(codec.encode(userSession()))).isEqualTo(userSession());
        assertThat(decode(codec.encode(typical()))).isEqualTo(typical());
    }

    @Test
    void emptyStringsStayEmptyNotNull() {
        var c = full();
        var withEmpty = new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(),
                c.principalArn(), c.principalId(), c.roleArn(), c.roleName(), c.roleId(), c.sessionName(), null,
                c.issuedAt(), c.expiresAt(), "", c.sessionPolicyArns(), c.tags(), c.transitiveTagKeys(), "",
                false, null, c.chainDepth(), c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId());
        SessionClaims decoded = decode(codec.encode(withEmpty));
        assertThat(decoded).isEqualTo(withEmpty);
        assertThat(decoded.sessionPolicy()).isEmpty();
        assertThat(decoded.sourceIdentity()).isEmpty();
    }

    @Test
    void instantsAreKeptToTheMillisecond() {
        var c = minimal();
        var precise = new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(),
                c.principalArn(), c.principalId(), null, null, null, null, null,
                Instant.parse("2025-03-01T10:15:30.123456789Z"), Instant.parse("2025-03-01T11:15:30.999999999Z"),
                null, null, null, null, null, false, null, 0, c.originAccessKeyId(), c.originPrincipalArn(),
                c.parentAccessKeyId());
        assertThat(precise.issuedAt()).isEqualTo(Instant.parse("2025-03-01T10:15:30.123Z"));
        assertThat(decode(codec.encode(precise))).isEqualTo(precise);
    }

    @Test
    void tokenIsUrlSafeCarriesMarkerAndKeyIdAndNoSecret() {
        String token = codec.encode(full());
        assertThat(token).startsWith("OST3.k1~").matches("[A-Za-z0-9._~-]+");
        assertThat(token).doesNotContain(SECRET).doesNotContain("Deploy");
        assertThat(codec.encode(full())).as("a fresh nonce each time").isNotEqualTo(token);
        String typical = codec.encode(typical());
        System.out.println("typical AssumeRole token (2 tags, no policy): " + typical.length() + " chars");
        System.out.println("full token: " + token.length() + " chars");
    }

    // ---- rejection -------------------------------------------------------------------------

    @Test
    void rejectsTamperedCharacters() {
        String token = codec.encode(full());
        // prefix, key id, separators, the first, middle and next-to-last payload characters
        // (the last base64 character may carry unused bits)
        int[] positions = {0, 3, 4, 5, 6, 7, 8, 9, 20, token.length() / 2, token.length() - 30, token.length() - 2};
        for (int i : positions) {
            char[] chars = token.toCharArray();
            chars[i] = chars[i] == 'A' ? 'B' : 'A';
            assertInvalid(new String(chars), AKID);
        }
    }

    @Test
    void rejectsEveryFlippedBitOfNonceCiphertextAndTag() {
        String token = codec.encode(typical());
        String head = token.substring(0, "OST3.k1~".length());
        byte[] sealed = Base64.getUrlDecoder().decode(token.substring(head.length()));
        for (int i = 0; i < sealed.length; i++) {
            for (int bit : new int[] {0, 7}) {
                byte[] copy = sealed.clone();
                copy[i] ^= (byte) (1 << bit);
                assertInvalid(head + Base64.getUrlEncoder().withoutPadding().encodeToString(copy), AKID);
            }
        }
    }

    @Test
    void rejectsTruncatedTokens() {
        String token = codec.encode(full());
        for (int len = 0; len < token.length(); len += (len < 12 ? 1 : 7)) {
            assertInvalid(token.substring(0, len), AKID);
        }
        assertInvalid(token.substring(0, token.length() - 1), AKID);
        assertInvalid(token + "A", AKID);
    }

    @Test
    void rejectsAnotherAccessKeyId() {
        String token = codec.encode(full());
        assertInvalid(token, "ASIAAAAAAAAAB2345679");
        assertInvalid(token, AKID.toLowerCase());
        assertInvalid(token, "");
        assertInvalid(token, null);
    }

    @Test
    void rejectsTokensOfAnotherKeyRing() {
        var foreign = new SessionTokenCodec(KeyRing.parse("k1=" + K2, new SecureRandom()), DEPLOYMENT);
        assertInvalid(foreign.encode(full()), AKID);
        assertThatThrownBy(() -> foreign.decode(codec.encode(full()), AKID))
                .isInstanceOf(InvalidSessionTokenException.class);
    }

    @Test
    void rejectsTheRingsOtherSealedTextsAsTokens() {
        // the ring also seals stored secret keys with the bare access key id as associated data
        String sealedSecret = ring1.sealString(SECRET, AKID);
        assertInvalid("OST3." + sealedSecret, AKID);
        assertInvalid(sealedSecret, AKID);
        // and a token is not a sealed secret
        String token = codec.encode(typical());
        assertThat(ring1.open(token.substring("OST3.".length()), AKID)).isEmpty();
    }

    @Test
    void rotationOpensOldTokensAndSealsNewOnesUnderTheNewKey() {
        String old = codec.encode(full());
        var rotated = new SessionTokenCodec(KeyRing.parse("k2=" + K2 + ",k1=" + K1, new SecureRandom()), DEPLOYMENT);
        assertThat(rotated.decode(old, AKID)).isEqualTo(full());
        String fresh = rotated.encode(full());
        assertThat(fresh).startsWith("OST3.k2~");
        assertThat(rotated.decode(fresh, AKID)).isEqualTo(full());
        assertThatThrownBy(() -> codec.decode(fresh, AKID)).isInstanceOf(InvalidSessionTokenException.class);
    }

    @Test
    void carriesTheChainOfAncestorsAndRefusesMoreThanSixteen() {
        SessionClaims c = full();
        assertThat(decode(codec.encode(c)).chain()).hasSize(2).isEqualTo(c.chain());
        var links = new java.util.ArrayList<SessionClaims.ChainLink>();
        for (int i = 0; i < SessionClaims.MAX_CHAIN; i++) {
            links.add(new SessionClaims.ChainLink("ASIAAAAAAAAAC00000" + (10 + i),
                    "arn:aws:sts::123456789012:assumed-role/R/s" + i, ISSUED.minusSeconds(100 - i), null));
        }
        var longest = withChain(c, links);
        assertThat(decode(codec.encode(longest)).chain()).isEqualTo(links);
        assertThat(longest.chainWithSelf()).hasSize(SessionClaims.MAX_CHAIN + 1).last()
                .isEqualTo(new SessionClaims.ChainLink(c.accessKeyId(), c.principalArn(), c.issuedAt(),
                        c.sourceIdentity()));
        links.add(new SessionClaims.ChainLink("ASIAAAAAAAAAC0000099", "arn:aws:sts::123456789012:assumed-role/R/x",
                ISSUED, null));
        assertThatThrownBy(() -> withChain(c, links)).isInstanceOf(IllegalArgumentException.class);
        // a token claiming 17 ancestors is malformed
        byte[] plaintext = SessionTokenCodec.serialize(longest);
        int countAt = plaintext.length - longest.chain().stream()
                .mapToInt(l -> 2 + l.accessKeyId().length() + l.principalArn().length() + 8 + 1).sum() - 1;
        assertThat(plaintext[countAt]).isEqualTo((byte) SessionClaims.MAX_CHAIN);
        plaintext[countAt] = (byte) (SessionClaims.MAX_CHAIN + 1);
        assertThatThrownBy(() -> decode("OST3." + ring1.seal(plaintext, AAD)))
                .isInstanceOf(InvalidSessionTokenException.class);
    }

    private static SessionClaims withChain(SessionClaims c, List<SessionClaims.ChainLink> chain) {
        return new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(), c.principalArn(),
                c.principalId(), c.roleArn(), c.roleName(), c.roleId(), c.sessionName(), c.userName(), c.issuedAt(),
                c.expiresAt(), c.sessionPolicy(), c.sessionPolicyArns(), c.tags(), c.transitiveTagKeys(),
                c.sourceIdentity(), c.mfaPresent(), c.mfaAuthTime(), c.chainDepth(), c.originAccessKeyId(),
                c.originPrincipalArn(), c.parentAccessKeyId(), chain);
    }

    @Test
    void rejectsUnsupportedFormatsAndVersions() {
        String token = codec.encode(typical());
        assertInvalid("OST2." + token.substring(5), AKID);
        assertInvalid(token.substring(5), AKID);

        byte[] plaintext = SessionTokenCodec.serialize(typical());
        plaintext[0] = 1; // format 1 had no chain: no longer read
        assertThatThrownBy(() -> decode("OST3." + ring1.seal(plaintext, AAD)))
                .isInstanceOf(InvalidSessionTokenException.class).hasMessageContaining("version");
        assertThatThrownBy(() -> decode("OST3." + ring1.seal(new byte[0], AAD)))
                .isInstanceOf(InvalidSessionTokenException.class);
    }

    @Test
    void rejectsAuthenticCraftedPlaintexts() {
        byte[] good = SessionTokenCodec.serialize(full());
        assertThat(decode(sealRaw(good))).isEqualTo(full());
        // trailing byte, every truncation, unknown kind, unknown flag
        assertInvalid(sealRaw(Arrays.copyOf(good, good.length + 1)), AKID);
        for (int len = 0; len < good.length; len++) {
            assertInvalid(sealRaw(Arrays.copyOf(good, len)), AKID);
        }
        for (int kind : new int[] {0, 4, 255}) {
            byte[] bad = good.clone();
            bad[1] = (byte) kind;
            assertInvalid(sealRaw(bad), AKID);
        }
        byte[] badFlags = good.clone();
        badFlags[2] |= 8;
        assertInvalid(sealRaw(badFlags), AKID);
        // a string length far beyond the plaintext, an over-long varint
        byte[] hugeString = {1, 3, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07, 'x'};
        assertInvalid(sealRaw(hugeString), AKID);
        byte[] longVarint = {1, 3, 0, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01};
        assertInvalid(sealRaw(longVarint), AKID);
        // every byte position set to 0xFF in turn: rejected or (rarely) still a valid session
        for (int i = 0; i < good.length; i++) {
            byte[] bad = good.clone();
            bad[i] = (byte) 0xFF;
            try {
                assertThat(decode(sealRaw(bad))).isNotNull();
            } catch (InvalidSessionTokenException expected) {
                // fine
            }
        }
    }

    static SessionClaims federatedUser() {
        return SessionClaims.builder().kind(SessionKind.FEDERATED_USER).accountId("123456789012").accessKeyId(AKID)
                .secretAccessKey(SECRET).principalArn("arn:aws:sts::123456789012:federated-user/Bob")
                .principalId("123456789012:Bob").sessionName("Bob").userName("alice").issuerId("AIDAAAAAAAAAAAAAAAAA")
                .issuedAt(ISSUED).expiresAt(ISSUED.plusSeconds(43200))
                .sessionPolicy("{\"Version\":\"2012-10-17\",\"Statement\":[]}").tags(Map.of("team", "blue"))
                .originAccessKeyId("AKIAAAAAAAAAB7654321").originPrincipalArn("arn:aws:iam::123456789012:user/alice")
                .parentAccessKeyId("AKIAAAAAAAAAB7654321").build();
    }

    @Test
    void roundTripsAFederatedUserAndRefusesItUnderAnotherKind() {
        assertThat(decode(codec.encode(federatedUser()))).isEqualTo(federatedUser());
        var rootIssued = SessionClaims.builder().kind(SessionKind.FEDERATED_USER).accountId("123456789012")
                .accessKeyId(AKID).secretAccessKey(SECRET).principalArn("arn:aws:sts::123456789012:federated-user/Ops")
                .principalId("123456789012:Ops").sessionName("Ops").issuerId("123456789012").issuedAt(ISSUED)
                .expiresAt(ISSUED.plusSeconds(3600)).originAccessKeyId("AKIAAAAAAAAAB7654321")
                .originPrincipalArn("arn:aws:iam::123456789012:root").parentAccessKeyId("AKIAAAAAAAAAB7654321").build();
        assertThat(decode(codec.encode(rootIssued))).isEqualTo(rootIssued);
        byte[] good = SessionTokenCodec.serialize(federatedUser());
        for (int kind : new int[] {1, 2, 3}) { // its issuer id would trail, its session name would not fit
            byte[] bad = good.clone();
            bad[1] = (byte) kind;
            assertInvalid(sealRaw(bad), AKID);
        }
        assertThatThrownBy(() -> SessionClaims.builder().kind(SessionKind.USER_SESSION).accountId("123456789012")
                .accessKeyId(AKID).secretAccessKey(SECRET).principalArn("a").principalId("b").userName("alice")
                .issuerId("AIDAAAAAAAAAAAAAAAAA").issuedAt(ISSUED).expiresAt(ISSUED).originAccessKeyId("x")
                .originPrincipalArn("y").parentAccessKeyId("x").build()).isInstanceOf(IllegalArgumentException.class);
    }

    private String sealRaw(byte[] plaintext) {
        return "OST3." + ring1.seal(plaintext, AAD);
    }

    @Test
    void garbageOnlyEverYieldsInvalidSessionToken() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ %\u00e9\u2603\0";
        String valid = codec.encode(full());
        var random = new Random(42);
        for (int i = 0; i < 3000; i++) {
            String candidate = switch (i % 4) {
                case 0 -> randomText(random, alphabet, random.nextInt(200));
                case 1 -> "OST3.k1~" + randomText(random, alphabet, random.nextInt(600));
                case 2 -> "OST3." + randomText(random, alphabet, random.nextInt(20)) + "." + randomText(random,
                        alphabet.substring(0, 64), random.nextInt(600));
                default -> mutate(random, valid, alphabet);
            };
            try {
                SessionClaims decoded = decode(candidate);
                // only a change to unused bits of the last base64 character can survive
                assertThat(decoded).isEqualTo(full());
            } catch (InvalidSessionTokenException expected) {
                assertThat(expected.getMessage()).doesNotContain(candidate.length() > 8 ? candidate : "\u0001");
            }
        }
        assertInvalid("", AKID);
        assertInvalid(null, AKID);
        assertInvalid("OST3.", AKID);
        assertInvalid("OST1..", AKID);
        assertInvalid("OST3.k1~", AKID);
        assertInvalid("OST1.k1.====", AKID);
        assertInvalid("OST3.k1~" + "A".repeat(SessionTokenCodec.MAX_TOKEN_LENGTH), AKID);
        assertInvalid("A".repeat(5_000_000), AKID);
    }

    private static String randomText(Random random, String alphabet, int length) {
        var sb = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    private static String mutate(Random random, String token, String alphabet) {
        var sb = new StringBuilder(token);
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(sb.length());
            switch (random.nextInt(3)) {
                case 0 -> sb.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
                case 1 -> sb.deleteCharAt(at);
                default -> sb.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return sb.toString();
    }

    @Test
    void exceptionMessagesNeverEchoTheToken() {
        String token = codec.encode(full());
        assertThatThrownBy(() -> codec.decode(token, "ASIAAAAAAAAAB2345679"))
                .isInstanceOf(InvalidSessionTokenException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token.substring(8, 40)).doesNotContain(SECRET));
    }

    // ---- size limits -----------------------------------------------------------------------

    @Test
    void encodeRefusesWhatDecodeWouldRejectAndTheLimitIsExact() {
        var c = typical();
        int largest = 0;
        boolean refused = false;
        // each policy byte adds 4/3 of a character: start ~100 bytes below the limit
        int start = (SessionTokenCodec.MAX_TOKEN_LENGTH - codec.encode(c).length()) * 3 / 4 - 100;
        for (int size = start; size < start + 250; size++) {
            var big = new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(),
                    c.principalArn(), c.principalId(), c.roleArn(), c.roleName(), c.roleId(), c.sessionName(), null,
                    c.issuedAt(), c.expiresAt(), "x".repeat(size), List.of(), c.tags(), List.of(), null, false,
                    null, 0, c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId());
            try {
                String token = codec.encode(big);
                assertThat(token.length()).isLessThanOrEqualTo(SessionTokenCodec.MAX_TOKEN_LENGTH);
                assertThat(decode(token)).isEqualTo(big);
                largest = Math.max(largest, token.length());
            } catch (SessionTooLargeException e) {
                refused = true;
                assertThat(e.tokenLength()).isGreaterThan(SessionTokenCodec.MAX_TOKEN_LENGTH);
            }
        }
        assertThat(refused).isTrue();
        assertThat(largest).isGreaterThan(SessionTokenCodec.MAX_TOKEN_LENGTH - 4);
    }

    @Test
    void encodeRefusesTooManyItems() {
        var c = typical();
        var tags = new LinkedHashMap<String, String>();
        for (int i = 0; i <= SessionTokenCodec.MAX_ITEMS; i++) {
            tags.put("k" + i, "v");
        }
        var many = new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(),
                c.principalArn(), c.principalId(), c.roleArn(), c.roleName(), c.roleId(), c.sessionName(), null,
                c.issuedAt(), c.expiresAt(), null, List.of(), tags, List.of(), null, false,
                null, 0, c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId());
        assertThatThrownBy(() -> codec.encode(many)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tags");
    }

    // ---- claims ----------------------------------------------------------------------------

    @Test
    void toStringNeverPrintsTheSecret() {
        for (SessionClaims c : List.of(full(), minimal(), userSession(), typical())) {
            assertThat(c.toString()).doesNotContain(SECRET).contains("redacted").contains(AKID);
        }
    }

    @Test
    void claimsEnforceTheirInvariants() {
        var c = typical();
        assertThatThrownBy(() -> new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(),
                c.principalArn(), c.principalId(), null, c.roleName(), c.roleId(), c.sessionName(), null,
                c.issuedAt(), c.expiresAt(), null, null, null, null, null, false, null, 0,
                c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roleArn");
        assertThatThrownBy(() -> new SessionClaims(SessionKind.USER_SESSION, c.accountId(), c.accessKeyId(),
                c.secretAccessKey(), c.principalArn(), c.principalId(), null, null, null, null, null,
                c.issuedAt(), c.expiresAt(), null, null, null, null, null, false, null, 0,
                c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("userName");
        assertThatThrownBy(() -> new SessionClaims(SessionKind.ROOT_SESSION, c.accountId(), "AKIAAAAAAAAAB2345678",
                c.secretAccessKey(), c.principalArn(), c.principalId(), null, null, null, null, null,
                c.issuedAt(), c.expiresAt(), null, null, null, null, null, false, null, 0,
                c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASIA");
        assertThatThrownBy(() -> new SessionClaims(SessionKind.ROOT_SESSION, c.accountId(), c.accessKeyId(),
                c.secretAccessKey(), c.principalArn(), c.principalId(), null, null, null, null, null,
                c.issuedAt(), c.expiresAt(), null, null, null, null, null, false, null, 1,
                c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chained");
        assertThatThrownBy(() -> new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(),
                c.principalArn(), c.principalId(), c.roleArn(), c.roleName(), c.roleId(), c.sessionName(), null,
                c.expiresAt(), c.issuedAt(), null, null, null, null, null, false, null, 0,
                c.originAccessKeyId(), c.originPrincipalArn(), c.parentAccessKeyId()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresAt");
        assertThat(c.tags()).isUnmodifiable();
        assertThat(c.expiredAt(c.expiresAt())).isTrue();
        assertThat(c.expiredAt(c.expiresAt().minusMillis(1))).isFalse();
    }

    // ---- throughput (reported, not asserted) ----------------------------------------------

    @Test
    void encodesAndDecodesTenThousandTokens() {
        SessionClaims claims = typical();
        for (int i = 0; i < 20_000; i++) { // warm-up
            decode(codec.encode(claims));
        }
        // 10 batches of 1,000: the best batch is the figure least disturbed by a busy machine
        int n = 10_000;
        int batch = 1_000;
        String[] tokens = new String[n];
        long encodeTotal = 0;
        long decodeTotal = 0;
        long encodeBest = Long.MAX_VALUE;
        long decodeBest = Long.MAX_VALUE;
        for (int from = 0; from < n; from += batch) {
            long t0 = System.nanoTime();
            for (int i = from; i < from + batch; i++) {
                tokens[i] = codec.encode(claims);
            }
            long t1 = System.nanoTime();
            for (int i = from; i < from + batch; i++) {
                decode(tokens[i]);
            }
            long t2 = System.nanoTime();
            encodeTotal += t1 - t0;
            decodeTotal += t2 - t1;
            encodeBest = Math.min(encodeBest, t1 - t0);
            decodeBest = Math.min(decodeBest, t2 - t1);
        }
        System.out.printf("session token: encode %d ns/op (best batch %d), decode %d ns/op (best batch %d);"
                        + " %d tokens of %d chars%n",
                encodeTotal / n, encodeBest / batch, decodeTotal / n, decodeBest / batch, n, tokens[0].length());
        assertThat(decode(tokens[n - 1])).isEqualTo(claims);
    }

    // ---- deployment binding and the previous format ----------------------------------------------

    @Test
    void aTokenOfAnotherDeploymentDoesNotOpenEvenUnderTheSameKeyRing() {
        var other = new SessionTokenCodec(ring1, "opensts-other");
        assertInvalid(other.encode(full()), AKID);
        assertThatThrownBy(() -> other.decode(codec.encode(full()), AKID))
                .isInstanceOf(InvalidSessionTokenException.class);
    }

    /** The previous form of a sealed text: one ring key, a random 96-bit nonce. */
    private static String sealFormerly(byte[] plaintext, String aad) throws Exception {
        byte[] nonce = new byte[12];
        new SecureRandom().nextBytes(nonce);
        var cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE,
                new javax.crypto.spec.SecretKeySpec(Base64.getDecoder().decode(K1), "AES"),
                new javax.crypto.spec.GCMParameterSpec(128, nonce));
        cipher.updateAAD(aad.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] ct = cipher.doFinal(plaintext);
        byte[] out = new byte[12 + ct.length];
        System.arraycopy(nonce, 0, out, 0, 12);
        System.arraycopy(ct, 0, out, 12, ct.length);
        return "k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
    }

    @Test
    void tokensOfThePreviousFormatStillOpenWithTheirChainTakenAtItsWidest() throws Exception {
        SessionClaims c = full();
        byte[] v2 = SessionTokenCodec.serialize(c, SessionTokenCodec.VERSION_2);
        String former = SessionTokenCodec.PREFIX_V2 + sealFormerly(v2, SessionTokenCodec.AAD_PREFIX_V2 + AKID);
        SessionClaims opened = codec.decode(former, AKID);
        assertThat(opened.accessKeyId()).isEqualTo(c.accessKeyId());
        assertThat(opened.principalArn()).isEqualTo(c.principalArn());
        assertThat(opened.secretAccessKey()).isEqualTo(c.secretAccessKey());
        assertThat(opened.chain()).hasSize(2).allSatisfy(link -> {
            // unknown in that format: the earliest instant and the session's own source identity
            assertThat(link.issuedAt()).isEqualTo(Instant.EPOCH);
            assertThat(link.sourceIdentity()).isEqualTo(c.sourceIdentity());
        });
        assertThat(opened.chain()).extracting(SessionClaims.ChainLink::accessKeyId)
                .containsExactly("ASIAAAAAAAAAC1111111", "ASIAAAAAAAAAC2222222");
        // a version-2 plaintext under the current marker, or the current one under the old marker, is refused
        assertInvalid(SessionTokenCodec.PREFIX + ring1.seal(v2, AAD), AKID);
        assertInvalid(SessionTokenCodec.PREFIX_V2 + sealFormerly(SessionTokenCodec.serialize(c),
                SessionTokenCodec.AAD_PREFIX_V2 + AKID), AKID);
        // the old form's associated data does not open under the new marker
        assertInvalid(SessionTokenCodec.PREFIX + sealFormerly(SessionTokenCodec.serialize(c),
                SessionTokenCodec.AAD_PREFIX_V2 + AKID), AKID);
    }

    @Test
    void aWebIdentityRoundTripsAndAddsNothingToTokensWithoutOne() {
        SessionClaims c = full();
        var web = new SessionClaims(c.kind(), c.accountId(), c.accessKeyId(), c.secretAccessKey(), c.principalArn(),
                c.principalId(), c.roleArn(), c.roleName(), c.roleId(), c.sessionName(), c.userName(), c.issuedAt(),
                c.expiresAt(), c.sessionPolicy(), c.sessionPolicyArns(), c.tags(), c.transitiveTagKeys(),
                c.sourceIdentity(), c.mfaPresent(), c.mfaAuthTime(), c.chainDepth(), c.originAccessKeyId(),
                c.originPrincipalArn(), c.parentAccessKeyId(), c.chain(), new SessionClaims.WebIdentity(
                "arn:aws:iam::123456789012:oidc-provider/k8s.example.com", "system:serviceaccount:ci:builder"));

        assertThat(decode(codec.encode(web))).isEqualTo(web);
        assertThat(decode(codec.encode(c)).webIdentity()).isNull();
        byte[] with = SessionTokenCodec.serialize(web);
        byte[] without = SessionTokenCodec.serialize(c);
        assertThat(with.length).isGreaterThan(without.length);
        assertThat(java.util.Arrays.copyOf(with, without.length)).as("the web identity is a trailer")
                .isEqualTo(withFlag(without));
        // the previous format cannot carry one, so it is refused rather than dropped
        assertThatThrownBy(() -> SessionTokenCodec.serialize(web, SessionTokenCodec.VERSION_2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** The plaintext with the web identity flag (bit 3 of byte 2) set. */
    private static byte[] withFlag(byte[] plaintext) {
        byte[] copy = plaintext.clone();
        copy[2] |= 8;
        return copy;
    }
}
