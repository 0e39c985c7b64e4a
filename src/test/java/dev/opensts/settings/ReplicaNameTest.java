package dev.opensts.settings;

import java.lang.reflect.Proxy;
import java.util.Optional;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Every part of a replica (event sources, audit records, Kafka client ids) names it the same way. */
class ReplicaNameTest {

    /** An OpenStsConfig answering only replicaId(); its default methods run as written. */
    static OpenStsConfig withReplicaId(Optional<String> id) {
        return (OpenStsConfig) Proxy.newProxyInstance(OpenStsConfig.class.getClassLoader(),
                new Class<?>[] {OpenStsConfig.class}, (proxy, method, args) -> {
                    if (method.isDefault()) {
                        return java.lang.reflect.InvocationHandler.invokeDefault(proxy, method, args);
                    }
                    if (method.getName().equals("replicaId")) {
                        return id;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theConfiguredNameWhenThereIsOne() {
        assertThat(withReplicaId(Optional.of(" opensts-7d9f-x2 ")).replicaName()).isEqualTo("opensts-7d9f-x2");
    }

    @Test
    void oneRandomNameForTheWholeProcessOtherwiseNeverTheLiteralReplica() {
        String unset = withReplicaId(Optional.empty()).replicaName();
        String blank = withReplicaId(Optional.of("  ")).replicaName();
        assertThat(unset).hasSize(8).isNotEqualTo("replica").isEqualTo(blank);
        assertThat(withReplicaId(Optional.empty()).replicaName()).isEqualTo(unset);
    }
}
