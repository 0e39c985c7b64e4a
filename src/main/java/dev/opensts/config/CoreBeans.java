package dev.opensts.config;

import dev.opensts.adapter.kafka.EventCodec;
import dev.opensts.adapter.kafka.KafkaAuditLog;
import dev.opensts.adapter.kafka.KafkaEventLog;
import dev.opensts.adapter.kafka.LogReplay;
import dev.opensts.adapter.kafka.RevocationCodec;
import dev.opensts.adapter.oidc.OidcTokenVerifier;
import dev.opensts.adapter.postgres.HistoryQueries;
import dev.opensts.adapter.postgres.ReadModelReader;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.RevocationCheck;
import dev.opensts.app.auth.SessionPrincipals;
import dev.opensts.app.consistency.ConsistencyCheck;
import dev.opensts.app.decisions.Decisions;
import dev.opensts.app.eks.Clusters;
import dev.opensts.app.eks.ContainerCredentials;
import dev.opensts.app.eks.PodIdentityAssociations;
import dev.opensts.app.iam.Accounts;
import dev.opensts.app.iam.CommandBus;
import dev.opensts.app.iam.IamContext;
import dev.opensts.app.iam.InstanceProfiles;
import dev.opensts.app.iam.MfaDevices;
import dev.opensts.app.iam.OidcProviders;
import dev.opensts.app.iam.Policies;
import dev.opensts.app.iam.Resealer;
import dev.opensts.app.iam.Roles;
import dev.opensts.app.iam.Users;
import dev.opensts.app.history.History;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.app.sts.AssumeRole;
import dev.opensts.app.sts.AssumeRoleWithWebIdentity;
import dev.opensts.app.sts.GetSessionToken;
import dev.opensts.app.sts.Issuer;
import dev.opensts.app.sts.Sts;
import dev.opensts.app.sts.webidentity.WebIdentityProvider;
import dev.opensts.credentials.BufferedRandom;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.OidcProviderUrl;
import dev.opensts.settings.OpenStsConfig;
import dev.opensts.sigv4.SigV4Verifier;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Clock;

/** The few objects the framework-free core needs, built once from configuration. */
@Singleton
public class CoreBeans {
    private static final Logger LOG = Logger.getLogger(CoreBeans.class);

    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    SecureRandom random() {
        try {
            // an in-process DRBG seeded from the OS: no file read and no global lock per draw, unlike
            // the default NativePRNG, which showed up first in AssumeRole's profile; drawn from in
            // blocks, since each draw is a full DRBG generate call and an issuance needs three
            return new BufferedRandom(SecureRandom.getInstance("DRBG"));
        } catch (java.security.NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    @Produces
    @Singleton
    @Named("replicaId")
    String replicaId(OpenStsConfig config) {
        return config.replicaName();
    }

    @Produces
    @Singleton
    ConsistencyCheck consistencyCheck(OpenStsConfig config, EventCodec codec, RevocationCodec revocationCodec,
                                      io.vertx.mutiny.sqlclient.Pool pool, LiveView view, Revocations revocations,
                                      Clock clock) {
        return new ConsistencyCheck(new LogReplay(config, codec, revocationCodec), new ReadModelReader(pool, codec.json(),
                config.topics().iamEvents()),
                view, revocations, clock, dev.opensts.adapter.kafka.Topics.REVOCATION_RETENTION);
    }

    @Produces
    @Singleton
    KeyRing keyRing(OpenStsConfig config, SecureRandom random) {
        return KeyRing.parse(config.keyring(), random);
    }

    @Produces
    @Singleton
    CredentialIds credentialIds(SecureRandom random) {
        return new CredentialIds(random);
    }

    @Produces
    @Singleton
    dev.opensts.iam.Quotas quotas(OpenStsConfig config) {
        var q = config.quotas();
        return new dev.opensts.iam.Quotas(q.rolesPerAccount(), q.usersPerAccount(), q.policiesPerAccount(),
                q.roleInlinePolicySize(), q.userInlinePolicySize(), q.managedPolicySize(), q.trustPolicySize(),
                q.attachedPoliciesPerEntity(), q.accessKeysPerUser(), q.tagsPerEntity());
    }

    @Produces
    @Singleton
    LiveView liveView() {
        return new LiveView();
    }

    @Produces
    @Singleton
    EventCodec eventCodec() {
        return new EventCodec();
    }

    @Produces
    @Singleton
    KafkaEventLog<IamEvent> eventLog(OpenStsConfig config, EventCodec codec) {
        return new KafkaEventLog<>(config, config.topics().iamEvents(), codec,
                "opensts-events-" + config.replicaName());
    }

    void closeEventLog(@Disposes KafkaEventLog<IamEvent> log) {
        log.close();
    }

    @Produces
    @Singleton
    CommandBus commandBus(LiveView view, KafkaEventLog<IamEvent> log, Clock clock, CredentialIds ids,
                          OpenStsConfig config, @Named("replicaId") String replicaId) {
        return new CommandBus(view, events -> log.append(events).replaceWithVoid(), clock, ids::eventId,
                "/opensts/" + replicaId, config.kafka().writeTimeout());
    }

    @Produces
    @Singleton
    SessionTokenCodec sessionTokenCodec(KeyRing keyRing, OpenStsConfig config) {
        return new SessionTokenCodec(keyRing, config.deploymentId());
    }

    @Produces
    @Singleton
    KafkaAuditLog kafkaAuditLog(OpenStsConfig config, @Named("replicaId") String replicaId, EventCodec codec) {
        return new KafkaAuditLog(config, "/opensts/" + replicaId, codec.json());
    }

    void closeAuditLog(@Disposes KafkaAuditLog log) {
        log.close();
    }

    @Produces
    @Singleton
    AuditRecords auditRecords(Clock clock, CredentialIds ids) {
        return new AuditRecords(clock, ids::eventId);
    }

    /**
     * The audit trail: its read path publishes from one daemon thread (a send may wait up to the producer's
     * max.block.ms for metadata when the broker is gone), at most OPENSTS_AUDIT_READ_BUFFER records pending; every
     * record dropped counts in opensts_audit_dropped_total{reason}.
     */
    @Produces
    @Singleton
    Trail trail(KafkaAuditLog log, AuditRecords records, OpenStsConfig config,
                io.micrometer.core.instrument.MeterRegistry registry) {
        var publisher = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "opensts-audit-reads");
            t.setDaemon(true);
            return t;
        });
        var full = io.micrometer.core.instrument.Counter.builder("opensts.audit.dropped").tag("reason", "buffer_full")
                .description("audit records of the read path dropped (reads, refusals) rather than delay a request")
                .register(registry);
        var failed = io.micrometer.core.instrument.Counter.builder("opensts.audit.dropped")
                .tag("reason", "publish_failed")
                .description("audit records of the read path dropped (reads, refusals) rather than delay a request")
                .register(registry);
        return new Trail(log, records, config.sts().auditReadBuffer(), publisher,
                reason -> (reason.equals("buffer_full") ? full : failed).increment(), config.sts().auditAcknowledged());
    }

    @Produces
    @Singleton
    Issuer issuer(Trail trail, OpenStsConfig config) {
        return new Issuer(trail, config.sts().auditAcknowledged());
    }

    @Produces
    @Singleton
    Sts sts(AssumeRole assumeRole, AssumeRoleWithWebIdentity webIdentity, GetSessionToken getSessionToken,
            Issuer issuer, AuditRecords records, OpenStsConfig config, MfaDevices mfaDevices) {
        return new Sts(assumeRole, webIdentity, getSessionToken, issuer, records, config.root().accountId(),
                rootKeyId(config), mfaDevices);
    }

    @Produces
    @Singleton
    OidcTokenVerifier oidcTokenVerifier(OpenStsConfig config, Clock clock) {
        var w = config.webIdentity();
        var d = OidcTokenVerifier.Limits.DEFAULTS;
        return new OidcTokenVerifier(clock, new OidcTokenVerifier.Limits(d.maxTokenChars(), w.clockSkew(),
                w.keyTtl(), w.keyRefreshInterval(), d.connectTimeout(), d.requestTimeout(), d.maxDiscoveryBytes(),
                d.maxJwksBytes()));
    }

    void closeOidcTokenVerifier(@Disposes OidcTokenVerifier verifier) {
        verifier.close();
    }

    @Produces
    @Singleton
    AssumeRoleWithWebIdentity assumeRoleWithWebIdentity(OpenStsConfig config, LiveView view, PolicySources policies,
                                                        Contexts contexts, OidcTokenVerifier verifier,
                                                        CredentialIds ids, SessionTokenCodec tokens, Clock clock,
                                                        Lifecycle lifecycle) {
        return new AssumeRoleWithWebIdentity(view, policies, contexts, verifier, inCluster(config), ids, tokens,
                clock, lifecycle::caughtUp);
    }

    /** The in-cluster setting of a provider URL (without the scheme): for the issuers configured as in-cluster. */
    private static java.util.function.Function<String, WebIdentityProvider.InCluster> inCluster(OpenStsConfig config) {
        var w = config.webIdentity();
        var inCluster = new WebIdentityProvider.InCluster(w.inClusterTokenFile(), w.inClusterCaFile());
        java.util.Set<String> issuers = w.inClusterIssuers().orElse(java.util.List.of()).stream()
                .map(u -> OidcProviderUrl.key(WebIdentityProvider.normalize(u)))
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
        return url -> issuers.contains(OidcProviderUrl.key(url)) ? inCluster : null;
    }

    @Produces
    @Singleton
    ContainerCredentials containerCredentials(OpenStsConfig config, LiveView view, Clusters clusters,
                                              OidcTokenVerifier verifier, Sts sts, CredentialIds ids,
                                              Lifecycle lifecycle) {
        return new ContainerCredentials(view, clusters, verifier, inCluster(config), sts, ids, lifecycle::caughtUp);
    }

    /** The default account's root key id from configuration; a key id nobody can present when it is unset. */
    private static String rootKeyId(OpenStsConfig config) {
        return config.root().accessKeyId().filter(s -> !s.isBlank()).orElse("\u0000");
    }

    @Produces
    @Singleton
    Authenticator authenticator(OpenStsConfig config, LiveView view, KeyRing keyRing, SessionTokenCodec tokens,
                                Clock clock, Revocations revocations, Trail trail,
                                Lifecycle lifecycle) {
        String rootKey = config.root().accessKeyId().filter(s -> !s.isBlank()).orElse(null);
        String rootSecret = config.root().secretAccessKey().filter(s -> !s.isBlank()).orElse(null);
        if (rootKey == null || rootSecret == null) {
            LOG.warn("OPENSTS_ROOT_ACCESS_KEY_ID / OPENSTS_ROOT_SECRET_ACCESS_KEY are not set: the default account "
                    + "has no root key");
        }
        return new Authenticator(view, keyRing, new SigV4Verifier(clock, new SigningKeyCache(10_000)),
                config.root().accountId(), rootKeyId(config), rootSecret, tokens, clock,
                new RevocationCheck(revocations, trail),
                new SessionPrincipals(view, config.root().accountId()), lifecycle::caughtUp);
    }

    @Produces
    @Singleton
    AssumeRole assumeRole(LiveView view, PolicySources policies, Contexts contexts, CredentialIds ids,
                          SessionTokenCodec tokens, Clock clock) {
        return new AssumeRole(view, policies, contexts, ids, tokens, clock);
    }

    @Produces
    @Singleton
    GetSessionToken getSessionToken(CredentialIds ids, SessionTokenCodec tokens, Clock clock) {
        return new GetSessionToken(ids, tokens, clock);
    }

    @Produces
    @Singleton
    dev.opensts.app.sts.Federation federation(dev.opensts.app.auth.Authorizer authorizer, PolicySources policies,
                                             CredentialIds ids, SessionTokenCodec tokens, Clock clock, Issuer issuer,
                                             AuditRecords records) {
        return new dev.opensts.app.sts.Federation(new dev.opensts.app.sts.GetFederationToken(authorizer, policies,
                ids, tokens, clock), issuer, records);
    }

    @Produces
    @Singleton
    dev.opensts.credentials.AuthorizationMessageCodec authorizationMessageCodec(KeyRing keyRing,
                                                                               OpenStsConfig config) {
        return new dev.opensts.credentials.AuthorizationMessageCodec(keyRing, config.deploymentId());
    }

    @Produces
    @Singleton
    dev.opensts.app.auth.AuthorizationMessages authorizationMessages(
            dev.opensts.credentials.AuthorizationMessageCodec codec) {
        return new dev.opensts.app.auth.AuthorizationMessages(codec);
    }

    @Produces
    @Singleton
    dev.opensts.app.sts.DecodeAuthorizationMessage decodeAuthorizationMessage(PolicySources policies,
                                                                             Contexts contexts,
                                                                             dev.opensts.credentials.AuthorizationMessageCodec codec) {
        return new dev.opensts.app.sts.DecodeAuthorizationMessage(policies, contexts, codec);
    }

    @Produces
    @Singleton
    Revocations revocations() {
        return new Revocations();
    }

    @Produces
    @Singleton
    RevocationCodec revocationCodec(EventCodec codec) {
        return new RevocationCodec(codec.json());
    }

    @Produces
    @Singleton
    KafkaEventLog<Revocation> revocationLog(OpenStsConfig config, @Named("replicaId") String replicaId,
                                            RevocationCodec codec) {
        return new KafkaEventLog<>(config, config.topics().revocations(), codec, "opensts-revocations-" + replicaId);
    }

    void closeRevocationLog(@Disposes KafkaEventLog<Revocation> log) {
        log.close();
    }

    @Produces
    @Singleton
    RevokeSessions revokeSessions(Authorizer authorizer, LiveView view, Revocations revocations,
                                  KafkaEventLog<Revocation> log, Clock clock, CredentialIds ids, OpenStsConfig config,
                                  @Named("replicaId") String replicaId) {
        return new RevokeSessions(authorizer, view, revocations, log::append, clock, ids, "/opensts/" + replicaId,
                config.kafka().writeTimeout());
    }

    @Produces
    @Singleton
    PolicySources policySources(LiveView view) {
        return new PolicySources(view);
    }

    @Produces
    @Singleton
    Contexts contexts(LiveView view, Clock clock) {
        return new Contexts(view, clock);
    }

    @Produces
    @Singleton
    Resealer resealer(LiveView view, KeyRing keyRing, CommandBus bus, dev.opensts.iam.Quotas quotas) {
        return new Resealer(view, keyRing, bus, quotas);
    }

    @Produces
    @Singleton
    Authorizer authorizer(PolicySources policies, Contexts contexts) {
        return new Authorizer(policies, contexts);
    }

    @Produces
    @Singleton
    IamContext iamContext(LiveView view, CommandBus bus, Authorizer authorizer, CredentialIds ids, Clock clock,
                          dev.opensts.iam.Quotas quotas) {
        return new IamContext(view, bus, authorizer, ids, clock, quotas);
    }

    @Produces
    @Singleton
    Roles roles(IamContext iam) {
        return new Roles(iam);
    }

    @Produces
    @Singleton
    Users users(IamContext iam, KeyRing keyRing) {
        return new Users(iam, keyRing);
    }

    @Produces
    @Singleton
    Policies policies(IamContext iam) {
        return new Policies(iam);
    }

    @Produces
    @Singleton
    dev.opensts.app.iam.PolicyVersions policyVersions(IamContext iam) {
        return new dev.opensts.app.iam.PolicyVersions(iam);
    }

    @Produces
    @Singleton
    dev.opensts.app.iam.Groups groups(IamContext iam) {
        return new dev.opensts.app.iam.Groups(iam, dev.opensts.iam.GroupQuotas.AWS);
    }

    @Produces
    @Singleton
    dev.opensts.app.iam.PolicyEntities policyEntities(IamContext iam) {
        return new dev.opensts.app.iam.PolicyEntities(iam);
    }

    /**
     * Login profiles hash on their own pool, one thread per core: an Argon2id hash takes 19 MiB and tens of
     * milliseconds, so a burst of password requests queues there (bounded memory) instead of filling the shared
     * worker pool.
     */
    @Produces
    @Singleton
    dev.opensts.app.iam.LoginProfiles loginProfiles(IamContext iam, SecureRandom random) {
        var counter = new java.util.concurrent.atomic.AtomicInteger();
        var pool = java.util.concurrent.Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors(),
                r -> {
                    Thread t = new Thread(r, "opensts-password-hash-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        return new dev.opensts.app.iam.LoginProfiles(iam, new dev.opensts.adapter.crypto.Argon2idPasswords(random,
                dev.opensts.adapter.crypto.Argon2idPasswords.DEFAULT), pool);
    }

    @Produces
    @Singleton
    dev.opensts.app.iam.AccountOverview accountOverview(IamContext iam, Policies policies) {
        return new dev.opensts.app.iam.AccountOverview(iam, policies, dev.opensts.iam.GroupQuotas.AWS);
    }

    /** ListPoliciesGrantingServiceAccess knows IAM's and STS's actions from AWS's models. */
    @Produces
    @Singleton
    dev.opensts.app.iam.ServiceAccess serviceAccess(IamContext iam) {
        var actions = new java.util.HashMap<String, java.util.Set<String>>();
        for (String service : java.util.List.of("iam", "sts")) {
            try (var in = CoreBeans.class.getResourceAsStream("/aws-models/" + service + "/service-2.json")) {
                actions.put(service, dev.opensts.adapter.http.query.ServiceModel.load(in).operationNames().stream()
                        .map(op -> service + ":" + op).collect(java.util.stream.Collectors.toUnmodifiableSet()));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new dev.opensts.app.iam.ServiceAccess(iam, actions);
    }

    @Produces
    @Singleton
    dev.opensts.app.iam.AccountSettings accountSettings(IamContext iam, OpenStsConfig config) {
        return new dev.opensts.app.iam.AccountSettings(iam, config.root().accountId());
    }

    @Produces
    @Singleton
    dev.opensts.app.iam.Simulator simulator(LiveView view, Authorizer authorizer, PolicySources policies,
                                            Contexts contexts) {
        // one thread: simulations queue there instead of taking the event loop or every core
        var worker = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "opensts-simulator");
            t.setDaemon(true);
            return t;
        });
        return new dev.opensts.app.iam.Simulator(view, authorizer, policies, contexts, worker);
    }

    @Produces
    @Singleton
    OidcProviders oidcProviders(IamContext iam) {
        return new OidcProviders(iam);
    }

    @Produces
    @Singleton
    MfaDevices mfaDevices(IamContext iam, KeyRing keyRing) {
        return new MfaDevices(iam, keyRing);
    }

    @Produces
    @Singleton
    InstanceProfiles instanceProfiles(IamContext iam) {
        return new InstanceProfiles(iam);
    }

    @Produces
    @Singleton
    Clusters clusters(LiveView view) {
        return new Clusters(view);
    }

    @Produces
    @Singleton
    PodIdentityAssociations podIdentityAssociations(IamContext iam, Clusters clusters) {
        return new PodIdentityAssociations(iam, clusters);
    }

    @Produces
    @Singleton
    Accounts accounts(LiveView view, CommandBus bus, CredentialIds ids, KeyRing keyRing, Clock clock,
                      Resealer resealer, RevokeSessions revokeSessions, OpenStsConfig config) {
        return new Accounts(view, bus, ids, keyRing, clock, resealer, revokeSessions, config.root().accountId());
    }

    @Produces
    @Singleton
    Decisions decisions(Authenticator authenticator, PolicySources policies, Contexts contexts, History history,
                        Clock clock) {
        return new Decisions(authenticator, policies, contexts, history, clock);
    }

    @Produces
    @Singleton
    History history(Authorizer authorizer, io.vertx.mutiny.sqlclient.Pool pool, EventCodec codec, Clock clock) {
        return new History(authorizer, new HistoryQueries(pool, codec.json()), clock);
    }
}
