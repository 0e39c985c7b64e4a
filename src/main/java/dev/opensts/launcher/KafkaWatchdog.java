package dev.opensts.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The local run's watch over its Kafka broker: when the broker's process ends by itself (Kafka halts when its log
 * directory fails, a full disk for one: docs/operations.md, "A full disk"), it says so, with the free space of the
 * data directory, and starts the broker again on the same ports and data, first after {@code firstTry}, then
 * doubling the wait up to {@code longestWait}, until a start succeeds. While the broker is away the service refuses
 * IAM changes and issuance with 503 and answers from its view; once it is back the service reconnects by itself.
 * Runs until {@code stopping} holds.
 */
final class KafkaWatchdog implements Runnable {

    static final Duration FIRST_TRY = Duration.ofSeconds(2);
    static final Duration LONGEST_WAIT = Duration.ofSeconds(30);

    private final Supplier<KafkaBroker> broker;
    private final BooleanSupplier stopping;
    private final Path dataDir;
    private final PrintStream out;
    private final long firstTryMillis;
    private final long longestWaitMillis;

    KafkaWatchdog(Supplier<KafkaBroker> broker, BooleanSupplier stopping, Path dataDir, PrintStream out,
            Duration firstTry, Duration longestWait) {
        this.broker = broker;
        this.stopping = stopping;
        this.dataDir = dataDir;
        this.out = out;
        this.firstTryMillis = firstTry.toMillis();
        this.longestWaitMillis = longestWait.toMillis();
    }

    @Override
    public void run() {
        long wait = firstTryMillis;
        boolean away = false;
        while (!stopping.getAsBoolean()) {
            try {
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            KafkaBroker k = broker.get();
            if (k == null || stopping.getAsBoolean()) {
                continue;
            }
            if (!away) {
                var exit = k.unexpectedExit();
                if (exit.isEmpty()) {
                    continue;
                }
                away = true;
                out.printf("open-sts: Kafka exited by itself (status %d; %s); %s. The service refuses IAM changes and"
                        + " issuance (503 ServiceUnavailable) until Kafka is back, and keeps answering from its view."
                        + " Starting Kafka again.%n", exit.getAsInt(), k.logFile(), freeSpace());
            }
            try {
                k.restart();
                if (stopping.getAsBoolean()) {
                    return;
                }
                away = false;
                wait = firstTryMillis;
                out.println("open-sts: Kafka is running again on " + k.bootstrapServers()
                        + "; the service reconnects by itself");
            } catch (RuntimeException e) {
                wait = Math.min(wait * 2, longestWaitMillis);
                String why = String.valueOf(e.getMessage()).lines().findFirst().orElse("");
                out.printf("open-sts: Kafka did not start again (%s); %s; next try in %d s%n", why, freeSpace(),
                        Math.max(1, wait / 1000));
            }
        }
    }

    private String freeSpace() {
        try {
            long free = Files.getFileStore(dataDir).getUsableSpace();
            return String.format("%d MB free in %s", free / (1024 * 1024), dataDir);
        } catch (IOException e) {
            return "free space in " + dataDir + " unknown (" + e.getMessage() + ")";
        }
    }
}
