package dev.opensts.credentials;

import java.security.SecureRandom;
import java.security.SecureRandomSpi;
import java.util.Arrays;

/**
 * A {@link SecureRandom} that draws from another in blocks of 1 KiB per thread and hands out the
 * bytes in order. An issuance needs three small draws (the key id's 5 bytes, the secret's 30, the
 * token's 12-byte nonce), and each draw from the JDK's DRBG is a full generate call (several
 * SHA-256 computations) under a lock: per block instead of per draw, the DRBG left the profile.
 *
 * <p>The output is the source's output, so its strength is the source's. Bytes are zeroed in the
 * block as they are handed out: the block never holds bytes already given to a caller. Requests
 * larger than a quarter block go to the source directly.
 */
public final class BufferedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    static final int BLOCK = 1024;

    private final transient SecureRandom source;
    private final transient ThreadLocal<Block> blocks = ThreadLocal.withInitial(Block::new);

    private static final class Block {
        final byte[] bytes = new byte[BLOCK];
        int used = BLOCK;
    }

    public BufferedRandom(SecureRandom source) {
        super(new Direct(source), null);
        this.source = source;
    }

    /** What the overridden nextBytes does not cover (seeding, generateSeed) goes to the source. */
    private static final class Direct extends SecureRandomSpi {
        private static final long serialVersionUID = 1L;
        private final transient SecureRandom source;

        Direct(SecureRandom source) {
            this.source = source;
        }

        @Override
        protected void engineSetSeed(byte[] seed) {
            source.setSeed(seed);
        }

        @Override
        protected void engineNextBytes(byte[] bytes) {
            source.nextBytes(bytes);
        }

        @Override
        protected byte[] engineGenerateSeed(int numBytes) {
            return source.generateSeed(numBytes);
        }
    }

    @Override
    public void nextBytes(byte[] out) {
        if (out.length > BLOCK / 4) {
            source.nextBytes(out);
            return;
        }
        Block b = blocks.get();
        if (BLOCK - b.used < out.length) {
            source.nextBytes(b.bytes);
            b.used = 0;
        }
        System.arraycopy(b.bytes, b.used, out, 0, out.length);
        Arrays.fill(b.bytes, b.used, b.used + out.length, (byte) 0);
        b.used += out.length;
    }

    @Override
    public String toString() {
        return "BufferedRandom over " + source;
    }
}
