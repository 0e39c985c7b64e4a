package dev.opensts.it;

import com.fasterxml.jackson.databind.JsonNode;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.sts.StsClient;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tamper evidence: the indexer digests 2-second windows of the index, and the admin API's verification (what
 * deploy/local/audit-verify.sh calls) passes on the intact range, then names the window of a record deleted from
 * PostgreSQL, of one altered there, of one inserted there, and a digest altered there.
 */
class AuditDigestIT {
    static final Duration WINDOW = Duration.ofSeconds(2);
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static Instant start;

    @BeforeAll
    static void startReplica() {
        cluster = OpenStsCluster.create("audit-digest").withEnv("OPENSTS_AUDIT_DIGEST_WINDOW", "2s")
                .withEnv("OPENSTS_AUDIT_DIGEST_GRACE", "2s");
        replica = cluster.startReplica("a");
        start = Instant.now().minusSeconds(60);
    }

    @AfterAll
    static void stop() {
        cluster.close();
    }

    /** The verification of the windows from {@link #start} to {@code end}. */
    static JsonNode verify(Instant end) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(replica.managementEndpoint()
                        .resolve("/opensts/admin/audit/verify?startTime=" + start + "&endTime=" + end))
                .header("Authorization", "Bearer " + cluster.adminToken()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Sts.JSON.readTree(r.body());
    }

    /** The rows, oldest first: event id, event time, event name. */
    static List<String[]> rows() throws Exception {
        var rows = new ArrayList<String[]>();
        try (Connection c = cluster.infra().postgres().connect(cluster.database());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT event_id, event_time, event_name FROM audit_events ORDER BY event_time, event_id")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return rows;
    }

    /** The stored digests, oldest first: digest, signature, previous digest. */
    static List<String[]> digests() throws Exception {
        var rows = new ArrayList<String[]>();
        try (Connection c = cluster.infra().postgres().connect(cluster.database());
             ResultSet rs = c.createStatement().executeQuery(
                     "SELECT digest, signature, previous_digest FROM audit_digests ORDER BY window_start")) {
            while (rs.next()) {
                rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        return rows;
    }

    /** Every record of the digest topic, in its order. */
    static List<JsonNode> publishedDigests() throws Exception {
        var p = cluster.infra().kafkaClientProperties();
        p.put("enable.auto.commit", "false");
        String topic = cluster.topicPrefix() + ".audit.digests";
        var out = new ArrayList<JsonNode>();
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(p,
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var partition = new org.apache.kafka.common.TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            while (consumer.position(partition) < end) {
                for (var r : consumer.poll(Duration.ofMillis(500))) {
                    out.add(Sts.JSON.readTree(r.value()));
                }
            }
        }
        return out;
    }

    static void sql(String statement, String eventId) throws Exception {
        try (Connection c = cluster.infra().postgres().connect(cluster.database());
             PreparedStatement s = c.prepareStatement(statement)) {
            if (eventId != null) {
                s.setString(1, eventId);
            }
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void theVerificationPassesIntactAndNamesEachTampering() throws Exception {
        StsClient sts = Sts.sts(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(),
                cluster.rootSecretAccessKey()));
        // three windows apart at least: each tampering below lands in a window of its own
        Instant end = null;
        for (int batch = 0; batch < 3; batch++) {
            Instant boundary = Instant.now().plus(WINDOW).plus(WINDOW);
            sts.getSessionToken();
            sts.getSessionToken();
            end = Instant.now();
            Sts.awaitClockPast(boundary);
        }
        // the verifications are on the trail too (VerifyAuditDigests, read-only): verified up to the last
        // GetSessionToken, whose window closed before the first verification, the windows hold exactly the six
        Instant last = end;
        await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
            JsonNode v = verify(last);
            assertThat(v.path("records").asInt()).as(v.toString()).isEqualTo(6);
            assertThat(v.path("intact").asBoolean()).as(v.toString()).isTrue();
        });
        List<String[]> all = rows();
        List<String[]> rows = all.stream().filter(r -> r[2].equals("GetSessionToken")).toList();
        assertThat(rows).hasSize(6);
        assertThat(all.stream().filter(r -> !r[2].equals("GetSessionToken")))
                .as("besides the six, only the verifications").isNotEmpty()
                .allSatisfy(r -> assertThat(r[2]).isEqualTo("VerifyAuditDigests"))
                .allSatisfy(r -> assertThat(r[1].compareTo(rows.get(5)[1])).isPositive());

        // the digest topic holds a copy of each digest, in window order, chained as in PostgreSQL
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String[]> stored = digests();
            List<JsonNode> published = publishedDigests();
            assertThat(published.size()).isGreaterThanOrEqualTo(stored.size());
            for (int i = 0; i < stored.size(); i++) {
                JsonNode p = published.get(i);
                assertThat(p.path("type").asText()).isEqualTo("dev.opensts.audit.Digest");
                assertThat(p.path("data").path("digest").asText()).isEqualTo(stored.get(i)[0]);
                assertThat(p.path("data").path("signature").asText()).isEqualTo(stored.get(i)[1]);
                assertThat(p.path("data").path("previousDigest").asText())
                        .isEqualTo(i == 0 ? stored.get(0)[2] : published.get(i - 1).path("data").path("digest").asText());
            }
        });

        sql("DELETE FROM audit_events WHERE event_id = ?", rows.get(0)[0]);
        sql("UPDATE audit_events SET record = replace(record, 'GetSessionToken', 'GetSessionTokens')"
                + " WHERE event_id = ?", rows.get(2)[0]);
        sql("INSERT INTO audit_events SELECT event_time, event_id || '-copy', account_id, actor_account_id,"
                + " event_name, event_source, read_only, username, access_key_id, region, resource_types,"
                + " resource_arns, resource_names, record, kafka_partition, kafka_offset FROM audit_events"
                + " WHERE event_id = ?", rows.get(4)[0]);

        JsonNode v = verify(last);
        assertThat(v.path("intact").asBoolean()).isFalse();
        var kinds = new ArrayList<String>();
        v.path("findings").forEach(f -> kinds.add(f.path("kind").asText()));
        assertThat(kinds).as(v.toString()).containsExactlyInAnyOrder("RECORDS_REMOVED",
                "RECORDS_ALTERED_OR_REORDERED", "RECORDS_INSERTED");

        // a digest rewritten to match the altered rows no longer carries a valid signature, nor its successor's chain
        sql("UPDATE audit_digests SET record_count = record_count + 1 WHERE window_start = (SELECT min(window_start)"
                + " FROM audit_digests WHERE record_count > 0)", null);
        var after = new ArrayList<String>();
        verify(last).path("findings").forEach(f -> after.add(f.path("kind").asText()));
        assertThat(after).contains("BAD_SIGNATURE");
    }
}
