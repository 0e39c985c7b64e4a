package dev.opensts.settings;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Every tunable of open-sts. application.properties maps the OPENSTS_* environment variables onto these. */
@ConfigMapping(prefix = "opensts")
public interface OpenStsConfig {

    /**
     * This deployment's name, bound into every session token it issues: two deployments that share a key ring
     * (by mistake, or staging and production) do not accept each other's tokens. Changing it ends every live
     * session (their tokens no longer open); stored secrets are not bound to it.
     */
    @WithDefault("opensts")
    String deploymentId();

    /** This replica's name in event sources and logs; a random one when empty (see {@link #replicaName}). */
    Optional<String> replicaId();

    /**
     * The replica's name everywhere it appears (event sources, audit records, Kafka client ids, logs):
     * OPENSTS_REPLICA_ID, or when it is unset one random name chosen once per process, the same for every caller.
     */
    default String replicaName() {
        return replicaId().map(String::trim).filter(s -> !s.isEmpty()).orElse(RandomReplicaName.VALUE);
    }

    /** The random replica name of this process, chosen on first use. */
    final class RandomReplicaName {
        static final String VALUE = java.util.UUID.randomUUID().toString().substring(0, 8);

        private RandomReplicaName() {
        }
    }

    /**
     * The regions this deployment serves, as STS and EKS requests must be signed for (the credential scope's
     * region): a signature for another region is refused. IAM is global and always signed for us-east-1.
     */
    @WithDefault("us-east-1")
    List<String> regions();

    Topics topics();

    Http http();

    Quotas quotas();

    Kafka kafka();

    Root root();

    Sts sts();

    WebIdentity webIdentity();

    AuditIndex auditIndex();

    /**
     * Serve a fixed answer on GET /opensts-bench/static: the ceiling of this HTTP stack, for
     * benchmarks only. Off unless asked for.
     */
    @WithDefault("false")
    boolean benchStaticRoute();

    /** Bearer token of the operator's admin API; the admin API answers 401 to everything when unset. */
    Optional<String> adminToken();

    /**
     * Bearer token that resource services present to the decision endpoint (POST /opensts/v1/authorize); the
     * endpoint answers 401 to everything when unset, so that it is never an open signature oracle.
     */
    Optional<String> decisionToken();

    /** AES-256 keys sealing stored secrets and session tokens: {@code id=base64[,id2=base64]}, first is current. */
    String keyring();

    /**
     * Whether a starting replica, once its view has caught up, seals every stored secret that is not under the
     * key ring's current key again under it (one event per secret; the admin API's
     * POST /opensts/admin/keyring/reseal does the same on demand).
     */
    @WithDefault("true")
    boolean keyringResealOnStart();

    /**
     * OPENSTS_REBUILD_READ_MODEL: at start, before loading anything, empty PostgreSQL's read model (the IAM
     * aggregates and events, the revocations, and their projector offsets), so that this replica builds its view
     * from the topics alone and its projectors write the read model again from the logs' beginning. For a read
     * model the consistency check found damaged; with every other replica stopped (docs/operations.md).
     */
    @WithDefault("false")
    boolean rebuildReadModel();

    interface Topics {
        /**
         * Topic names are {@code PREFIX.iam.events}, {@code PREFIX.sts.revocations}, {@code PREFIX.sts.issuance} (the
         * audit trail) and {@code PREFIX.audit.digests} (the audit index's signed digests).
         */
        @WithDefault("opensts")
        String prefix();

        /** Partitions of each topic, when open-sts creates it. */
        @WithDefault("3")
        int partitions();

        /** Replication factor of each topic, when open-sts creates it (3 in production). */
        @WithDefault("1")
        short replicationFactor();

        default String iamEvents() {
            return prefix() + ".iam.events";
        }

        default String revocations() {
            return prefix() + ".sts.revocations";
        }

        default String issuance() {
            return prefix() + ".sts.issuance";
        }

        default String auditDigests() {
            return prefix() + ".audit.digests";
        }
    }

    /**
     * Limits of the public listener, beyond Quarkus's own (quarkus.http.idle-timeout and
     * quarkus.http.limits.max-connections, set from OPENSTS_HTTP_IDLE_TIMEOUT and OPENSTS_HTTP_MAX_CONNECTIONS).
     */
    interface Http {
        /**
         * How long a request may take to arrive whole once its headers are in: a connection whose body is not
         * complete by then is closed. The answer's own time (a write waiting for Kafka) is not counted.
         */
        @WithDefault("30s")
        Duration readTimeout();

        /**
         * The most bytes of incomplete request bodies this replica holds at once, across all connections; a
         * request that would go beyond is refused with ServiceUnavailable and its connection closed.
         */
        @WithDefault("67108864")
        long bufferedBodiesLimit();
    }

    /** IAM's quotas (see dev.opensts.iam.Quotas); AWS's defaults. Each is OPENSTS_QUOTAS_<NAME>. */
    interface Quotas {
        @WithDefault("1000")
        int rolesPerAccount();

        @WithDefault("5000")
        int usersPerAccount();

        @WithDefault("1500")
        int policiesPerAccount();

        @WithDefault("10240")
        int roleInlinePolicySize();

        @WithDefault("2048")
        int userInlinePolicySize();

        @WithDefault("6144")
        int managedPolicySize();

        @WithDefault("2048")
        int trustPolicySize();

        @WithDefault("10")
        int attachedPoliciesPerEntity();

        @WithDefault("2")
        int accessKeysPerUser();

        @WithDefault("50")
        int tagsPerEntity();
    }

    interface Kafka {
        @WithDefault("127.0.0.1:9092")
        String bootstrapServers();

        /** How long a write waits for the broker and for the local view to apply it before ServiceUnavailable. */
        @WithDefault("10s")
        Duration writeTimeout();

        /**
         * Kafka's security.protocol for every client of this replica: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
         * (OPENSTS_KAFKA_SECURITY_PROTOCOL).
         */
        @WithDefault("PLAINTEXT")
        String securityProtocol();

        /** The SASL mechanism with a SASL protocol: SCRAM-SHA-512 (Strimzi's scram-sha-512 users) or SCRAM-SHA-256. */
        @WithDefault("SCRAM-SHA-512")
        String saslMechanism();

        /** The SASL user name (a Strimzi KafkaUser's name); required with a SASL protocol. */
        Optional<String> saslUsername();

        /** The SASL password (the {@code password} key of the KafkaUser's Secret); a secret, never logged. */
        Optional<String> saslPassword();

        /**
         * A PEM file of the certificate authorities that sign the brokers' certificates (Strimzi: {@code ca.crt} of
         * the {@code CLUSTER-cluster-ca-cert} Secret); with SSL or SASL_SSL. Unset, the JVM's trust store decides.
         */
        Optional<Path> caFile();
    }

    interface Sts {
        /** Whether AssumeRole and GetSessionToken wait for the broker to acknowledge their audit record. */
        @WithDefault("true")
        boolean auditAcknowledged();

        /** How long issuance waits for that acknowledgement before failing closed with ServiceUnavailable. */
        @WithDefault("5s")
        Duration auditTimeout();

        /**
         * How long the audit producer waits to fill a batch. Larger batches cost the broker less per
         * record under load, at the price of this much added latency.
         */
        @WithDefault("1ms")
        Duration auditLinger();

        /**
         * Compression of the audit producer's batches (Kafka's compression.type: none, lz4, zstd,
         * snappy, gzip). lz4 stores the JSON records in about a quarter of the bytes, for some CPU.
         */
        @WithDefault("lz4")
        String auditCompression();

        /**
         * How many audit records of the read path (read-only actions, refusals) may wait for the broker at once;
         * beyond it they are dropped and counted (opensts_audit_dropped_total), so reads never wait for the broker.
         */
        @WithDefault("4096")
        int auditReadBuffer();
    }

    /** AssumeRoleWithWebIdentity's token verification (docs/workload-identity.md). */
    interface WebIdentity {
        /**
         * open-sts extension: OpenID Connect provider URLs (with or without {@code https://}) whose discovery document
         * and keys are fetched with this replica's own service-account token as a bearer token, over TLS that also
         * trusts the cluster's CA bundle: a Kubernetes cluster's own issuer (e.g.
         * {@code https://kubernetes.default.svc.cluster.local}), which has no public discovery endpoint.
         */
        Optional<List<String>> inClusterIssuers();

        /** The bearer token sent to in-cluster issuers, read at each fetch (projected tokens rotate). */
        @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/token")
        java.nio.file.Path inClusterTokenFile();

        /** The PEM bundle of the CA that serves in-cluster issuers. */
        @WithDefault("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
        java.nio.file.Path inClusterCaFile();

        /** How long an issuer's keys are used before they are fetched again. */
        @WithDefault("1h")
        Duration keyTtl();

        /**
         * At most one key fetch per issuer starts within this interval, whatever tokens unsigned callers send
         * (an unknown key id asks for a refresh, a failed fetch is not retried sooner).
         */
        @WithDefault("60s")
        Duration keyRefreshInterval();

        /** Tolerance on a token's exp, nbf and iat. */
        @WithDefault("60s")
        Duration clockSkew();
    }

    /** The audit index (docs/audit-events.md): the audit topic projected into PostgreSQL for LookupEvents. */
    interface AuditIndex {
        /**
         * Whether this replica consumes the audit topic into the index (OPENSTS_AUDIT_INDEX_ENABLED). The replicas
         * that index share the work (one consumer group); replicas that should not index turn it off. LookupEvents,
         * GetAccessKeyLastUsed and the credential report answer from the index whichever replica wrote it.
         */
        @WithDefault("true")
        boolean enabled();

        /** How long indexed records are kept (OPENSTS_AUDIT_INDEX_RETENTION): older days are dropped whole. */
        @WithDefault("90d")
        Duration retention();

        /**
         * The window of event time each signed digest covers (OPENSTS_AUDIT_DIGEST_WINDOW): a verification tells
         * which window lost, gained or changed records, so a shorter window narrows it down, for more digests.
         */
        @WithDefault("1h")
        Duration digestWindow();

        /**
         * How long after a window's end it is digested (OPENSTS_AUDIT_DIGEST_GRACE): longer than the indexer's lag
         * and the audit timeout, so that no record of the window arrives after its digest.
         */
        @WithDefault("5m")
        Duration digestGrace();
    }

    interface Root {
        /** The default account, whose root key comes from the environment. */
        @WithDefault("000000000000")
        String accountId();

        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();
    }
}
