package dev.opensts.k8s;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every object the overlays render is one the cluster would accept as written: core kinds bind to fabric8's typed
 * model, Strimzi's to io.strimzi:api, CloudNativePG's, cert-manager's and the Prometheus Operator's validate against
 * their vendored CRD schemas (src/test/resources/crds/SOURCE.md). A field either model does not know is refused,
 * since the API server would prune it silently and the setting would be lost.
 */
class ManifestModelTest {
    /** apiVersion + " " + kind to the typed model. */
    private static final Map<String, Class<?>> TYPED = Map.ofEntries(
            Map.entry("v1 Namespace", io.fabric8.kubernetes.api.model.Namespace.class),
            Map.entry("v1 ServiceAccount", io.fabric8.kubernetes.api.model.ServiceAccount.class),
            Map.entry("v1 ConfigMap", io.fabric8.kubernetes.api.model.ConfigMap.class),
            Map.entry("v1 Secret", io.fabric8.kubernetes.api.model.Secret.class),
            Map.entry("v1 Service", io.fabric8.kubernetes.api.model.Service.class),
            Map.entry("apps/v1 Deployment", io.fabric8.kubernetes.api.model.apps.Deployment.class),
            Map.entry("policy/v1 PodDisruptionBudget", io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget.class),
            Map.entry("autoscaling/v2 HorizontalPodAutoscaler",
                    io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler.class),
            Map.entry("networking.k8s.io/v1 NetworkPolicy", io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy.class),
            Map.entry("rbac.authorization.k8s.io/v1 ClusterRoleBinding",
                    io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding.class),
            Map.entry("kafka.strimzi.io/v1beta2 Kafka", io.strimzi.api.kafka.model.kafka.Kafka.class),
            Map.entry("kafka.strimzi.io/v1beta2 KafkaNodePool", io.strimzi.api.kafka.model.nodepool.KafkaNodePool.class),
            Map.entry("kafka.strimzi.io/v1beta2 KafkaTopic", io.strimzi.api.kafka.model.topic.KafkaTopic.class),
            Map.entry("kafka.strimzi.io/v1beta2 KafkaUser", io.strimzi.api.kafka.model.user.KafkaUser.class));

    /** apiVersion + " " + kind to the vendored CRD (resource path). */
    private static final Map<String, String> CRDS = Map.of(
            "postgresql.cnpg.io/v1 Cluster", "/crds/cloudnative-pg/postgresql.cnpg.io_clusters.yaml",
            "postgresql.cnpg.io/v1 ScheduledBackup", "/crds/cloudnative-pg/postgresql.cnpg.io_scheduledbackups.yaml",
            "cert-manager.io/v1 Certificate", "/crds/cert-manager/cert-manager.io_certificates.yaml",
            "monitoring.coreos.com/v1 ServiceMonitor", "/crds/prometheus-operator/monitoring.coreos.com_servicemonitors.yaml");

    private final ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    @Test
    void everyOverlayRendersTheKindsItPromises() {
        var dev = RenderedManifests.overlay("overlays/dev");
        var production = RenderedManifests.overlay("overlays/production");
        for (String kind : List.of("Deployment", "Service", "ServiceAccount", "ConfigMap", "PodDisruptionBudget",
                "HorizontalPodAutoscaler", "NetworkPolicy", "ClusterRoleBinding", "Kafka", "KafkaNodePool",
                "KafkaUser", "Cluster")) {
            assertFalse(RenderedManifests.ofKind(dev, kind).isEmpty(), "dev has no " + kind);
            assertFalse(RenderedManifests.ofKind(production, kind).isEmpty(), "production has no " + kind);
        }
        assertEquals(4, RenderedManifests.ofKind(dev, "KafkaTopic").size());
        assertEquals(4, RenderedManifests.ofKind(production, "KafkaTopic").size());
        for (String kind : List.of("Certificate", "ServiceMonitor", "ScheduledBackup")) {
            assertFalse(RenderedManifests.ofKind(production, kind).isEmpty(), "production has no " + kind);
        }
    }

    @Test
    void everyObjectBindsToItsModelWithoutUnknownFields() throws Exception {
        List<String> problems = new ArrayList<>();
        for (var target : RenderedManifests.all().entrySet()) {
            for (ObjectNode o : target.getValue()) {
                String key = o.path("apiVersion").asText() + " " + o.path("kind").asText();
                String where = target.getKey() + " " + RenderedManifests.id(o);
                Class<?> type = TYPED.get(key);
                if (type != null) {
                    Object typed;
                    try {
                        typed = strict.treeToValue(o, type);
                    } catch (IOException | IllegalArgumentException e) {
                        problems.add(where + ": " + e.getMessage());
                        continue;
                    }
                    List<String> unknown = new ArrayList<>();
                    unknownFields(typed, "", unknown, new IdentityHashMap<>());
                    unknown.forEach(u -> problems.add(where + ": unknown field " + u));
                } else if (CRDS.containsKey(key)) {
                    for (var error : schema(CRDS.get(key)).validate(JsonMapper.shared().readTree(o.toString()))) {
                        problems.add(where + ": " + error.getInstanceLocation() + " " + error.getMessage());
                    }
                } else {
                    problems.add(where + ": no model or schema for " + key + " (add one here)");
                }
            }
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The refusal is real: a misspelt field in a core kind, a Strimzi kind and a CRD kind is reported. */
    @Test
    void aMisspeltFieldIsRefusedByEachModel() throws Exception {
        var dev = RenderedManifests.overlay("overlays/dev");
        ObjectNode deployment = RenderedManifests.named(dev, "Deployment", "opensts").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec")).put("terminationGracePeriod", 45);
        List<String> unknown = new ArrayList<>();
        unknownFields(strict.treeToValue(deployment, io.fabric8.kubernetes.api.model.apps.Deployment.class), "", unknown,
                new IdentityHashMap<>());
        assertEquals(List.of(".spec.template.spec: [terminationGracePeriod]"), unknown);

        ObjectNode topic = RenderedManifests.ofKind(dev, "KafkaTopic").get(0).deepCopy();
        ((ObjectNode) topic.path("spec")).put("replicationFactor", 3);
        unknown.clear();
        unknownFields(strict.treeToValue(topic, io.strimzi.api.kafka.model.topic.KafkaTopic.class), "", unknown,
                new IdentityHashMap<>());
        assertEquals(List.of(".spec: [replicationFactor]"), unknown);

        ObjectNode cluster = RenderedManifests.named(dev, "Cluster", "opensts-pg").deepCopy();
        ((ObjectNode) cluster.path("spec")).put("instance", 1);
        assertFalse(schema(CRDS.get("postgresql.cnpg.io/v1 Cluster"))
                .validate(JsonMapper.shared().readTree(cluster.toString())).isEmpty());
    }

    /** Fields the typed model kept aside (fabric8's and Strimzi's additionalProperties), by path. */
    static void unknownFields(Object o, String path, List<String> out, IdentityHashMap<Object, Boolean> seen) {
        if (o == null || o instanceof String || o instanceof Number || o instanceof Boolean || o instanceof Enum<?>) {
            return;
        }
        if (o instanceof Collection<?> c) {
            int i = 0;
            for (Object item : c) {
                unknownFields(item, path + "[" + i++ + "]", out, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> m) {
            m.forEach((k, v) -> unknownFields(v, path + "." + k, out, seen));
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!(pkg.startsWith("io.fabric8.") || pkg.startsWith("io.strimzi.")) || seen.put(o, true) != null) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class || !m.getName().startsWith("get")) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    out.add(path + ": " + extra.keySet());
                }
                continue;
            }
            String name = m.getName().substring(3);
            unknownFields(value, path + "." + Character.toLowerCase(name.charAt(0)) + name.substring(1), out, seen);
        }
    }

    /**
     * The CRD's schema of its served version, closed: an object schema with properties admits no others (unless it
     * preserves unknown fields), as the API server's pruning would drop them.
     */
    static Schema schema(String resource) throws IOException {
        JsonNode crd;
        try (InputStream in = ManifestModelTest.class.getResourceAsStream(resource)) {
            if (in == null) {
                fail("missing " + resource);
            }
            crd = new YAMLMapper().readTree(in);
        }
        for (JsonNode version : crd.path("spec").path("versions")) {
            if (isTrue(version.path("served")) && isTrue(version.path("storage"))) {
                var openApi = (tools.jackson.databind.node.ObjectNode) version.path("schema").path("openAPIV3Schema").deepCopy();
                close(openApi);
                dropKubernetesExtensions(openApi);
                return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_4).getSchema(openApi);
            }
        }
        throw new AssertionError(resource + " has no served storage version");
    }

    /** The x-kubernetes-* keywords (list types, CEL rules) are the API server's; the validator would warn on each. */
    private static void dropKubernetesExtensions(JsonNode node) {
        if (node instanceof tools.jackson.databind.node.ObjectNode o) {
            o.properties().removeIf(e -> e.getKey().startsWith("x-kubernetes-"));
        }
        for (JsonNode child : node) {
            dropKubernetesExtensions(child);
        }
    }

    private static boolean isTrue(JsonNode node) {
        return node.isBoolean() && node.booleanValue();
    }

    private static void close(tools.jackson.databind.node.ObjectNode schema) {
        JsonNode properties = schema.path("properties");
        if (properties.isObject() && !schema.has("additionalProperties")
                && !isTrue(schema.path("x-kubernetes-preserve-unknown-fields"))) {
            schema.put("additionalProperties", false);
        }
        for (JsonNode child : properties) {
            if (child instanceof tools.jackson.databind.node.ObjectNode c) {
                close(c);
            }
        }
        for (String key : Set.of("items", "additionalProperties")) {
            if (schema.get(key) instanceof tools.jackson.databind.node.ObjectNode c) {
                close(c);
            }
        }
    }
}
