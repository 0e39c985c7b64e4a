package dev.opensts.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The generated server.properties of the local Kafka broker: 127.0.0.1 and nothing else. */
class KafkaBrokerTest {

    // host:port after "//" (listeners) or "@" (quorum voters), and anything shaped like an IPv4 address
    private static final Pattern ENDPOINT = Pattern.compile("(?://|@)([^:/,\\s]*):(\\d+)");
    private static final Pattern IPV4 = Pattern.compile("\\b\\d{1,3}(?:\\.\\d{1,3}){3}\\b");

    @Test
    void bothListenersBindLoopbackOnly() throws Exception {
        String text = KafkaBroker.serverProperties(19092, 19093, Path.of("/data/kafka-logs"));
        Properties p = new Properties();
        p.load(new StringReader(text));

        assertThat(List.of(p.getProperty("listeners").split(",")))
                .containsExactlyInAnyOrder("PLAINTEXT://127.0.0.1:19092", "CONTROLLER://127.0.0.1:19093");
        assertThat(p.getProperty("advertised.listeners")).isEqualTo("PLAINTEXT://127.0.0.1:19092");
        assertThat(p.getProperty("controller.quorum.voters")).isEqualTo("1@127.0.0.1:19093");
        assertThat(p.getProperty("controller.listener.names")).isEqualTo("CONTROLLER");

        List<String> hosts = new ArrayList<>();
        Matcher m = ENDPOINT.matcher(text);
        while (m.find()) {
            hosts.add(m.group(1));
        }
        // 2 listeners, 1 advertised, 1 voter: an empty host (all interfaces) or a name would show here
        assertThat(hosts).hasSize(4).containsOnly("127.0.0.1");
        List<String> addresses = IPV4.matcher(text).results().map(r -> r.group()).toList();
        assertThat(addresses).isNotEmpty().containsOnly("127.0.0.1");
        assertThat(text).doesNotContain("0.0.0.0").doesNotContain("localhost").doesNotContain("[::");
    }
}
