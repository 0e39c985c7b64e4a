package dev.opensts.view;

import dev.opensts.credentials.CredentialIds;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.UUID;

/**
 * Measures the heap one million revoked single sessions (AccessKeyId kind) take in the index.
 * Run after {@code mvn -B -o test-compile}:
 * {@code java -Xmx2g -cp target/classes:target/test-classes dev.opensts.view.RevocationsMemory}.
 */
public final class RevocationsMemory {
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        var ids = new CredentialIds(new SecureRandom());
        Instant now = Instant.now();
        // the key id strings are counted: the index keeps the strings the decoded events carried
        long before = usedAfterGc();
        var index = new Revocations();
        for (int i = 0; i < n; i++) {
            var r = new Revocation(UUID.randomUUID().toString(), "123456789012", Revocation.Kind.ACCESS_KEY,
                    ids.accessKeyId("ASIA", "123456789012"), null);
            index.apply(new dev.opensts.iam.EventEnvelope<>(r.revocationId(), r.streamId(), 0, now, "/opensts/m", null, r),
                    now, now);
        }
        long after = usedAfterGc();
        int held = index.size();
        System.out.printf("%d revoked sessions (AccessKeyId kind, %d distinct): %.1f MB of heap, %.0f bytes each%n",
                n, held, (after - before) / 1e6, (after - before) / (double) held);
        index.sweep(now.plusSeconds(36 * 3600));
        long empty = usedAfterGc();
        System.out.printf("after the sweep: %d entries, %.1f MB above the start%n", index.size(), (empty - before) / 1e6);
    }

    static long usedAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 5; i++) {
            System.gc();
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
