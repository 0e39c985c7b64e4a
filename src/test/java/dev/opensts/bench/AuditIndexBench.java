package dev.opensts.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudtrail.CloudTrailClient;
import software.amazon.awssdk.services.cloudtrail.model.LookupAttributeKey;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsRequest;
import software.amazon.awssdk.services.cloudtrail.model.LookupEventsResponse;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The audit index benchmark (issue 16): how fast the indexer stores records, and how fast LookupEvents answers over
 * an index of a million of them.
 *
 * <ol>
 *   <li>One real AssumeRole through the SDK gives a template: the schema-version-2 record the service itself wrote,
 *       read back from the audit topic.</li>
 *   <li>RECORDS copies of it are produced to the audit topic (acks=all), each with its own eventID and envelope id,
 *       spread evenly over the last 7 days in time order, and varied the way a busy account's trail varies: 8 event
 *       names over both sources, 1,000 users, 10,000 access keys, 1,000 role resources; 90% in the default account,
 *       the rest over 9 others.</li>
 *   <li>The indexer's progress is read from PostgreSQL (the sum of its stored offsets) every second until it has
 *       stored the topic's end: records/s over the whole run, and over the part after producing ended.</li>
 *   <li>LookupEvents through the SDK's CloudTrail client, as the default account's root, 200 times each: the
 *       newest page of 50 (no attribute), by EventName, Username, AccessKeyId, ResourceName, a narrow time range, and
 *       the second page of a Username lookup: p50, p90, p99 and max.</li>
 * </ol>
 *
 * <pre>
 * deploy/local/bench-audit-index.sh        # starts run.sh in a data directory of its own, then this
 * </pre>
 */
public final class AuditIndexBench {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCOUNT = "000000000000";
    private static final String[][] NAMES = {
        {"AssumeRole", "sts.amazonaws.com", "false"}, {"GetCallerIdentity", "sts.amazonaws.com", "true"},
        {"GetSessionToken", "sts.amazonaws.com", "false"}, {"CreateRole", "iam.amazonaws.com", "false"},
        {"GetRole", "iam.amazonaws.com", "true"}, {"ListRoles", "iam.amazonaws.com", "true"},
        {"PutRolePolicy", "iam.amazonaws.com", "false"}, {"DeleteRole", "iam.amazonaws.com", "false"}};

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            a.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        URI endpoint = URI.create(a.get("endpoint"));
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create(a.get("key"), a.get("secret")));
        String bootstrap = a.get("bootstrap");
        String topic = a.getOrDefault("topic", "opensts.sts.issuance");
        int records = Integer.parseInt(a.getOrDefault("records", "1000000"));
        int pgPort = Integer.parseInt(a.get("pg-port"));
        String pgPassword = a.get("pg-password");

        // 1. the template: a record the service wrote
        try (IamClient iam = IamClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build();
             StsClient sts = StsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build()) {
            String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":"
                    + "{\"AWS\":\"arn:aws:iam::" + ACCOUNT + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
            try {
                iam.createRole(r -> r.roleName("audit-bench").assumeRolePolicyDocument(trust));
            } catch (software.amazon.awssdk.services.iam.model.EntityAlreadyExistsException e) {
                // a second run on the same data directory
            }
            for (int attempt = 0; ; attempt++) {
                try {
                    sts.assumeRole(r -> r.roleArn("arn:aws:iam::" + ACCOUNT + ":role/audit-bench")
                            .roleSessionName("template"));
                    break;
                } catch (software.amazon.awssdk.services.sts.model.StsException e) {
                    if (attempt > 50) {
                        throw e;
                    }
                    Thread.sleep(100); // the new role reaches the view
                }
            }
        }
        ObjectNode template = template(bootstrap, topic);
        System.out.printf("template: a %s record of %d bytes%n", template.path("data").path("eventName").asText(),
                JSON.writeValueAsBytes(template).length);

        Vertx vertx = Vertx.vertx();
        Pool pg = PgBuilder.pool().connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(pgPort)
                .setDatabase("opensts").setUser("postgres").setPassword(pgPassword)).using(vertx).build();
        long before = indexed(pg);

        // 2. produce
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
        Instant now = Instant.now();
        Instant first = now.minus(Duration.ofDays(7));
        long span = Duration.between(first, now.minusSeconds(60)).toMillis();
        SplittableRandom random = new SplittableRandom(16);
        long start = System.nanoTime();
        try (var producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < records; i++) {
                Instant at = first.plusMillis(span * i / records);
                ObjectNode r = variant(template, at, random);
                producer.send(new ProducerRecord<>(topic, r.path("data").path("recipientAccountId").asText(),
                        JSON.writeValueAsString(r)));
            }
            producer.flush();
        }
        long produced = System.nanoTime() - start;
        long end = endOffsets(bootstrap, topic);
        System.out.printf("produced %,d records in %.1f s (%,.0f/s)%n", records, produced / 1e9,
                records / (produced / 1e9));

        // 3. wait for the indexer
        long backlogAt = indexed(pg);
        long backlogTime = System.nanoTime();
        long last = -1;
        while (true) {
            long done = indexed(pg);
            if (done >= end) {
                break;
            }
            if (done != last) {
                last = done;
            }
            Thread.sleep(1000);
        }
        long total = System.nanoTime() - start;
        long afterProducing = System.nanoTime() - backlogTime;
        System.out.printf("indexed %,d records in %.1f s from the first send: %,.0f records/s%n", end - before,
                total / 1e9, (end - before) / (total / 1e9));
        System.out.printf("after producing ended, %,d records in %.1f s: %,.0f records/s%n", end - backlogAt,
                afterProducing / 1e9, (end - backlogAt) / (afterProducing / 1e9));
        Row size = await(pg.query("SELECT count(*) AS n, pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS s"
                + " FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'audit_events'::regclass")
                .execute()).iterator().next();
        System.out.printf("index: %d daily partitions, %s with their indexes%n", size.getLong("n"),
                size.getString("s"));
        await(pg.close());
        vertx.close();

        // 4. LookupEvents
        try (CloudTrailClient ct = CloudTrailClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(creds).httpClient(UrlConnectionHttpClient.create()).build()) {
            Instant mid = first.plus(Duration.ofDays(3));
            var queries = new ArrayList<Map.Entry<String, Consumer<LookupEventsRequest.Builder>>>();
            queries.add(Map.entry("newest 50, no attribute", b -> b.maxResults(50)));
            queries.add(Map.entry("EventName=GetRole", b -> b.maxResults(50)
                    .lookupAttributes(x -> x.attributeKey(LookupAttributeKey.EVENT_NAME).attributeValue("GetRole"))));
            queries.add(Map.entry("Username (1 of 1,000)", b -> b.maxResults(50).lookupAttributes(x -> x
                    .attributeKey(LookupAttributeKey.USERNAME).attributeValue("user-" + random.nextInt(1000)))));
            queries.add(Map.entry("AccessKeyId (1 of 10,000)", b -> b.maxResults(50).lookupAttributes(x -> x
                    .attributeKey(LookupAttributeKey.ACCESS_KEY_ID).attributeValue(key(random.nextInt(10_000))))));
            queries.add(Map.entry("ResourceName (1 of 1,000 roles)", b -> b.maxResults(50).lookupAttributes(x -> x
                    .attributeKey(LookupAttributeKey.RESOURCE_NAME)
                    .attributeValue("arn:aws:iam::" + ACCOUNT + ":role/app-" + random.nextInt(1000)))));
            queries.add(Map.entry("a 10-minute range 4 days ago", b -> b.maxResults(50).startTime(mid)
                    .endTime(mid.plus(Duration.ofMinutes(10)))));
            System.out.println("LookupEvents, 200 calls each after 20 to warm up (ms):");
            System.out.printf("%-34s %7s %7s %7s %7s %7s%n", "query", "events", "p50", "p90", "p99", "max");
            for (var q : queries) {
                measure(q.getKey(), () -> ct.lookupEvents(q.getValue()));
            }
            measure("Username, second page", () -> {
                String user = "user-" + random.nextInt(1000);
                LookupEventsResponse page = ct.lookupEvents(b -> b.maxResults(50).lookupAttributes(x -> x
                        .attributeKey(LookupAttributeKey.USERNAME).attributeValue(user)));
                long t0 = System.nanoTime();
                LookupEventsResponse second = ct.lookupEvents(b -> b.maxResults(50).nextToken(page.nextToken())
                        .lookupAttributes(x -> x.attributeKey(LookupAttributeKey.USERNAME).attributeValue(user)));
                return new Timed(second, System.nanoTime() - t0);
            });
        }
    }

    private record Timed(LookupEventsResponse response, long nanos) {
    }

    private interface Call {
        Object call();
    }

    private static void measure(String name, Call call) {
        for (int i = 0; i < 20; i++) {
            call.call();
        }
        long[] nanos = new long[200];
        int events = 0;
        for (int i = 0; i < nanos.length; i++) {
            long t0 = System.nanoTime();
            Object r = call.call();
            nanos[i] = System.nanoTime() - t0;
            if (r instanceof Timed t) {
                nanos[i] = t.nanos();
                r = t.response();
            }
            events += ((LookupEventsResponse) r).events().size();
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "%-34s %7.1f %7.2f %7.2f %7.2f %7.2f%n", name, events / (double) nanos.length,
                nanos[99] / 1e6, nanos[179] / 1e6, nanos[197] / 1e6, nanos[199] / 1e6);
    }

    /** The newest AssumeRole record of schema version 2 on the topic. */
    private static ObjectNode template(String bootstrap, String topic) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            ObjectNode found = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    JsonNode n = JSON.readTree(r.value());
                    if (n.path("schemaversion").asInt() == 2 && "AssumeRole".equals(n.path("data").path("eventName")
                            .asText()) && !n.path("data").has("errorCode")) {
                        found = (ObjectNode) n;
                    }
                }
                boolean atEnd = parts.stream().allMatch(tp -> consumer.position(tp) >= ends.get(tp));
                if (atEnd && found != null) {
                    return found;
                }
            }
            throw new IllegalStateException("no AssumeRole record of schema version 2 on " + topic);
        }
    }

    private static ObjectNode variant(ObjectNode template, Instant at, SplittableRandom random) {
        ObjectNode r = template.deepCopy();
        ObjectNode d = (ObjectNode) r.get("data");
        String id = UUID.randomUUID().toString();
        String account = random.nextInt(10) == 0 ? String.format("%012d", 100 + random.nextInt(9)) : ACCOUNT;
        String[] name = NAMES[random.nextInt(NAMES.length)];
        String user = "user-" + random.nextInt(1000);
        r.put("id", id);
        r.put("time", at.toString());
        r.put("subject", account);
        d.put("eventID", id);
        d.put("eventTime", at.toString());
        d.put("eventName", name[0]);
        d.put("eventSource", name[1]);
        d.put("readOnly", Boolean.parseBoolean(name[2]));
        d.put("recipientAccountId", account);
        d.put("requestID", UUID.randomUUID().toString());
        ObjectNode identity = d.putObject("userIdentity");
        identity.put("type", "IAMUser");
        identity.put("principalId", "AIDA" + user.toUpperCase(Locale.ROOT));
        identity.put("arn", "arn:aws:iam::" + account + ":user/" + user);
        identity.put("accountId", account);
        identity.put("accessKeyId", key(random.nextInt(10_000)));
        identity.put("userName", user);
        var resources = d.putArray("resources");
        resources.addObject().put("accountId", account).put("type", "AWS::IAM::Role")
                .put("ARN", "arn:aws:iam::" + account + ":role/app-" + random.nextInt(1000));
        return r;
    }

    private static String key(int i) {
        return String.format("AKIA%016d", i);
    }

    /** The sum of the indexer's stored next offsets: the records it has stored, over every partition. */
    private static long indexed(Pool pg) throws Exception {
        Row row = await(pg.query("SELECT coalesce(sum(next_offset), 0) AS n FROM audit_index_offsets").execute())
                .iterator().next();
        return row.getLong("n");
    }

    private static long endOffsets(String bootstrap, String topic) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (var consumer = new KafkaConsumer<>(p, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> parts = consumer.partitionsFor(topic).stream()
                    .map(i -> new TopicPartition(topic, i.partition())).toList();
            return consumer.endOffsets(parts).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static <T> T await(io.vertx.core.Future<T> f) throws Exception {
        return f.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    }
}
