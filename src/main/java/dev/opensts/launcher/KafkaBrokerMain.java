package dev.opensts.launcher;

import java.io.IOException;
import java.io.InputStream;

/**
 * Main class of the broker child process: runs {@code kafka.Kafka} and exits (with Kafka's own
 * controlled shutdown) once its stdin reaches end of file, which happens when the parent JVM dies, even
 * by SIGKILL. So no broker outlives the test JVM or the local launcher.
 */
final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watchdog = new Thread(() -> {
            InputStream in = System.in;
            try {
                while (in.read() >= 0) {
                    // the parent never writes; just drain
                }
            } catch (IOException e) {
                // parent gone as well
            }
            System.out.println("KafkaBrokerMain: parent process gone (stdin closed), shutting down the broker");
            System.exit(0);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }
}
