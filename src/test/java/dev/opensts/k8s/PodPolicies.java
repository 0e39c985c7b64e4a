package dev.opensts.k8s;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Checks of one rendered pod spec; each returns what is wrong, empty when nothing is. */
final class PodPolicies {
    private PodPolicies() {
    }

    /** Non-root, read-only root with /tmp from an emptyDir, nothing to escalate, no default token. */
    static List<String> hardening(String where, JsonNode pod) {
        List<String> problems = new ArrayList<>();
        JsonNode podSecurity = pod.path("securityContext");
        if (pod.path("automountServiceAccountToken").asBoolean(true)) {
            problems.add(where + ": automountServiceAccountToken is not false");
        }
        for (JsonNode c : pod.path("containers")) {
            String name = where + " container " + c.path("name").asText();
            JsonNode sc = c.path("securityContext");
            if (!sc.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false))) {
                problems.add(name + ": runAsNonRoot is not true");
            }
            if (!sc.path("readOnlyRootFilesystem").asBoolean(false)) {
                problems.add(name + ": readOnlyRootFilesystem is not true");
            }
            if (sc.path("allowPrivilegeEscalation").asBoolean(true)) {
                problems.add(name + ": allowPrivilegeEscalation is not false");
            }
            if (sc.path("privileged").asBoolean(false)) {
                problems.add(name + ": privileged");
            }
            List<String> drop = new ArrayList<>();
            sc.path("capabilities").path("drop").forEach(d -> drop.add(d.asText()));
            if (!drop.contains("ALL") || !sc.path("capabilities").path("add").isMissingNode()) {
                problems.add(name + ": capabilities are not [drop ALL]");
            }
            String seccomp = sc.path("seccompProfile").path("type").asText(podSecurity.path("seccompProfile").path("type").asText());
            if (!"RuntimeDefault".equals(seccomp)) {
                problems.add(name + ": seccompProfile is not RuntimeDefault");
            }
            if (!mountsEmptyDir(pod, c, "/tmp")) {
                problems.add(name + ": /tmp is not an emptyDir");
            }
        }
        return problems;
    }

    /** The only service-account token in the pod is one projected volume, mounted by the container. */
    static List<String> oneProjectedToken(String where, JsonNode pod) {
        List<String> problems = new ArrayList<>();
        List<String> tokenVolumes = new ArrayList<>();
        for (JsonNode v : pod.path("volumes")) {
            for (JsonNode source : v.path("projected").path("sources")) {
                if (source.has("serviceAccountToken")) {
                    tokenVolumes.add(v.path("name").asText());
                }
            }
        }
        if (tokenVolumes.size() != 1) {
            problems.add(where + ": " + tokenVolumes.size() + " projected service-account tokens, not one");
        } else {
            boolean mounted = false;
            for (JsonNode m : pod.path("containers").get(0).path("volumeMounts")) {
                mounted |= m.path("name").asText().equals(tokenVolumes.get(0)) && m.path("readOnly").asBoolean(false);
            }
            if (!mounted) {
                problems.add(where + ": the projected token is not mounted read-only");
            }
        }
        return problems;
    }

    /** A memory limit, requests no higher, and a heap given as a share of the limit. */
    static List<String> heapFromLimit(String where, JsonNode container) {
        List<String> problems = new ArrayList<>();
        JsonNode resources = container.path("resources");
        if (resources.path("limits").path("memory").isMissingNode() || resources.path("requests").path("cpu").isMissingNode()
                || resources.path("requests").path("memory").isMissingNode()) {
            problems.add(where + ": requests (cpu, memory) and a memory limit are required");
        }
        String javaOptions = "";
        for (JsonNode e : container.path("env")) {
            if (e.path("name").asText().equals("JAVA_TOOL_OPTIONS")) {
                javaOptions = e.path("value").asText();
            }
        }
        if (!javaOptions.contains("-XX:MaxRAMPercentage=") || javaOptions.matches(".*-Xmx\\S+.*")) {
            problems.add(where + ": the heap is not set from the limit (JAVA_TOOL_OPTIONS " + javaOptions + ")");
        }
        return problems;
    }

    /** startup = started, readiness = ready (caught up), liveness = live, all on the management port; a graceful stop. */
    static List<String> probes(String where, JsonNode pod, int managementPort) {
        List<String> problems = new ArrayList<>();
        JsonNode c = pod.path("containers").get(0);
        Map<String, String> paths = Map.of("startupProbe", "/q/health/started", "readinessProbe", "/q/health/ready",
                "livenessProbe", "/q/health/live");
        paths.forEach((probe, path) -> {
            JsonNode get = c.path(probe).path("httpGet");
            if (!path.equals(get.path("path").asText()) || containerPort(c, get.path("port")) != managementPort) {
                problems.add(where + ": " + probe + " is not " + path + " on port " + managementPort + " (" + get + ")");
            }
        });
        JsonNode liveness = c.path("livenessProbe");
        if (liveness.path("failureThreshold").asInt(3) * liveness.path("periodSeconds").asInt(10) < 30) {
            problems.add(where + ": liveness gives up in under 30 s");
        }
        JsonNode startup = c.path("startupProbe");
        if (startup.path("failureThreshold").asInt(3) * startup.path("periodSeconds").asInt(10) < 300) {
            problems.add(where + ": the startup probe allows less than 5 minutes for the view bootstrap");
        }
        int preStop = c.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt(-1);
        if (preStop <= 0) {
            problems.add(where + ": no preStop sleep (the endpoints must drop the pod before it stops)");
        }
        if (pod.path("terminationGracePeriodSeconds").asInt(30) < preStop + 30) {
            problems.add(where + ": terminationGracePeriodSeconds leaves under 30 s after preStop for the drain");
        }
        return problems;
    }

    /** Ingress: the public port from anywhere, the management port from the monitoring namespace, nothing else. */
    static List<String> ingress(String where, JsonNode policy, int publicPort, int managementPort) {
        List<String> problems = new ArrayList<>();
        if (!policy.path("podSelector").path("matchLabels").path("app.kubernetes.io/name").asText().equals("opensts")) {
            problems.add(where + ": the NetworkPolicy does not select open-sts's pods");
        }
        List<String> types = new ArrayList<>();
        policy.path("policyTypes").forEach(t -> types.add(t.asText()));
        if (!types.contains("Ingress")) {
            problems.add(where + ": the NetworkPolicy does not govern ingress");
        }
        boolean publicSeen = false;
        boolean managementSeen = false;
        for (JsonNode rule : policy.path("ingress")) {
            JsonNode ports = rule.path("ports");
            if (ports.size() != 1 || ports.get(0).has("endPort")) {
                problems.add(where + ": an ingress rule without exactly one port: " + rule);
                continue;
            }
            int port = ports.get(0).path("port").asInt(-1);
            JsonNode from = rule.path("from");
            if (port == publicPort && from.isMissingNode()) {
                publicSeen = true;
            } else if (port == managementPort && from.size() == 1 && from.get(0).size() == 1
                    && from.get(0).path("namespaceSelector").path("matchLabels").size() == 1
                    && "monitoring".equals(from.get(0).path("namespaceSelector").path("matchLabels")
                            .path("kubernetes.io/metadata.name").asText())) {
                managementSeen = true;
            } else {
                problems.add(where + ": ingress rule admits more than the public port and monitoring: " + rule);
            }
        }
        if (!publicSeen || !managementSeen) {
            problems.add(where + ": the public port from anywhere and the management port from monitoring are required");
        }
        return problems;
    }

    /** A probe's or Service's port (number or the container's port name) as the container's port number. */
    static int containerPort(JsonNode container, JsonNode port) {
        if (port.isInt()) {
            return port.asInt();
        }
        for (JsonNode p : container.path("ports")) {
            if (p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return -1;
    }

    private static boolean mountsEmptyDir(JsonNode pod, JsonNode container, String path) {
        for (JsonNode m : container.path("volumeMounts")) {
            if (m.path("mountPath").asText().equals(path)) {
                for (JsonNode v : pod.path("volumes")) {
                    if (v.path("name").asText().equals(m.path("name").asText()) && v.has("emptyDir")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
