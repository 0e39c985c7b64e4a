package dev.opensts.it;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.opensts.sigv4.SigningCredentials;
import dev.opensts.testinfra.DedicatedKafka;
import dev.opensts.testinfra.OpenStsCluster;
import dev.opensts.testinfra.OpenStsProcess;
import dev.opensts.testinfra.TestCa;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import io.strimzi.api.kafka.model.user.KafkaUserAuthorizationSimple;
import io.strimzi.api.kafka.model.user.KafkaUserScramSha512ClientAuthentication;
import io.strimzi.api.kafka.model.user.acl.AclResourcePatternType;
import io.strimzi.api.kafka.model.user.acl.AclRule;
import io.strimzi.api.kafka.model.user.acl.AclRuleClusterResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleGroupResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleTopicResource;
import io.strimzi.api.kafka.model.user.acl.AclRuleType;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.AssumeRoleResponse;

import static dev.opensts.it.Sts.ROOT_ARN;
import static dev.opensts.it.Sts.roleArn;
import static dev.opensts.it.Sts.trust;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The Kafka users of k8s/components/strimzi/users.yaml, as the Strimzi User Operator would make them, on a broker
 * that enforces them: SCRAM-SHA-512 over TLS (a private CA, as Strimzi's cluster CA), ACLs read from the manifest
 * with Strimzi's model and created as the operator creates them, nothing allowed that no ACL allows. A replica
 * configured as the Deployment is (OPENSTS_KAFKA_SECURITY_PROTOCOL SASL_SSL, the {@code opensts} user, the CA file)
 * creates its topics, reads and writes them, keeps its projections' consumer groups, issues and revokes; the
 * {@code auditor} reads the issuance topic and nothing else.
 */
class KafkaSecurityIT {
    static final Path USERS = Path.of("k8s/components/strimzi/users.yaml");
    static final Path TOPICS = Path.of("k8s/components/strimzi/topics.yaml");
    static final String SERVICE_USER = "opensts-service";
    static final String PREFIX = "opensts"; // the ConfigMap's OPENSTS_TOPIC_PREFIX, which the ACLs name
    static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    @TempDir
    static Path dir;
    static DedicatedKafka kafka;
    static Admin operator;
    static OpenStsCluster cluster;
    static OpenStsProcess replica;
    static Path caFile;
    static final Map<String, String> passwords = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        TestCa ca = TestCa.create("test-cluster-ca");
        TestCa.Leaf broker = ca.leaf("kafka");
        caFile = Files.writeString(dir.resolve("ca.crt"), pem("CERTIFICATE", ca.certificate().getEncoded()));
        Path keystore = Files.writeString(dir.resolve("broker.pem"),
                pem("PRIVATE KEY", broker.keys().getPrivate().getEncoded())
                        + pem("CERTIFICATE", broker.certificate().getEncoded())
                        + pem("CERTIFICATE", ca.certificate().getEncoded()));
        kafka = DedicatedKafka.startSecured(keystore);
        operator = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()));

        List<AclBinding> acls = new ArrayList<>();
        for (KafkaUser user : manifests(USERS, KafkaUser.class)) {
            String name = user.getMetadata().getName();
            assertThat(user.getSpec().getAuthentication()).as(name).isInstanceOf(KafkaUserScramSha512ClientAuthentication.class);
            passwords.put(name, dev.opensts.launcher.RandomSecrets.lowercase(24));
            for (AclRule rule : ((KafkaUserAuthorizationSimple) user.getSpec().getAuthorization()).getAcls()) {
                acls.addAll(bindings(name, rule));
            }
        }
        assertThat(passwords).containsOnlyKeys(SERVICE_USER, "auditor");
        operator.alterUserScramCredentials(passwords.entrySet().stream()
                .<org.apache.kafka.clients.admin.UserScramCredentialAlteration>map(e -> new UserScramCredentialUpsertion(
                        e.getKey(), new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), e.getValue()))
                .toList()).all().get(30, TimeUnit.SECONDS);
        operator.createAcls(acls).all().get(30, TimeUnit.SECONDS);
        // the topics as the Topic Operator makes them from their KafkaTopics (one broker: replication factor 1)
        List<NewTopic> topics = new ArrayList<>();
        for (KafkaTopic topic : manifests(TOPICS, KafkaTopic.class)) {
            Map<String, String> configs = new HashMap<>();
            topic.getSpec().getConfig().forEach((k, v) -> configs.put(k, String.valueOf(v)));
            configs.put("min.insync.replicas", "1");
            topics.add(new NewTopic(topic.getSpec().getTopicName(), topic.getSpec().getPartitions(), (short) 1)
                    .configs(configs));
        }
        operator.createTopics(topics).all().get(30, TimeUnit.SECONDS);

        cluster = OpenStsCluster.create("kafka-security");
        Map<String, String> env = cluster.env();
        env.put("OPENSTS_KAFKA_BOOTSTRAP", kafka.securedBootstrapServers());
        env.put("OPENSTS_TOPIC_PREFIX", PREFIX);
        env.put("OPENSTS_KAFKA_SECURITY_PROTOCOL", "SASL_SSL");
        env.put("OPENSTS_KAFKA_SASL_USERNAME", SERVICE_USER);
        env.put("OPENSTS_KAFKA_SASL_PASSWORD", passwords.get(SERVICE_USER));
        env.put("OPENSTS_KAFKA_CA_FILE", caFile.toString());
        replica = new OpenStsProcess("kafka-security-a", env).start();
    }

    @AfterAll
    static void stop() {
        if (replica != null) {
            replica.stop();
        }
        if (operator != null) {
            operator.close();
        }
        if (kafka != null) {
            kafka.stop();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aReplicaRunsOnItsKafkaUsersAclsAlone() throws Exception {
        // it became ready: it found its four topics, with the configuration it wants, and read them from the start
        assertThat(operator.listTopics().names().get(30, TimeUnit.SECONDS))
                .contains(PREFIX + ".iam.events", PREFIX + ".sts.revocations", PREFIX + ".sts.issuance",
                        PREFIX + ".audit.digests");
        assertThat(thisRunsLog()).doesNotContain("created topic").doesNotContain("could not");

        IamClient iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        StsClient root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        iam.createRole(r -> r.roleName("app").assumeRolePolicyDocument(trust(ROOT_ARN)));
        assertThat(iam.getRole(r -> r.roleName("app")).role().arn()).isEqualTo(roleArn("app"));
        AssumeRoleResponse issued = root.assumeRole(r -> r.roleArn(roleArn("app")).roleSessionName("over-scram"));
        assertThat(Sts.sts(replica, issued.credentials()).getCallerIdentity().arn()).endsWith("assumed-role/app/over-scram");

        HttpResponse<String> revoked = RevocationIT.revoke(replica,
                new SigningCredentials(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey(), null),
                "RoleArn", roleArn("app"));
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                Sts.fails("InvalidClientTokenId", 403, () -> Sts.sts(replica, issued.credentials()).getCallerIdentity()));

        // both PostgreSQL projections are members of their own groups, which the ACL on opensts.* groups admits
        for (String group : List.of(PREFIX + ".projector", PREFIX + ".projector.revocations")) {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                var described = operator.describeConsumerGroups(List.of(group)).describedGroups().get(group)
                        .get(10, TimeUnit.SECONDS);
                assertThat(described.groupState()).as(group).isEqualTo(GroupState.STABLE);
                assertThat(described.members()).as(group).hasSize(1);
            });
        }
        assertThat(thisRunsLog()).doesNotContain("AuthorizationException")
                .doesNotContain("AuthenticationException").doesNotContain(passwords.get(SERVICE_USER));
    }

    @Test
    void theAuditorReadsTheIssuanceTopicAndNothingElse() throws Exception {
        StsClient root = Sts.sts(replica, cluster.rootAccessKeyId(), cluster.rootSecretAccessKey());
        IamClient iam = Sts.iam(replica, AwsBasicCredentials.create(cluster.rootAccessKeyId(), cluster.rootSecretAccessKey()));
        iam.createRole(r -> r.roleName("audited").assumeRolePolicyDocument(trust(ROOT_ARN)));
        String requestId = root.assumeRole(r -> r.roleArn(roleArn("audited")).roleSessionName("seen"))
                .responseMetadata().requestId();

        try (KafkaConsumer<String, byte[]> auditor = consumer("auditor", "auditor-it")) {
            auditor.subscribe(List.of(PREFIX + ".sts.issuance"));
            ConsumerRecord<String, byte[]> record = Sts.awaitRecord(auditor, new ArrayList<>(), requestId);
            assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("assumed-role/audited/seen");
        }
        // not the IAM event log, nor the revocations
        for (String topic : List.of(PREFIX + ".iam.events", PREFIX + ".sts.revocations")) {
            try (KafkaConsumer<String, byte[]> auditor = consumer("auditor", "auditor-it-" + topic)) {
                auditor.subscribe(List.of(topic));
                assertThatThrownBy(() -> pollUntilFailure(auditor)).as(topic)
                        .isInstanceOf(TopicAuthorizationException.class);
            }
        }
        // not in a group outside auditor-*
        try (KafkaConsumer<String, byte[]> auditor = consumer("auditor", "opensts.projector")) {
            auditor.subscribe(List.of(PREFIX + ".sts.issuance"));
            assertThatThrownBy(() -> pollUntilFailure(auditor)).isInstanceOf(GroupAuthorizationException.class);
        }
        // and it cannot write a record of its own into the trail
        Properties plainWriter = client("auditor", passwords.get("auditor"));
        plainWriter.put("enable.idempotence", "false"); // else refused already for want of IdempotentWrite
        try (KafkaProducer<String, byte[]> forger = new KafkaProducer<>(plainWriter, new StringSerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> forger.send(new ProducerRecord<>(PREFIX + ".sts.issuance", "forged",
                    "{}".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aWrongPasswordIsRefusedByTheBroker() {
        try (Admin stranger = Admin.create(client(SERVICE_USER, "not-" + passwords.get(SERVICE_USER)))) {
            assertThatThrownBy(() -> stranger.listTopics().names().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    /** The objects of a manifest, parsed with Strimzi's model, unknown fields refused. */
    static <T> List<T> manifests(Path file, Class<T> type) throws Exception {
        List<T> objects = new ArrayList<>();
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        try (var parser = new YAMLFactory().createParser(file.toFile())) {
            for (var it = yaml.readValues(parser, Map.class); it.hasNext(); ) {
                objects.add(STRICT.convertValue(it.next(), type));
            }
        }
        return objects;
    }

    /** Kafka's ACL bindings for one Strimzi rule, as the User Operator creates them for User:NAME. */
    static List<AclBinding> bindings(String user, AclRule rule) {
        ResourcePattern pattern = switch (rule.getResource()) {
            case AclRuleTopicResource t -> new ResourcePattern(ResourceType.TOPIC, t.getName(), pattern(t.getPatternType()));
            case AclRuleGroupResource g -> new ResourcePattern(ResourceType.GROUP, g.getName(), pattern(g.getPatternType()));
            case AclRuleClusterResource c -> new ResourcePattern(ResourceType.CLUSTER, "kafka-cluster", PatternType.LITERAL);
            default -> throw new AssertionError("no mapping for " + rule.getResource());
        };
        AclPermissionType permission = rule.getType() == AclRuleType.DENY ? AclPermissionType.DENY : AclPermissionType.ALLOW;
        String host = rule.getHost() == null ? "*" : rule.getHost();
        return rule.getOperations().stream()
                .map(op -> AclOperation.valueOf(op.toValue().replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT)))
                .map(op -> new AclBinding(pattern, new AccessControlEntry("User:" + user, host, op, permission)))
                .toList();
    }

    private static PatternType pattern(AclResourcePatternType type) {
        return type == AclResourcePatternType.PREFIX ? PatternType.PREFIXED : PatternType.LITERAL;
    }

    private static Properties client(String user, String password) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.securedBootstrapServers());
        p.put("security.protocol", "SASL_SSL");
        p.put("sasl.mechanism", "SCRAM-SHA-512");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required username=\""
                + user + "\" password=\"" + password + "\";");
        p.put("ssl.truststore.type", "PEM");
        p.put("ssl.truststore.location", caFile.toString());
        p.put("default.api.timeout.ms", 20_000);
        p.put("max.block.ms", 20_000);
        p.put("delivery.timeout.ms", 20_000);
        p.put("request.timeout.ms", 10_000);
        return p;
    }

    private static KafkaConsumer<String, byte[]> consumer(String user, String group) {
        Properties p = client(user, passwords.get(user));
        p.put("group.id", group);
        p.put("auto.offset.reset", "earliest");
        p.put("enable.auto.commit", "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Polls until the consumer throws; fails when 20 s pass without. */
    private static void pollUntilFailure(KafkaConsumer<String, byte[]> consumer) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(250));
        }
        throw new AssertionError("no failure within 20 s");
    }

    /** The replica's log since it started (the file keeps earlier runs' lines after a "==== " header each). */
    private static String thisRunsLog() throws java.io.IOException {
        String log = Files.readString(replica.logFile());
        return log.substring(Math.max(0, log.lastIndexOf("==== ")));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
