package dev.opensts.credentials;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Self-contained session tokens: the {@link SessionClaims}, serialized compactly and sealed with
 * AES-256-GCM under the key ring's current key (a sub-key derived from it, see {@link KeyRing}),
 * so any replica holding the ring validates any token without shared state.
 *
 * <h2>Token text</h2>
 * {@code OST3.<keyId>~<base64url(salt | nonce | ciphertext | tag)>}: a format marker, then
 * {@link KeyRing#seal} output. Every character is URL-safe ({@code [A-Za-z0-9._~-]}). The associated
 * data is {@code "sts-session-token/3:" + deploymentId + ":" + accessKeyId}: it binds the token to its
 * access key id and to its deployment (two deployments that share a key ring by mistake do not accept
 * each other's tokens), and separates tokens from the other things the same ring seals (stored secret
 * keys, whose associated data is the bare access key id), so neither can be passed off as the other.
 *
 * <p>Tokens of the previous format, {@code OST1.} (plaintext version 2, associated data
 * {@code "sts-session-token/1:" + accessKeyId}), still open, so that an upgrade does not end live
 * sessions; their chain links carry no issue time or source identity, which are then taken as the
 * earliest possible and the session's own (a revocation can only match more of them, never less).
 *
 * <h2>Plaintext, format version 3</h2>
 * <pre>
 * u8      version = 3
 * u8      kind: 1 ASSUMED_ROLE, 2 USER_SESSION, 3 ROOT_SESSION, 4 FEDERATED_USER
 * u8      flags: bit 0 mfaPresent, bit 1 mfaAuthTime present, bit 2 parentAccessKeyId equals
 *         originAccessKeyId (and is then not repeated), bit 3 web identity present; other bits must be 0
 * str     accountId, secretAccessKey, principalArn, principalId
 * nstr    roleArn, roleName, roleId, sessionName, userName
 * i64     issuedAt, expiresAt (epoch millis, big-endian)
 * nstr    sessionPolicy
 * list    sessionPolicyArns         (varint count, then str each)
 * map     tags                      (varint count, then str key, str value each, in order)
 * list    transitiveTagKeys
 * nstr    sourceIdentity
 * [i64    mfaAuthTime]              (when flag bit 1)
 * varint  chainDepth
 * str     originAccessKeyId, originPrincipalArn
 * [str    parentAccessKeyId]        (unless flag bit 2)
 * varint  chain count (at most 16), then for each, oldest first: str accessKeyId, str principalArn,
 *         i64 issuedAt, nstr sourceIdentity (version 2: the first two only)
 * [str    webIdentity providerArn, str webIdentity subject]   (when flag bit 3)
 * [str    issuerId]                 (when kind is FEDERATED_USER)
 * </pre>
 * The federated user joined format 3 as a kind, likewise: other tokens are unchanged, and a replica that predates it
 * refuses the unknown kind as malformed.
 * The web identity joined format 3 as a flag, not a new version: tokens without one are byte for byte what they
 * were, and a replica that predates it refuses a web identity session (an unknown flag is malformed) rather than
 * honour it without knowing which identity a revocation of it would name.
 * {@code str} is a varint byte length and UTF-8 bytes; {@code nstr} is a varint of (length + 1),
 * 0 meaning null. Varints are unsigned LEB128, at most 5 bytes. Nothing may follow the last field.
 * The access key id is not in the plaintext: it is the associated data, already authenticated.
 *
 * <p>Expiry is not checked here: the caller compares {@link SessionClaims#expiresAt()} with its
 * clock (and answers ExpiredToken). Revocation is likewise the caller's.
 */
public final class SessionTokenCodec {
    /** Longest token accepted by {@link #decode} and produced by {@link #encode}. */
    public static final int MAX_TOKEN_LENGTH = 8192;
    /** Most elements in each of sessionPolicyArns, tags and transitiveTagKeys (AWS: 10, 50, 50). */
    public static final int MAX_ITEMS = 128;

    static final String PREFIX = "OST3.";
    static final byte VERSION = 3;
    static final String AAD_PREFIX = "sts-session-token/3:";
    /** The previous format, still opened. */
    static final String PREFIX_V2 = "OST1.";
    static final byte VERSION_2 = 2;
    static final String AAD_PREFIX_V2 = "sts-session-token/1:";

    private static final int FLAG_MFA = 1;
    private static final int FLAG_MFA_TIME = 2;
    private static final int FLAG_PARENT_IS_ORIGIN = 4;
    private static final int FLAG_WEB_IDENTITY = 8;
    private static final int KNOWN_FLAGS = FLAG_MFA | FLAG_MFA_TIME | FLAG_PARENT_IS_ORIGIN | FLAG_WEB_IDENTITY;
    private static final SessionKind[] KINDS = {null, SessionKind.ASSUMED_ROLE, SessionKind.USER_SESSION,
            SessionKind.ROOT_SESSION, SessionKind.FEDERATED_USER};

    private final KeyRing keyRing;
    private final String deploymentId;

    /** @param deploymentId this deployment's id (OPENSTS_DEPLOYMENT_ID), bound into every token */
    public SessionTokenCodec(KeyRing keyRing, String deploymentId) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
    }

    /**
     * The token for these claims, bound to {@code claims.accessKeyId()}.
     *
     * @throws SessionTooLargeException when the token would exceed {@link #MAX_TOKEN_LENGTH}
     * @throws IllegalArgumentException when a list or the tag map has more than {@link #MAX_ITEMS}
     */
    public String encode(SessionClaims claims) {
        byte[] plaintext = serialize(claims);
        // seal adds a 24-byte salt, a 12-byte nonce and a 16-byte tag, base64 adds a third: check before sealing
        int expected = PREFIX.length() + keyRing.currentKeyId().length() + 1
                + base64Length(plaintext.length + KeyRing.OVERHEAD);
        if (expected > MAX_TOKEN_LENGTH) {
            throw new SessionTooLargeException(expected);
        }
        String token = PREFIX + keyRing.seal(plaintext, aad(claims.accessKeyId()));
        Arrays.fill(plaintext, (byte) 0);
        return token;
    }

    /**
     * Opens a token presented with {@code accessKeyId}. Does not check expiry.
     *
     * @throws InvalidSessionTokenException when the token is missing, too long, malformed,
     *     truncated, tampered with, sealed under a key the ring does not hold, bound to another
     *     access key id, or of an unsupported version
     */
    public SessionClaims decode(String token, String accessKeyId) throws InvalidSessionTokenException {
        if (token == null || token.isEmpty() || accessKeyId == null) {
            throw new InvalidSessionTokenException("missing session token");
        }
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidSessionTokenException("session token is too long");
        }
        boolean current = token.startsWith(PREFIX);
        if (!current && !token.startsWith(PREFIX_V2)) {
            throw new InvalidSessionTokenException("unrecognised session token format");
        }
        Optional<byte[]> opened;
        try {
            opened = current ? keyRing.open(token.substring(PREFIX.length()), aad(accessKeyId))
                    : keyRing.open(token.substring(PREFIX_V2.length()), AAD_PREFIX_V2 + accessKeyId);
        } catch (RuntimeException e) {
            opened = Optional.empty();
        }
        if (opened.isEmpty()) {
            throw new InvalidSessionTokenException("session token failed authentication");
        }
        byte[] plaintext = opened.get();
        try {
            return deserialize(plaintext, accessKeyId, current ? VERSION : VERSION_2);
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private String aad(String accessKeyId) {
        return AAD_PREFIX + deploymentId + ":" + accessKeyId;
    }

    private static int base64Length(int bytes) {
        return (bytes / 3) * 4 + (bytes % 3 == 0 ? 0 : bytes % 3 + 1);
    }

    // ---- serialization -----------------------------------------------------------------------

    static byte[] serialize(SessionClaims c) {
        return serialize(c, VERSION);
    }

    /** The plaintext in the given layout; version 2 (chain links without issue time and source identity) only
     * for tests of the upgrade path. */
    static byte[] serialize(SessionClaims c, byte version) {
        checkItems(c.sessionPolicyArns().size(), "sessionPolicyArns");
        checkItems(c.tags().size(), "tags");
        checkItems(c.transitiveTagKeys().size(), "transitiveTagKeys");
        boolean parentIsOrigin = c.parentAccessKeyId().equals(c.originAccessKeyId());
        int flags = (c.mfaPresent() ? FLAG_MFA : 0) | (c.mfaAuthTime() != null ? FLAG_MFA_TIME : 0)
                | (parentIsOrigin ? FLAG_PARENT_IS_ORIGIN : 0) | (c.webIdentity() != null ? FLAG_WEB_IDENTITY : 0);
        if (c.webIdentity() != null && version != VERSION) {
            throw new IllegalArgumentException("a web identity needs format version " + VERSION);
        }

        var out = new Writer(320);
        out.u8(version);
        out.u8(c.kind().ordinal() + 1);
        out.u8(flags);
        out.str(c.accountId());
        out.str(c.secretAccessKey());
        out.str(c.principalArn());
        out.str(c.principalId());
        out.nstr(c.roleArn());
        out.nstr(c.roleName());
        out.nstr(c.roleId());
        out.nstr(c.sessionName());
        out.nstr(c.userName());
        out.i64(c.issuedAt().toEpochMilli());
        out.i64(c.expiresAt().toEpochMilli());
        out.nstr(c.sessionPolicy());
        out.varint(c.sessionPolicyArns().size());
        for (String arn : c.sessionPolicyArns()) {
            out.str(arn);
        }
        out.varint(c.tags().size());
        for (var tag : c.tags().entrySet()) {
            out.str(tag.getKey());
            out.str(tag.getValue());
        }
        out.varint(c.transitiveTagKeys().size());
        for (String key : c.transitiveTagKeys()) {
            out.str(key);
        }
        out.nstr(c.sourceIdentity());
        if (c.mfaAuthTime() != null) {
            out.i64(c.mfaAuthTime().toEpochMilli());
        }
        out.varint(c.chainDepth());
        out.str(c.originAccessKeyId());
        out.str(c.originPrincipalArn());
        if (!parentIsOrigin) {
            out.str(c.parentAccessKeyId());
        }
        out.varint(c.chain().size());
        for (SessionClaims.ChainLink link : c.chain()) {
            out.str(link.accessKeyId());
            out.str(link.principalArn());
            if (version == VERSION) {
                out.i64(link.issuedAt().toEpochMilli());
                out.nstr(link.sourceIdentity());
            }
        }
        if (c.webIdentity() != null) {
            out.str(c.webIdentity().providerArn());
            out.str(c.webIdentity().subject());
        }
        if (c.kind() == SessionKind.FEDERATED_USER) {
            if (version != VERSION) {
                throw new IllegalArgumentException("a federated user needs format version " + VERSION);
            }
            out.str(c.issuerId());
        }
        return out.toByteArray();
    }

    private static void checkItems(int count, String what) {
        if (count > MAX_ITEMS) {
            throw new IllegalArgumentException(what + " has " + count + " elements, at most " + MAX_ITEMS);
        }
    }

    static SessionClaims deserialize(byte[] plaintext, String accessKeyId, byte version) {
        var in = new Reader(plaintext);
        if (plaintext.length == 0 || in.u8() != version) {
            throw new InvalidSessionTokenException("unsupported session token version");
        }
        try {
            int kindCode = in.u8();
            if (kindCode < 1 || kindCode >= KINDS.length) {
                throw malformed();
            }
            int flags = in.u8();
            if ((flags & ~KNOWN_FLAGS) != 0 || (version != VERSION && (flags & FLAG_WEB_IDENTITY) != 0)) {
                throw malformed();
            }
            String accountId = in.str();
            String secret = in.str();
            String principalArn = in.str();
            String principalId = in.str();
            String roleArn = in.nstr();
            String roleName = in.nstr();
            String roleId = in.nstr();
            String sessionName = in.nstr();
            String userName = in.nstr();
            long issuedAt = in.i64();
            long expiresAt = in.i64();
            String sessionPolicy = in.nstr();
            int arnCount = in.count();
            List<String> arns = new ArrayList<>(arnCount);
            for (int i = 0; i < arnCount; i++) {
                arns.add(in.str());
            }
            int tagCount = in.count();
            Map<String, String> tags = new LinkedHashMap<>(tagCount * 2);
            for (int i = 0; i < tagCount; i++) {
                if (tags.put(in.str(), in.str()) != null) {
                    throw malformed();
                }
            }
            int transitiveCount = in.count();
            List<String> transitive = new ArrayList<>(transitiveCount);
            for (int i = 0; i < transitiveCount; i++) {
                transitive.add(in.str());
            }
            String sourceIdentity = in.nstr();
            Instant mfaAuthTime = (flags & FLAG_MFA_TIME) != 0 ? Instant.ofEpochMilli(in.i64()) : null;
            int chainDepth = in.varint();
            String originAccessKeyId = in.str();
            String originPrincipalArn = in.str();
            String parentAccessKeyId = (flags & FLAG_PARENT_IS_ORIGIN) != 0 ? originAccessKeyId : in.str();
            int chainCount = in.varint();
            if (chainCount > SessionClaims.MAX_CHAIN) {
                throw malformed();
            }
            List<SessionClaims.ChainLink> chain = new ArrayList<>(chainCount);
            for (int i = 0; i < chainCount; i++) {
                String linkKey = in.str();
                String linkArn = in.str();
                // version 2 links carry neither: the earliest instant and the session's own source identity make
                // a revocation match at least what it matched before
                Instant linkIssued = version == VERSION ? Instant.ofEpochMilli(in.i64()) : Instant.EPOCH;
                String linkSource = version == VERSION ? in.nstr() : sourceIdentity;
                chain.add(new SessionClaims.ChainLink(linkKey, linkArn, linkIssued, linkSource));
            }
            SessionClaims.WebIdentity webIdentity = (flags & FLAG_WEB_IDENTITY) != 0
                    ? new SessionClaims.WebIdentity(in.str(), in.str()) : null;
            String issuerId = KINDS[kindCode] == SessionKind.FEDERATED_USER && version == VERSION ? in.str() : null;
            in.end();
            return new SessionClaims(KINDS[kindCode], accountId, accessKeyId, secret, principalArn, principalId,
                    roleArn, roleName, roleId, sessionName, userName,
                    Instant.ofEpochMilli(issuedAt), Instant.ofEpochMilli(expiresAt),
                    sessionPolicy, arns, tags, transitive,
                    sourceIdentity, (flags & FLAG_MFA) != 0, mfaAuthTime,
                    chainDepth, originAccessKeyId, originPrincipalArn, parentAccessKeyId, chain, webIdentity, issuerId);
        } catch (InvalidSessionTokenException e) {
            throw e;
        } catch (RuntimeException e) {
            // claims that break SessionClaims' invariants, or instants out of range
            throw malformed();
        }
    }

    private static InvalidSessionTokenException malformed() {
        return new InvalidSessionTokenException("malformed session token claims");
    }

    private static final class Writer {
        private byte[] buf;
        private int pos;

        Writer(int capacity) {
            buf = new byte[capacity];
        }

        private void ensure(int more) {
            if (pos + more > buf.length) {
                byte[] old = buf;
                buf = Arrays.copyOf(old, Math.max(old.length * 2, pos + more));
                Arrays.fill(old, (byte) 0);
            }
        }

        void u8(int v) {
            ensure(1);
            buf[pos++] = (byte) v;
        }

        void varint(int v) {
            ensure(5);
            while ((v & ~0x7F) != 0) {
                buf[pos++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[pos++] = (byte) v;
        }

        void i64(long v) {
            ensure(8);
            for (int shift = 56; shift >= 0; shift -= 8) {
                buf[pos++] = (byte) (v >>> shift);
            }
        }

        void str(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        void nstr(String s) {
            if (s == null) {
                u8(0);
                return;
            }
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            varint(bytes.length + 1);
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, pos, bytes.length);
            pos += bytes.length;
        }

        byte[] toByteArray() {
            byte[] out = Arrays.copyOf(buf, pos);
            Arrays.fill(buf, (byte) 0);
            return out;
        }
    }

    /** Every read is bounds-checked against the plaintext; lengths and counts are capped. */
    private static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int u8() {
            if (pos >= buf.length) {
                throw malformed();
            }
            return buf[pos++] & 0xFF;
        }

        int varint() {
            int value = 0;
            for (int shift = 0; shift < 35; shift += 7) {
                int b = u8();
                if (shift == 28 && (b & 0xF8) != 0) {
                    throw malformed(); // more than 31 bits, or a sixth byte
                }
                value |= (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw malformed();
        }

        long i64() {
            if (buf.length - pos < 8) {
                throw malformed();
            }
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v = (v << 8) | (buf[pos++] & 0xFF);
            }
            return v;
        }

        int count() {
            int n = varint();
            if (n > MAX_ITEMS || n > buf.length - pos) {
                throw malformed();
            }
            return n;
        }

        String str() {
            return bytes(varint());
        }

        String nstr() {
            int n = varint();
            return n == 0 ? null : bytes(n - 1);
        }

        private String bytes(int n) {
            if (n < 0 || n > buf.length - pos) {
                throw malformed();
            }
            String s = new String(buf, pos, n, StandardCharsets.UTF_8);
            pos += n;
            return s;
        }

        void end() {
            if (pos != buf.length) {
                throw malformed();
            }
        }
    }
}
