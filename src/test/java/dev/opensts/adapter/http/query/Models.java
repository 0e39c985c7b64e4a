package dev.opensts.adapter.http.query;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The real models from src/main/resources, loaded once for all tests. */
final class Models {
    static final ServiceModel IAM = load("/aws-models/iam/service-2.json");
    static final ServiceModel STS = load("/aws-models/sts/service-2.json");

    private Models() {
    }

    private static ServiceModel load(String resource) {
        try (InputStream in = Models.class.getResourceAsStream(resource)) {
            return ServiceModel.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Operation iam(String op) {
        return IAM.operation(op).orElseThrow();
    }

    static Operation sts(String op) {
        return STS.operation(op).orElseThrow();
    }

    /** Parameters from alternating names and values, in order; a repeated name adds a value. */
    static Map<String, List<String>> params(String... nameValues) {
        Map<String, List<String>> p = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            p.computeIfAbsent(nameValues[i], k -> new ArrayList<>()).add(nameValues[i + 1]);
        }
        return p;
    }
}
