package dev.opensts.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The overlays of k8s/ (and the examples) as {@code kubectl kustomize} renders them, one JSON tree per object.
 * It needs a kubectl whose kustomize is version 5 or later (kubectl 1.27+). .ci/run installs Debian's
 * {@code kubernetes-client} where kubectl is missing; where no such kubectl can be had (Debian 12's package is 1.20,
 * too old for components), the checks that need rendering are aborted with a message saying so, as issue 15 allows:
 * never on a machine that has one, where every failure of kustomize fails the check.
 */
final class RenderedManifests {
    static final Path K8S = Path.of("k8s");
    /** Every kustomization a user applies: the overlays and the examples. */
    static final List<String> TARGETS = List.of("overlays/dev", "overlays/production", "examples/web-identity");

    private static Map<String, List<ObjectNode>> rendered;

    private RenderedManifests() {
    }

    /** Objects by target (e.g. "overlays/dev"), rendered once per test run. */
    static synchronized Map<String, List<ObjectNode>> all() {
        if (rendered == null) {
            Map<String, List<ObjectNode>> out = new LinkedHashMap<>();
            for (String target : TARGETS) {
                out.put(target, parse(kustomize(K8S.resolve(target))));
            }
            rendered = out;
        }
        return rendered;
    }

    static List<ObjectNode> overlay(String target) {
        return all().get(target);
    }

    static List<ObjectNode> ofKind(List<ObjectNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static ObjectNode named(List<ObjectNode> objects, String kind, String name) {
        return ofKind(objects, kind).stream().filter(o -> name.equals(o.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static String id(JsonNode o) {
        return o.path("kind").asText() + "/" + o.path("metadata").path("name").asText();
    }

    /** The kustomize major version of the kubectl on PATH, or -1 when there is none or it does not say. */
    static int kustomizeMajor() {
        try {
            Process p = new ProcessBuilder("kubectl", "version", "--client").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            var m = java.util.regex.Pattern.compile("Kustomize Version: v(\\d+)").matcher(out);
            return m.find() ? Integer.parseInt(m.group(1)) : -1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static Boolean usable;

    /** Aborts (does not fail) the calling check when this machine has no kubectl able to render the overlays. */
    static synchronized void requireKubectl() {
        if (usable == null) {
            usable = kustomizeMajor() >= 5;
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(usable, "no kubectl with kustomize 5 or later on this machine "
                + "(kubectl >= 1.27; Debian 12's kubernetes-client is 1.20): the k8s overlays cannot be rendered here");
    }

    static String kustomize(Path dir) {
        requireKubectl();
        if (!Files.isDirectory(dir)) {
            throw new AssertionError(dir + " is not a directory (run the tests from the project's root)");
        }
        Process p;
        try {
            p = new ProcessBuilder("kubectl", "kustomize", dir.toString()).redirectErrorStream(false).start();
        } catch (IOException e) {
            throw new AssertionError("kubectl is not installed: the k8s manifests cannot be rendered. Install "
                    + "Debian's kubernetes-client package (apt-get install kubernetes-client; .ci/run does it) "
                    + "or any kubectl >= 1.27 on PATH", e);
        }
        try (InputStream out = p.getInputStream(); InputStream err = p.getErrorStream()) {
            byte[] stdout = out.readAllBytes();
            byte[] stderr = err.readAllBytes();
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("kubectl kustomize " + dir + " did not finish");
            }
            if (p.exitValue() != 0) {
                throw new AssertionError("kubectl kustomize " + dir + " failed (the overlays need kustomize 5, "
                        + "kubectl >= 1.27; Debian 12's kubernetes-client is 1.20): "
                        + new String(stderr, StandardCharsets.UTF_8));
            }
            return new String(stdout, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("reading kubectl's output for " + dir, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static List<ObjectNode> parse(String yaml) {
        ObjectMapper mapper = new YAMLMapper();
        List<ObjectNode> objects = new ArrayList<>();
        try (var parser = new YAMLFactory().createParser(yaml)) {
            var it = mapper.readValues(parser, JsonNode.class);
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && node.isObject()) {
                    objects.add((ObjectNode) node);
                }
            }
        } catch (IOException e) {
            throw new AssertionError("kubectl kustomize printed something that is not YAML", e);
        }
        return objects;
    }
}
