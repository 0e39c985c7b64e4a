package dev.opensts.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.opensts.adapter.kafka.Topics;
import dev.opensts.settings.OpenStsConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The policies the rendered overlays must keep (issue 15): hardened containers, probes on the management port,
 * only settings the service knows, the topics it uses, and a NetworkPolicy that admits only the public port and
 * the management port from the monitoring namespace.
 */
class ManifestPolicyTest {
    private static final List<String> OVERLAYS = List.of("overlays/dev", "overlays/production");
    private static final Pattern SETTING = Pattern.compile("OPENSTS_[A-Z0-9_]*[A-Z0-9]");

    @Test
    void everyContainerIsHardened() {
        List<String> problems = new ArrayList<>();
        RenderedManifests.all().forEach((target, objects) -> {
            for (ObjectNode d : RenderedManifests.ofKind(objects, "Deployment")) {
                problems.addAll(PodPolicies.hardening(target + " " + RenderedManifests.id(d), podSpec(d)));
            }
        });
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void openStsHoldsOneProjectedTokenAndSizesItsHeapFromTheLimit() {
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            JsonNode pod = podSpec(RenderedManifests.named(RenderedManifests.overlay(overlay), "Deployment", "opensts"));
            problems.addAll(PodPolicies.oneProjectedToken(overlay, pod));
            problems.addAll(PodPolicies.heapFromLimit(overlay, pod.path("containers").get(0)));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void probesAndShutdownMatchTheService() {
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            var objects = RenderedManifests.overlay(overlay);
            JsonNode pod = podSpec(RenderedManifests.named(objects, "Deployment", "opensts"));
            int management = Integer.parseInt(setting(objects, "OPENSTS_MANAGEMENT_PORT"));
            problems.addAll(PodPolicies.probes(overlay, pod, management));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theManagementPortIsOnNoPublicService() {
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            var objects = RenderedManifests.overlay(overlay);
            JsonNode container = podSpec(RenderedManifests.named(objects, "Deployment", "opensts")).path("containers").get(0);
            int management = Integer.parseInt(setting(objects, "OPENSTS_MANAGEMENT_PORT"));
            for (ObjectNode service : RenderedManifests.ofKind(objects, "Service")) {
                boolean headless = "None".equals(service.path("spec").path("clusterIP").asText());
                for (JsonNode port : service.path("spec").path("ports")) {
                    if (PodPolicies.containerPort(container, port.path("targetPort")) == management
                            && !(headless && service.path("metadata").path("name").asText().endsWith("-metrics"))) {
                        problems.add(overlay + " " + RenderedManifests.id(service) + " exposes the management port");
                    }
                }
            }
            JsonNode publicPorts = RenderedManifests.named(objects, "Service", "opensts").path("spec").path("ports");
            assertEquals(1, publicPorts.size(), overlay + ": the public Service has one port");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void everyOpenStsSettingInTheManifestsIsOneTheServiceKnows() throws IOException {
        Set<String> known = knownSettings();
        // the derivation found the settings of each source (a broken derivation must not pass everything)
        assertTrue(known.containsAll(Set.of("OPENSTS_KEYRING", "OPENSTS_TLS_CERT_FILE",
                "OPENSTS_WEB_IDENTITY_IN_CLUSTER_ISSUERS", "OPENSTS_QUOTAS_TAGS_PER_ENTITY")), known.toString());
        Set<String> unknown = new TreeSet<>();
        RenderedManifests.all().forEach((target, objects) -> {
            for (ObjectNode o : objects) {
                Matcher m = SETTING.matcher(o.toString());
                while (m.find()) {
                    if (!known.contains(m.group())) {
                        unknown.add(target + " " + RenderedManifests.id(o) + ": " + m.group());
                    }
                }
            }
        });
        // and the Secret docs/kubernetes.md tells the user to create
        Matcher m = SETTING.matcher(Files.readString(Path.of("docs/kubernetes.md")));
        while (m.find()) {
            if (!known.contains(m.group())) {
                unknown.add("docs/kubernetes.md: " + m.group());
            }
        }
        assertTrue(unknown.isEmpty(), "settings open-sts does not know:\n" + String.join("\n", unknown));
    }

    @Test
    void theTopicsAreTheOnesTheServiceUsesWithItsConfigs() {
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            var objects = RenderedManifests.overlay(overlay);
            OpenStsConfig.Topics names = topics(setting(objects, "OPENSTS_TOPIC_PREFIX"));
            int replicas = Integer.parseInt(setting(objects, "OPENSTS_TOPIC_REPLICATION_FACTOR"));
            int partitions = Integer.parseInt(setting(objects, "OPENSTS_TOPIC_PARTITIONS"));
            Map<String, JsonNode> byName = new HashMap<>();
            RenderedManifests.ofKind(objects, "KafkaTopic").forEach(t -> byName.put(t.path("spec").path("topicName").asText(), t.path("spec")));
            assertEquals(Set.of(names.iamEvents(), names.revocations(), names.issuance(), names.auditDigests()),
                    byName.keySet(), overlay);
            for (JsonNode spec : byName.values()) {
                // the digest chain has one partition, so that it reads in order
                int expectedPartitions = names.auditDigests().equals(spec.path("topicName").asText()) ? 1 : partitions;
                if (spec.path("replicas").asInt() != replicas || spec.path("partitions").asInt() != expectedPartitions) {
                    problems.add(overlay + " " + spec.path("topicName").asText() + ": replicas/partitions differ from the ConfigMap");
                }
                int minIsr = spec.path("config").path("min.insync.replicas").asInt();
                if (minIsr != (replicas >= 3 ? 2 : 1)) {
                    problems.add(overlay + " " + spec.path("topicName").asText() + ": min.insync.replicas " + minIsr);
                }
            }
            JsonNode iam = byName.get(names.iamEvents()).path("config");
            if (!"-1".equals(iam.path("retention.ms").asText()) || !"-1".equals(iam.path("retention.bytes").asText())) {
                problems.add(overlay + ": the IAM event log is not kept forever");
            }
            JsonNode revocations = byName.get(names.revocations()).path("config");
            if (!"LogAppendTime".equals(revocations.path("message.timestamp.type").asText())
                    || revocations.path("retention.ms").asLong() != Topics.REVOCATION_RETENTION.toMillis()) {
                problems.add(overlay + ": revocations need LogAppendTime and retention.ms "
                        + Topics.REVOCATION_RETENTION.toMillis());
            }
            JsonNode digests = byName.get(names.auditDigests()).path("config");
            if (!"compact".equals(digests.path("cleanup.policy").asText())) {
                problems.add(overlay + ": the digest topic must be compacted (one digest per window, kept forever)");
            }
            problems.addAll(auditorReadsOnlyIssuance(overlay, objects, Set.of(names.issuance(), names.auditDigests())));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void theNetworkPolicyAdmitsThePublicPortAndManagementFromMonitoringOnly() {
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            var objects = RenderedManifests.overlay(overlay);
            JsonNode container = podSpec(RenderedManifests.named(objects, "Deployment", "opensts")).path("containers").get(0);
            int management = Integer.parseInt(setting(objects, "OPENSTS_MANAGEMENT_PORT"));
            int publicPort = PodPolicies.containerPort(container,
                    RenderedManifests.named(objects, "Service", "opensts").path("spec").path("ports").get(0).path("targetPort"));
            JsonNode policy = RenderedManifests.named(objects, "NetworkPolicy", "opensts").path("spec");
            problems.addAll(PodPolicies.ingress(overlay, policy, publicPort, management));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    @Test
    void openStsReachesKafkaAsItsKafkaUserOverTlsWithNobodyAnonymous() {
        List<String> problems = new ArrayList<>();
        for (String overlay : OVERLAYS) {
            var objects = RenderedManifests.overlay(overlay);
            problems.addAll(kafkaConnection(overlay, objects));
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /**
     * The service's Kafka settings name a listener of the Kafka that authenticates with SCRAM-SHA-512 over TLS, a
     * KafkaUser whose password Secret feeds OPENSTS_KAFKA_SASL_PASSWORD, and the cluster CA's Secret as the CA
     * file; every listener authenticates, and there are no super users.
     */
    static List<String> kafkaConnection(String overlay, List<ObjectNode> objects) {
        List<String> problems = new ArrayList<>();
        ObjectNode kafka = RenderedManifests.ofKind(objects, "Kafka").get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        if (!("SASL_SSL".equals(setting(objects, "OPENSTS_KAFKA_SECURITY_PROTOCOL"))
                && "SCRAM-SHA-512".equals(setting(objects, "OPENSTS_KAFKA_SASL_MECHANISM")))) {
            problems.add(overlay + ": open-sts does not use SASL_SSL with SCRAM-SHA-512");
        }
        String bootstrap = setting(objects, "OPENSTS_KAFKA_BOOTSTRAP");
        boolean listenerFound = false;
        for (JsonNode listener : kafka.path("spec").path("kafka").path("listeners")) {
            String auth = listener.path("authentication").path("type").asText();
            if (!Set.of("scram-sha-512", "tls").contains(auth) || !listener.path("tls").asBoolean()) {
                problems.add(overlay + ": Kafka listener " + listener.path("name").asText() + " is not authenticated over TLS");
            }
            if (bootstrap.equals(cluster + "-kafka-bootstrap:" + listener.path("port").asInt()) && auth.equals("scram-sha-512")) {
                listenerFound = true;
            }
        }
        if (!listenerFound) {
            problems.add(overlay + ": OPENSTS_KAFKA_BOOTSTRAP " + bootstrap + " is no scram-sha-512 listener of " + cluster);
        }
        JsonNode authorization = kafka.path("spec").path("kafka").path("authorization");
        if (!"simple".equals(authorization.path("type").asText()) || !authorization.path("superUsers").isEmpty()) {
            problems.add(overlay + ": Kafka authorization is not simple ACLs without super users");
        }
        String user = setting(objects, "OPENSTS_KAFKA_SASL_USERNAME");
        ObjectNode kafkaUser = RenderedManifests.named(objects, "KafkaUser", user);
        if (!"scram-sha-512".equals(kafkaUser.path("spec").path("authentication").path("type").asText())) {
            problems.add(overlay + ": KafkaUser " + user + " is not a scram-sha-512 user");
        }
        if (RenderedManifests.ofKind(objects, "Secret").stream().anyMatch(sec -> user.equals(sec.path("metadata").path("name").asText()))
                || user.equals("opensts")) {
            problems.add(overlay + ": the User Operator's Secret " + user + " would collide with a Secret of ours");
        }
        JsonNode pod = podSpec(RenderedManifests.named(objects, "Deployment", "opensts"));
        JsonNode container = pod.path("containers").get(0);
        boolean password = false;
        for (JsonNode env : container.path("env")) {
            if (env.path("name").asText().equals("OPENSTS_KAFKA_SASL_PASSWORD")) {
                JsonNode ref = env.path("valueFrom").path("secretKeyRef");
                password = user.equals(ref.path("name").asText()) && "password".equals(ref.path("key").asText());
            }
        }
        if (!password) {
            problems.add(overlay + ": OPENSTS_KAFKA_SASL_PASSWORD is not the key password of the Secret " + user);
        }
        Path ca = Path.of(setting(objects, "OPENSTS_KAFKA_CA_FILE"));
        boolean caMounted = false;
        for (JsonNode mount : container.path("volumeMounts")) {
            if (ca.getParent().equals(Path.of(mount.path("mountPath").asText()))) {
                for (JsonNode volume : pod.path("volumes")) {
                    if (volume.path("name").asText().equals(mount.path("name").asText())
                            && (cluster + "-cluster-ca-cert").equals(volume.path("secret").path("secretName").asText())) {
                        for (JsonNode item : volume.path("secret").path("items")) {
                            caMounted |= item.path("key").asText().equals("ca.crt")
                                    && item.path("path").asText().equals(ca.getFileName().toString());
                        }
                    }
                }
            }
        }
        if (!caMounted) {
            problems.add(overlay + ": OPENSTS_KAFKA_CA_FILE " + ca + " is not ca.crt of " + cluster + "-cluster-ca-cert");
        }
        return problems;
    }

    static List<String> auditorReadsOnlyIssuance(String overlay, List<ObjectNode> objects, Set<String> readable) {
        List<String> problems = new ArrayList<>();
        JsonNode acls = RenderedManifests.named(objects, "KafkaUser", "auditor").path("spec").path("authorization").path("acls");
        for (JsonNode acl : acls) {
            String type = acl.path("resource").path("type").asText();
            for (JsonNode op : acl.path("operations")) {
                boolean readOnly = Set.of("Read", "Describe").contains(op.asText());
                boolean allowed = type.equals("group") ? op.asText().equals("Read")
                        : type.equals("topic") && readOnly && readable.contains(acl.path("resource").path("name").asText())
                        && "literal".equals(acl.path("resource").path("patternType").asText("literal"));
                if (!allowed) {
                    problems.add(overlay + " auditor: " + op.asText() + " on " + acl.path("resource"));
                }
            }
        }
        if (acls.isEmpty()) {
            problems.add(overlay + " auditor: no ACLs");
        }
        return problems;
    }

    /** OPENSTS_* names from application.properties, the main sources, docs/operations.md and OpenStsConfig. */
    static Set<String> knownSettings() throws IOException {
        Set<String> known = new TreeSet<>();
        List<Path> sources = new ArrayList<>(List.of(Path.of("src/main/resources/application.properties"),
                Path.of("docs/operations.md")));
        try (Stream<Path> java = Files.walk(Path.of("src/main/java"))) {
            java.filter(p -> p.toString().endsWith(".java")).forEach(sources::add);
        }
        for (Path source : sources) {
            Matcher m = SETTING.matcher(Files.readString(source));
            while (m.find()) {
                known.add(m.group());
            }
        }
        settingsOf(OpenStsConfig.class, "OPENSTS", known);
        // the launcher's and benchmarks' own variables are not the service's
        known.removeIf(s -> s.startsWith("OPENSTS_APP_") || s.startsWith("OPENSTS_BENCH_AOT")
                || s.startsWith("OPENSTS_KAFKA_HEAP") || s.equals("OPENSTS_INFRA_ONLY") || s.equals("OPENSTS_DATA_DIR")
                || s.equals("OPENSTS_KAFKA_PORT") || s.equals("OPENSTS_KAFKA_CONTROLLER_PORT") || s.equals("OPENSTS_PG_PORT"));
        return known;
    }

    /** SmallRye's environment names of a @ConfigMapping: opensts.webIdentity().inClusterIssuers() is OPENSTS_WEB_IDENTITY_IN_CLUSTER_ISSUERS. */
    private static void settingsOf(Class<?> mapping, String prefix, Set<String> out) {
        for (Method m : mapping.getDeclaredMethods()) {
            if (m.isDefault() || m.getParameterCount() != 0 || java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            String name = prefix + "_" + m.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toUpperCase();
            Class<?> type = m.getReturnType();
            if (type.isInterface() && type.getEnclosingClass() == OpenStsConfig.class) {
                settingsOf(type, name, out);
            } else {
                out.add(name);
            }
        }
    }

    static OpenStsConfig.Topics topics(String prefix) {
        return new OpenStsConfig.Topics() {
            @Override
            public String prefix() {
                return prefix;
            }

            @Override
            public int partitions() {
                return 0;
            }

            @Override
            public short replicationFactor() {
                return 0;
            }
        };
    }

    static String setting(List<ObjectNode> objects, String name) {
        JsonNode value = RenderedManifests.named(objects, "ConfigMap", "opensts").path("data").path(name);
        assertFalse(value.isMissingNode(), "the ConfigMap sets no " + name);
        return value.asText();
    }

    static JsonNode podSpec(JsonNode deployment) {
        return deployment.path("spec").path("template").path("spec");
    }
}
