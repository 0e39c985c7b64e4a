package dev.opensts.adapter.crypto;

import dev.opensts.app.iam.PasswordHasher;

import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Login profile passwords hashed with Argon2id (RFC 9106, Bouncy Castle's implementation), each with its own
 * random 16-byte salt, in the PHC string format {@code $argon2id$v=19$m=KIB,t=ITERATIONS,p=LANES$SALT$HASH}: the
 * parameters travel with the hash, so a later change of them still verifies the passwords hashed before.
 * Hashing is deliberately slow and memory-hard: callers run it off the event loop. A password is never kept,
 * logged or returned; only its hash leaves here.
 */
public final class Argon2idPasswords implements PasswordHasher {
    /** OWASP's first Argon2id configuration: 19 MiB, 2 iterations, 1 lane. */
    public static final Params DEFAULT = new Params(19 * 1024, 2, 1);

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    /** Argon2id's cost: memory in KiB, iterations, lanes. */
    public record Params(int memoryKib, int iterations, int parallelism) {
    }

    private final SecureRandom random;
    private final Params params;

    public Argon2idPasswords(SecureRandom random, Params params) {
        this.random = random;
        this.params = params;
    }

    /** The PHC string of a new hash of the password, under a new random salt. */
    @Override
    public String hash(String password) {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        byte[] out = derive(password, salt, params, HASH_BYTES);
        return "$argon2id$v=19$m=" + params.memoryKib() + ",t=" + params.iterations() + ",p=" + params.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(out);
    }

    /** Whether the password is the one hashed into the PHC string (with the parameters recorded there). */
    @Override
    public boolean verify(String password, String encoded) {
        if (password == null || encoded == null) {
            return false;
        }
        String[] parts = encoded.split("\\$");
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        Params p;
        byte[] salt;
        byte[] expected;
        try {
            String[] kv = parts[3].split(",");
            p = new Params(Integer.parseInt(kv[0].substring(2)), Integer.parseInt(kv[1].substring(2)),
                    Integer.parseInt(kv[2].substring(2)));
            salt = B64D.decode(parts[4]);
            expected = B64D.decode(parts[5]);
        } catch (RuntimeException e) {
            return false;
        }
        return MessageDigest.isEqual(expected, derive(password, salt, p, expected.length));
    }

    private static byte[] derive(String password, byte[] salt, Params p, int length) {
        var generator = new Argon2BytesGenerator();
        generator.init(new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withSalt(salt)
                .withMemoryAsKB(p.memoryKib())
                .withIterations(p.iterations())
                .withParallelism(p.parallelism())
                .build());
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
