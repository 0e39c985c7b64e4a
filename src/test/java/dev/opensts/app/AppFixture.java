package dev.opensts.app;

import dev.opensts.app.audit.AuditLog;
import dev.opensts.app.audit.AuditRecord;
import dev.opensts.app.audit.AuditRecords;
import dev.opensts.app.audit.Trail;
import dev.opensts.app.auth.Authenticator;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.RevocationCheck;
import dev.opensts.app.auth.SessionPrincipals;
import dev.opensts.app.eks.Clusters;
import dev.opensts.app.eks.ContainerCredentials;
import dev.opensts.app.eks.PodIdentityAssociations;
import dev.opensts.app.history.History;
import dev.opensts.app.history.RecordedEvent;
import dev.opensts.app.iam.Accounts;
import dev.opensts.app.iam.CommandBus;
import dev.opensts.app.iam.EventAppender;
import dev.opensts.app.iam.IamContext;
import dev.opensts.app.iam.InstanceProfiles;
import dev.opensts.app.iam.OidcProviders;
import dev.opensts.app.iam.Policies;
import dev.opensts.app.iam.Resealer;
import dev.opensts.app.iam.Roles;
import dev.opensts.app.iam.Users;
import dev.opensts.app.revocation.RevokeSessions;
import dev.opensts.app.sts.AssumeRole;
import dev.opensts.app.sts.AssumeRoleWithWebIdentity;
import dev.opensts.app.sts.GetSessionToken;
import dev.opensts.app.sts.Issuer;
import dev.opensts.app.sts.Sts;
import dev.opensts.arn.Arn;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.credentials.SessionTokenCodec;
import dev.opensts.error.AwsException;
import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.Quotas;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.UserEvent.UserCreated;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import dev.opensts.policy.PrincipalType;
import dev.opensts.sigv4.SigV4Verifier;
import dev.opensts.sigv4.SigningKeyCache;
import dev.opensts.view.LiveView;
import dev.opensts.view.Revocation;
import dev.opensts.view.Revocations;
import io.smallrye.mutiny.Uni;

import java.io.IOException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The application layer wired to in-memory ports, as the composition root (config.CoreBeans) wires it to Kafka:
 * an event log that applies each appended event to the live view at once (read-your-writes without a broker), a
 * revocation log that applies each revocation to the index, a clock that moves only when told, and ids drawn
 * from a seeded random source. Tests read as given events (applied to the view as a replica would read them),
 * when a use case, then its result and the events it appended. When a constructor changes, only this file does.
 */
public final class AppFixture {
    /** The deployment's default account (its root key comes from configuration). */
    public static final String ACCOUNT = "123456789012";
    public static final String OTHER = "210987654321";
    public static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    public static final String TRUST = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"arn:aws:iam::123456789012:root"},"Action":"sts:AssumeRole"}]}""";
    public static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** The default account's root key from configuration (never one open-sts mints: those are base32). */
    public static final String ROOT_KEY_ID = "AKIAROOTKEY000000001";
    public static final String ROOT_SECRET = "root/secret/of/the/default/account0000000";
    public static final String DEPLOYMENT = "test-deployment";

    /** What a test may change in the wiring; everything else is fixed. */
    public record Options(Quotas quotas, String keyRing, Duration timeout) {
        public static Options defaults() {
            return new Options(Quotas.AWS, ring("k1", 1), TIMEOUT);
        }

        public Options quotas(Quotas q) {
            return new Options(q, keyRing, timeout);
        }

        /** A key ring spec, {@code id=base64,...}, the first key current. */
        public Options keyRing(String spec) {
            return new Options(quotas, spec, timeout);
        }

        public Options timeout(Duration t) {
            return new Options(quotas, keyRing, t);
        }
    }

    public final TestClock clock = new TestClock(T0);
    public final LiveView view = new LiveView();
    public final Revocations revocations = new Revocations();
    public final EventLog events = new EventLog();
    public final RevocationLog revocationLog = new RevocationLog();
    public final SecureRandom random = seeded(42);
    public final CredentialIds ids = new CredentialIds(random);
    public final KeyRing keyRing;
    public final Quotas quotas;
    public final Authorizer authorizer;
    public final CommandBus bus;
    public final Roles roles;
    public final Users users;
    public final Policies policies;
    public final dev.opensts.app.iam.PolicyVersions policyVersions;
    public final OidcProviders oidcProviders;
    public final InstanceProfiles instanceProfiles;
    public final dev.opensts.app.iam.MfaDevices mfaDevices;
    public final PodIdentityAssociations podIdentityAssociations;
    public final Resealer resealer;
    public final RevokeSessions revokeSessions;
    public final Accounts accounts;
    public final SessionTokenCodec tokens;
    public final AuditTrail audit = new AuditTrail();
    public final AuditRecords auditRecords;
    /** The trail over {@link #audit}: its read path publishes at once, on the caller's thread. */
    public final Trail trail;
    /** The reasons of the read-path records {@link #trail} dropped, in order. */
    public final List<String> dropped = new java.util.concurrent.CopyOnWriteArrayList<>();
    public final AssumeRole assumeRole;
    public final FakeWebIdentityTokens webIdentityTokens = new FakeWebIdentityTokens();
    public final AssumeRoleWithWebIdentity assumeRoleWithWebIdentity;
    public final GetSessionToken getSessionToken;
    /** The STS use cases with synchronous audit (the default): credentials only once their record is durable. */
    public final Sts sts;
    /** The same with OPENSTS_AUDIT_ACKNOWLEDGED=false: credentials without waiting for their record. */
    public final Sts stsWithoutAck;
    /** The container-credentials use case over {@link #sts} and {@link #webIdentityTokens}. */
    public final ContainerCredentials containerCredentials;
    public final Authenticator authenticator;
    /** GetFederationToken over {@link #trail}, acknowledged. */
    public final dev.opensts.app.sts.Federation federation;
    /** The history over the events the use cases appended (as the projector would have stored them). */
    public final History history;
    /** Whether this replica's view and revocation index have caught up with their topics. */
    public boolean caughtUp = true;
    private int given;

    public AppFixture() {
        this(Options.defaults());
    }

    public AppFixture(Options o) {
        keyRing = KeyRing.parse(o.keyRing(), random);
        quotas = o.quotas();
        authorizer = new Authorizer(new PolicySources(view), new Contexts(view, clock));
        bus = new CommandBus(view, events, clock, ids::eventId, "/opensts/test", o.timeout());
        var iam = new IamContext(view, bus, authorizer, ids, clock, quotas);
        roles = new Roles(iam);
        users = new Users(iam, keyRing);
        policies = new Policies(iam);
        policyVersions = new dev.opensts.app.iam.PolicyVersions(iam);
        oidcProviders = new OidcProviders(iam);
        instanceProfiles = new InstanceProfiles(iam);
        mfaDevices = new dev.opensts.app.iam.MfaDevices(iam, keyRing);
        podIdentityAssociations = new PodIdentityAssociations(iam, new Clusters(view));
        resealer = new Resealer(view, keyRing, bus, quotas);
        revokeSessions = new RevokeSessions(authorizer, view, revocations, revocationLog, clock, ids, "/opensts/test",
                o.timeout());
        accounts = new Accounts(view, bus, ids, keyRing, clock, resealer, revokeSessions, ACCOUNT);
        tokens = new SessionTokenCodec(keyRing, DEPLOYMENT);
        auditRecords = new AuditRecords(clock);
        var contexts = new Contexts(view, clock);
        var policySources = new PolicySources(view);
        assumeRole = new AssumeRole(view, policySources, contexts, ids, tokens, clock);
        getSessionToken = new GetSessionToken(ids, tokens, clock);
        assumeRoleWithWebIdentity = new AssumeRoleWithWebIdentity(view, policySources, contexts, webIdentityTokens,
                url -> null, ids, tokens, clock, () -> caughtUp);
        trail = new Trail(audit, auditRecords, 1000, Runnable::run, dropped::add);
        sts = new Sts(assumeRole, assumeRoleWithWebIdentity, getSessionToken, new Issuer(trail, true), auditRecords,
                ACCOUNT, ROOT_KEY_ID, mfaDevices);
        stsWithoutAck = new Sts(assumeRole, assumeRoleWithWebIdentity, getSessionToken, new Issuer(trail, false),
                auditRecords, ACCOUNT, ROOT_KEY_ID, mfaDevices);
        federation = new dev.opensts.app.sts.Federation(new dev.opensts.app.sts.GetFederationToken(authorizer,
                policySources, ids, tokens, clock), new Issuer(trail, true), auditRecords);
        containerCredentials = new ContainerCredentials(view, new Clusters(view), webIdentityTokens, url -> null, sts,
                ids, () -> caughtUp);
        history = new History(authorizer, new dev.opensts.app.history.EntityEvents() {
            @Override
            public Uni<List<RecordedEvent>> applied(String streamId) {
                return Uni.createFrom().item(() -> events.envelopes().stream()
                        .filter(e -> e.streamId().equals(streamId))
                        .map(e -> new RecordedEvent(e.id(), e.time(), e.requestId(), e.actor(), e.event())).toList());
            }

            // as the read model's query: every group stream one of whose events has the id among its values
            @Override
            public Uni<List<String>> groupStreamsNaming(String accountId, String userId) {
                String prefix = StreamIds.prefix(accountId, "group");
                return Uni.createFrom().item(() -> events.envelopes().stream()
                        .filter(e -> e.streamId().startsWith(prefix) && e.event().toString().contains(userId))
                        .map(e -> e.streamId()).distinct().sorted().toList());
            }
        }, clock);
        authenticator = new Authenticator(view, keyRing, new SigV4Verifier(clock, new SigningKeyCache(100)), ACCOUNT,
                ROOT_KEY_ID, ROOT_SECRET, tokens, clock, new RevocationCheck(revocations, trail),
                new SessionPrincipals(view, ACCOUNT), () -> caughtUp);
    }

    // ---- given ------------------------------------------------------------------------------------------------

    /** Events that happened before the test, applied to the view in order (not counted as appended). */
    public AppFixture given(IamEvent... history) {
        for (IamEvent e : history) {
            long version = view.get(e.streamId()).version();
            assertThat(view.apply(new EventEnvelope<>("given-" + ++given, e.streamId(), version, clock.instant(),
                    "/opensts/given", "given", e))).as("given %s", e).isTrue();
        }
        return this;
    }

    public static RoleCreated roleCreated(String name, String path) {
        return roleCreated(ACCOUNT, name, path);
    }

    public static RoleCreated roleCreated(String account, String name, String path) {
        return new RoleCreated(account, name, "AROA" + id(name), path, TRUST, null, 3600, List.of(), T0);
    }

    public static UserCreated userCreated(String name, String path) {
        return userCreated(ACCOUNT, name, path);
    }

    public static UserCreated userCreated(String account, String name, String path) {
        return new UserCreated(account, name, "AIDA" + id(name), path, List.of(), T0);
    }

    public static PolicyCreated policyCreated(String name, String path, String document) {
        return policyCreated(ACCOUNT, name, path, document);
    }

    public static PolicyCreated policyCreated(String account, String name, String path, String document) {
        return new PolicyCreated(account, name, "ANPA" + id(name), path, null, document, List.of(), T0);
    }

    /** A policy document of one statement. */
    public static String policy(String effect, String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"" + effect + "\",\"Action\":\"" + action
                + "\",\"Resource\":\"" + resource + "\"}]}";
    }

    public static String allow(String action, String resource) {
        return policy("Allow", action, resource);
    }

    public static String deny(String action, String resource) {
        return policy("Deny", action, resource);
    }

    public static String policyArn(String path, String name) {
        return Arn.iamPolicy(ACCOUNT, path, name).toString();
    }

    public static String roleArn(String path, String name) {
        return Arn.iamRole(ACCOUNT, path, name).toString();
    }

    public static String userArn(String path, String name) {
        return Arn.iamUser(ACCOUNT, path, name).toString();
    }

    /** A 16-character base32 tail for a unique id, from a name (AWS ids are 20 characters with the prefix). */
    private static String id(String name) {
        String s = name.toUpperCase().replaceAll("[^A-Z2-7]", "");
        return (s + "QQQQQQQQQQQQQQQQ").substring(0, 16);
    }

    // ---- callers ----------------------------------------------------------------------------------------------

    public static Caller root() {
        return root(ACCOUNT);
    }

    /** An account's root with its long-term key. */
    public static Caller root(String account) {
        return new Caller(account, Arn.iamRoot(account).toString(), PrincipalType.ROOT, account, null,
                "AKIAROOT" + account, "192.0.2.1", true, "test", null, "us-east-1");
    }

    /** An IAM user of the default account, with its long-term key, as it is in the view now. */
    public Caller user(String userName) {
        UserState u = view.user(ACCOUNT, userName);
        assertThat(u).as("user %s in the view", userName).isNotNull();
        return new Caller(u.accountId(), u.arn(), PrincipalType.USER, u.userId(), u.userName(),
                "AKIA" + u.userId().substring(4), "192.0.2.1", true, "test", null, "us-east-1");
    }

    /** A session of a role of the default account, as AssumeRole issues it now, without session policies. */
    public Caller roleSession(String roleName, String sessionName) {
        return roleSession(roleName, sessionName, null, List.of());
    }

    /** A session of a role of the default account, assumed by the account's root now. */
    public Caller roleSession(String roleName, String sessionName, String sessionPolicy, List<String> policyArns) {
        RoleState r = view.role(ACCOUNT, roleName);
        assertThat(r).as("role %s in the view", roleName).isNotNull();
        String arn = Arn.assumedRole(ACCOUNT, r.roleName(), sessionName).toString();
        var claims = new SessionClaims(SessionKind.ASSUMED_ROLE, ACCOUNT, ids.accessKeyId("ASIA", ACCOUNT),
                ids.secret(), arn, r.roleId() + ":" + sessionName, r.arn(), r.roleName(), r.roleId(), sessionName,
                null, clock.instant(), clock.instant().plusSeconds(3600), sessionPolicy, policyArns, Map.of(),
                List.of(), null, false, null, 0, root().accessKeyId(), root().arn(), root().accessKeyId());
        return session(claims, PrincipalType.ASSUMED_ROLE);
    }

    /** A GetSessionToken session of an IAM user of the default account, issued now. */
    public Caller userSession(String userName, boolean mfa) {
        Caller u = user(userName);
        var claims = new SessionClaims(SessionKind.USER_SESSION, ACCOUNT, ids.accessKeyId("ASIA", ACCOUNT),
                ids.secret(), u.arn(), u.userId(), null, null, null, null, u.userName(), clock.instant(),
                clock.instant().plusSeconds(3600), null, List.of(), Map.of(), List.of(), null, mfa,
                mfa ? clock.instant() : null, 0, u.accessKeyId(), u.arn(), u.accessKeyId());
        return session(claims, PrincipalType.USER);
    }

    /** A GetSessionToken session of an account's root, issued now. */
    public Caller rootSession(String account, boolean mfa) {
        Caller r = root(account);
        var claims = new SessionClaims(SessionKind.ROOT_SESSION, account, ids.accessKeyId("ASIA", account),
                ids.secret(), r.arn(), account, null, null, null, null, null, clock.instant(),
                clock.instant().plusSeconds(3600), null, List.of(), Map.of(), List.of(), null, mfa,
                mfa ? clock.instant() : null, 0, r.accessKeyId(), r.arn(), r.accessKeyId());
        return session(claims, PrincipalType.ROOT);
    }

    /** The caller that presents these temporary credentials (as the authenticator would name it). */
    public static Caller callerOf(SessionClaims s) {
        return session(s, switch (s.kind()) {
            case ASSUMED_ROLE -> PrincipalType.ASSUMED_ROLE;
            case USER_SESSION -> PrincipalType.USER;
            case ROOT_SESSION -> PrincipalType.ROOT;
            case FEDERATED_USER -> PrincipalType.FEDERATED;
        });
    }

    private static Caller session(SessionClaims s, PrincipalType type) {
        return new Caller(s.accountId(), s.principalArn(), type, s.principalId(),
                type == PrincipalType.FEDERATED ? null : s.userName(), s.accessKeyId(),
                "192.0.2.1", true, "test", s, "us-east-1");
    }

    // ---- when / then ------------------------------------------------------------------------------------------

    /** The use case's result; with in-memory ports every Uni here completes on the calling thread. */
    public static <T> T await(Uni<T> uni) {
        return uni.await().atMost(Duration.ofSeconds(10));
    }

    /** The AWS error the use case failed with (the test fails if it succeeded or failed otherwise). */
    public static AwsException failure(Uni<?> uni) {
        AwsException e = catchThrowableOfType(AwsException.class, () -> await(uni));
        assertThat(e).as("an AwsException").isNotNull();
        return e;
    }

    /** The events the use cases appended, in order (the given ones excluded). */
    public List<IamEvent> appended() {
        return events.envelopes().stream().map(EventEnvelope::event).toList();
    }

    // ---- the ports --------------------------------------------------------------------------------------------

    /** What an in-memory log does with an append. */
    public enum Broker {
        /** Acknowledges, and the local view reads the events back at once. */
        UP,
        /** Refuses the append. */
        DOWN,
        /** Acknowledges, but the local view never reads the events back (a stuck consumer). */
        SILENT,
        /** The log throws where it should have answered a failed Uni (a defect in an adapter). */
        THROWS
    }

    /** The IAM event log: every append is applied to the view before it completes. */
    public final class EventLog implements EventAppender {
        private final List<EventEnvelope<IamEvent>> envelopes = new ArrayList<>();
        private final List<IamEvent> racing = new ArrayList<>();
        private Broker broker = Broker.UP;

        public void broker(Broker b) {
            broker = b;
        }

        /** Another writer's event, which gets in just before the next append. */
        public void raceWith(IamEvent e) {
            racing.add(e);
        }

        @Override
        public Uni<Void> append(List<EventEnvelope<IamEvent>> batch) {
            return Uni.createFrom().deferred(() -> {
                if (broker == Broker.DOWN) {
                    return Uni.createFrom().failure(new IOException("the broker is down"));
                }
                given(racing.toArray(IamEvent[]::new));
                racing.clear();
                envelopes.addAll(batch);
                if (broker == Broker.UP) {
                    batch.forEach(view::apply);
                }
                return Uni.createFrom().voidItem();
            });
        }

        public List<EventEnvelope<IamEvent>> envelopes() {
            return List.copyOf(envelopes);
        }
    }

    /** One revocation as the log received it, with the time the broker gave its record. */
    public record AppendedRevocation(Revocation revocation, String requestId, Instant decidedAt, Instant recordTime,
                                     EventEnvelope<Revocation> envelope) {
        /** Who revoked, as the envelope names it. */
        public Actor actor() {
            return envelope.actor();
        }
    }

    /** The revocation log: every append is applied to the index, at its record time, before it completes. */
    public final class RevocationLog implements RevokeSessions.Appender {
        private final List<AppendedRevocation> appended = new ArrayList<>();
        private Broker broker = Broker.UP;
        private Duration lag = Duration.ZERO;

        public void broker(Broker b) {
            broker = b;
        }

        /** How far the broker's append time is behind the decider's clock reading. */
        public void lag(Duration d) {
            lag = d;
        }

        @Override
        public Uni<Instant> append(EventEnvelope<Revocation> e) {
            return Uni.createFrom().deferred(() -> {
                if (broker == Broker.DOWN) {
                    return Uni.createFrom().failure(new IOException("the broker is down"));
                }
                Instant recordTime = clock.instant().plus(lag);
                appended.add(new AppendedRevocation(e.event(), e.requestId(), e.time(), recordTime, e));
                if (broker == Broker.UP) {
                    revocations.apply(e, recordTime, recordTime);
                }
                return Uni.createFrom().item(recordTime);
            });
        }

        public List<AppendedRevocation> appended() {
            return List.copyOf(appended);
        }

        public List<Revocation> revocations() {
            return appended.stream().map(AppendedRevocation::revocation).toList();
        }
    }

    /** The audit log: keeps every record it is asked to publish; DOWN fails the publication (after keeping it). */
    public static final class AuditTrail implements AuditLog {
        private final List<AuditRecord> published = new ArrayList<>();
        private Broker broker = Broker.UP;

        public void broker(Broker b) {
            broker = b;
        }

        @Override
        public Uni<Void> publish(AuditRecord record) {
            if (broker == Broker.THROWS) {
                published.add(record);
                throw new IllegalStateException("the audit adapter threw");
            }
            return Uni.createFrom().deferred(() -> {
                published.add(record);
                return broker == Broker.DOWN
                        ? Uni.createFrom().failure(new IOException("the audit broker is down"))
                        : Uni.createFrom().voidItem();
            });
        }

        /** The records published (subscribed to), in order. */
        public List<AuditRecord> records() {
            return List.copyOf(published);
        }
    }

    /** A clock that stands still until a test moves it. */
    public static final class TestClock extends Clock {
        private volatile Instant now; // read by other threads in some tests (key fetches, verifiers)

        public TestClock(Instant start) {
            now = start;
        }

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    /** {@code id=base64} of a 32-byte key filled with one byte value. */
    public static String ring(String id, int fill) {
        byte[] k = new byte[32];
        Arrays.fill(k, (byte) fill);
        return id + "=" + Base64.getEncoder().encodeToString(k);
    }

    /** SHA1PRNG seeded before its first use draws the same sequence every run. */
    private static SecureRandom seeded(long seed) {
        try {
            SecureRandom r = SecureRandom.getInstance("SHA1PRNG");
            r.setSeed(seed);
            return r;
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
