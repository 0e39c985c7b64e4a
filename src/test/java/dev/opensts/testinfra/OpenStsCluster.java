package dev.opensts.testinfra;

import dev.opensts.launcher.ChildProcesses;
import dev.opensts.launcher.RandomSecrets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One open-sts deployment for a test: a fresh database, a topic prefix, a root key, an admin token and a
 * keyring on the shared {@link Infra}, shared by any number of replicas.
 *
 * <pre>
 * try (var cluster = OpenStsCluster.create("assume-role")) {
 *     OpenStsProcess a = cluster.startReplica("a");
 *     OpenStsProcess b = cluster.startReplica("b");
 *     ...
 *     a.restart();
 * }
 * </pre>
 */
public final class OpenStsCluster implements AutoCloseable {

    private final String name;
    private final Infra infra;
    private final String database;
    private final String topicPrefix;
    private final String rootAccessKeyId;
    private final String rootSecretAccessKey;
    private final String adminToken;
    private final Map<String, String> extraEnv = new LinkedHashMap<>();
    private final Map<String, OpenStsProcess> replicas = new LinkedHashMap<>();
    private String keyring;

    private OpenStsCluster(String name, Infra infra) {
        this.name = name;
        this.infra = infra;
        String suffix = RandomSecrets.lowercase(8);
        this.database = "sts_" + suffix;
        this.topicPrefix = "t" + suffix;
        this.rootAccessKeyId = RandomSecrets.accessKeyId();
        this.rootSecretAccessKey = RandomSecrets.secretAccessKey();
        this.adminToken = RandomSecrets.lowercase(32);
        this.keyring = "k1=" + RandomSecrets.keyringKey();
        infra.postgres().createDatabase(database);
    }

    /** A fresh deployment on the JVM-wide infrastructure. {@code name} prefixes replica log files. */
    public static OpenStsCluster create(String name) {
        return new OpenStsCluster(name, Infra.get());
    }

    /**
     * Starts a replica (free public and management ports, OPENSTS_REPLICA_ID = name) and waits until it is ready
     * (readiness is polled on the management port).
     */
    public synchronized OpenStsProcess startReplica(String replicaName) {
        OpenStsProcess existing = replicas.get(replicaName);
        if (existing != null) {
            return existing.isRunning() ? existing : existing.start();
        }
        Map<String, String> env = env();
        env.put("OPENSTS_HTTP_PORT", Integer.toString(ChildProcesses.freePort()));
        env.put("OPENSTS_REPLICA_ID", replicaName);
        OpenStsProcess p = new OpenStsProcess(name + "-" + replicaName, env);
        replicas.put(replicaName, p);
        return p.start();
    }

    public synchronized OpenStsProcess replica(String replicaName) {
        OpenStsProcess p = replicas.get(replicaName);
        if (p == null) {
            throw new IllegalArgumentException("no replica " + replicaName);
        }
        return p;
    }

    public synchronized List<OpenStsProcess> replicas() {
        return new ArrayList<>(replicas.values());
    }

    /** The environment every replica gets (without port and replica id). */
    public synchronized Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OPENSTS_HTTP_HOST", "127.0.0.1");
        env.put("OPENSTS_KAFKA_BOOTSTRAP", infra.kafkaBootstrap());
        env.put("OPENSTS_PG_URL", infra.postgres().reactiveUrl(database));
        env.put("OPENSTS_PG_USER", infra.postgres().user());
        env.put("OPENSTS_PG_PASSWORD", infra.postgres().password());
        env.put("OPENSTS_TOPIC_PREFIX", topicPrefix);
        env.put("OPENSTS_ROOT_ACCESS_KEY_ID", rootAccessKeyId);
        env.put("OPENSTS_ROOT_SECRET_ACCESS_KEY", rootSecretAccessKey);
        env.put("OPENSTS_ADMIN_TOKEN", adminToken);
        env.put("OPENSTS_KEYRING", keyring);
        env.putAll(extraEnv);
        return env;
    }

    /** An extra variable for replicas started from now on. */
    public synchronized OpenStsCluster withEnv(String key, String value) {
        extraEnv.put(key, value);
        return this;
    }

    /**
     * Puts a new current key in front of the keyring (k1 → "k2=NEW,k1=OLD") for replicas started from now
     * on; returns the new keyring.
     */
    public synchronized String rotateKeyring() {
        int next = keyring.split(",").length + 1;
        keyring = "k" + next + "=" + RandomSecrets.keyringKey() + "," + keyring;
        return keyring;
    }

    /** Keeps only the current (first) key of the keyring, for replicas started from now on; returns it. */
    public synchronized String keepOnlyCurrentKey() {
        keyring = keyring.split(",")[0];
        return keyring;
    }

    /** A keyring of one new key, which seals nothing the deployment stored so far; returns it. */
    public synchronized String replaceKeyringWithAnUnrelatedKey() {
        keyring = "k9=" + RandomSecrets.keyringKey();
        return keyring;
    }

    public String database() {
        return database;
    }

    public String topicPrefix() {
        return topicPrefix;
    }

    public String rootAccessKeyId() {
        return rootAccessKeyId;
    }

    public String rootSecretAccessKey() {
        return rootSecretAccessKey;
    }

    public String adminToken() {
        return adminToken;
    }

    public synchronized String keyring() {
        return keyring;
    }

    public Infra infra() {
        return infra;
    }

    /** Stops every replica (SIGTERM). The database and topics stay. */
    @Override
    public synchronized void close() {
        for (OpenStsProcess p : replicas.values()) {
            p.stop();
        }
    }
}
