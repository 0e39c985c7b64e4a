package dev.opensts.credentials;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** BufferedRandom hands out its source's bytes, in order, each once. */
class BufferedRandomTest {

    /** A source whose output is the counting sequence 0, 1, 2, ... (mod 256), and that counts its draws. */
    static final class Counting extends SecureRandom {
        int next;
        final AtomicInteger draws = new AtomicInteger();

        @Override
        public synchronized void nextBytes(byte[] bytes) {
            draws.incrementAndGet();
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) next++;
            }
        }
    }

    @Test
    void smallDrawsAreTheSourcesStreamInOrderFromOneBlockDraw() {
        var source = new Counting();
        var random = new BufferedRandom(source);
        var seen = new ByteArrayOutputStream();
        int[] sizes = {5, 30, 12, 5, 30, 12, 1, 200};
        for (int size : sizes) {
            byte[] b = new byte[size];
            random.nextBytes(b);
            seen.writeBytes(b);
        }
        byte[] all = seen.toByteArray();
        for (int i = 0; i < all.length; i++) {
            assertThat(all[i]).as("byte %d", i).isEqualTo((byte) i);
        }
        assertThat(source.draws.get()).isEqualTo(1);
    }

    @Test
    void aDrawThatDoesNotFitTakesAFreshBlockAndNoByteIsHandedOutTwice() {
        var source = new Counting();
        var random = new BufferedRandom(source);
        byte[] first = new byte[BufferedRandom.BLOCK / 4];
        int handed = 0;
        while (handed + first.length <= BufferedRandom.BLOCK) {
            random.nextBytes(first);
            handed += first.length;
        }
        byte[] next = new byte[1];
        random.nextBytes(next);
        assertThat(source.draws.get()).isEqualTo(2);
        // the second block starts where the source's stream continues: byte BLOCK of it
        assertThat(next[0]).isEqualTo((byte) BufferedRandom.BLOCK);
    }

    @Test
    void largeDrawsGoToTheSourceDirectly() {
        var source = new Counting();
        var random = new BufferedRandom(source);
        byte[] big = new byte[BufferedRandom.BLOCK / 4 + 1];
        random.nextBytes(big);
        assertThat(big[0]).isEqualTo((byte) 0);
        assertThat(big[big.length - 1]).isEqualTo((byte) (big.length - 1));
        assertThat(source.draws.get()).isEqualTo(1);
    }

    @Test
    void eachThreadHasItsOwnBlock() throws Exception {
        var source = new Counting();
        var random = new BufferedRandom(source);
        byte[] here = new byte[8];
        random.nextBytes(here);
        byte[] there = new byte[8];
        Thread t = new Thread(() -> random.nextBytes(there));
        t.start();
        t.join();
        assertThat(source.draws.get()).isEqualTo(2);
        // this thread's block went on where it was: the other thread took none of it
        byte[] after = new byte[1];
        random.nextBytes(after);
        assertThat(after[0]).isEqualTo((byte) 8);
        assertThat(source.draws.get()).isEqualTo(2);
    }

    @Test
    void overTheJdksDrbgDrawsDiffer() throws Exception {
        var random = new BufferedRandom(SecureRandom.getInstance("DRBG"));
        byte[] a = new byte[30];
        byte[] b = new byte[30];
        random.nextBytes(a);
        random.nextBytes(b);
        assertThat(a).isNotEqualTo(b);
    }
}
