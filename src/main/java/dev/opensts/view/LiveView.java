package dev.opensts.view;

import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.Aggregates;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.GroupMember;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.MfaDeviceState;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.InstanceProfileState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.OidcProviderState;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import dev.opensts.iam.VersionRule;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.policy.PrincipalBindings;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The in-memory view of every IAM aggregate, fed by one thread from all partitions of the event
 * topic and read by any number of request threads. Each entry is immutable and replaced whole, so
 * readers never see half an update. Everything the STS hot path needs is here: nothing on that path
 * reads PostgreSQL or Kafka while a request waits.
 */
public final class LiveView {
    private static final Logger LOG = Logger.getLogger(LiveView.class);

    private volatile ConcurrentSkipListMap<String, Slot> aggregates = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, KeyOwner> accessKeys = new ConcurrentHashMap<>();
    /** Pod Identity associations by {@code ACCOUNT/ASSOCIATION-ID}: the stream id of each. */
    private final ConcurrentHashMap<String, String> associationIds = new ConcurrentHashMap<>();
    /** The stream ids of the groups each user is in, by {@code ACCOUNT/USER-ID} (membership is bound to the id). */
    private final ConcurrentHashMap<String, java.util.Set<String>> memberships = new ConcurrentHashMap<>();
    private final Waiters<Boolean> writers = new Waiters<>();
    private final java.util.concurrent.atomic.AtomicLong uncompilable = new java.util.concurrent.atomic.AtomicLong();

    /** The entries of the last snapshot loaded, until {@link #checkLoadedPolicies()} has been through them. */
    private volatile Loaded[] unchecked = new Loaded[0];

    /**
     * Replaces the view with a snapshot (replica bootstrap). Call before consuming.
     *
     * <p>A snapshot's state may be a {@link DeferredState}, decoded on first use; and the policies of every loaded
     * state are compiled on first use, not here: a replica with 100,000 roles would otherwise spend most of its
     * start, and most of its heap, building records and compiling documents few of which a request will ever
     * need. Users and accounts are decoded here (their access keys are indexed). A document that does not compile
     * still denies everything (compiled, counted and logged on first use, as on apply);
     * {@link #checkLoadedPolicies()}, run once after the start, compiles every loaded document no request has
     * needed yet, so that {@link #uncompilablePolicies()} counts them all.
     */
    @SuppressWarnings("unchecked")
    public void load(Map<String, Stored> snapshot) {
        Map.Entry<String, Slot>[] entries = new Map.Entry[snapshot.size()];
        var loaded = new ArrayList<Loaded>();
        int i = 0;
        for (var e : snapshot.entrySet()) {
            Stored v = e.getValue();
            Object state = v.deferred() != null ? v.deferred() : v.state();
            if (state instanceof DeferredState d && (d.type() == UserState.class || d.type() == AccountState.class
                    || d.type() == GroupState.class)) {
                state = d.decode(); // their keys are indexed below
            }
            Slot entry = new Slot(v.version(), state, null);
            if (state instanceof DeferredState || hasPolicies(state)) {
                Loaded l = new Loaded(state);
                loaded.add(l);
                entry = new Slot(v.version(), l, l);
            }
            entries[i++] = Map.entry(e.getKey(), entry);
        }
        Arrays.parallelSort(entries, Map.Entry.comparingByKey());
        accessKeys.clear();
        associationIds.clear();
        memberships.clear();
        aggregates = new ConcurrentSkipListMap<>(new SortedEntries(entries)); // built in one pass from sorted keys
        for (var e : entries) {
            AggregateState s = stateIfDecoded(e.getValue());
            index(s);
            regroup(e.getKey(), null, s);
        }
        unchecked = loaded.toArray(Loaded[]::new);
    }

    /**
     * Reads every loaded state no request has read yet and compiles every policy no request has compiled yet,
     * then drops them again (the next use decodes and compiles anew: only what is in use stays in the heap), but
     * keeps the deny-all of each document that does not compile (counted and logged). Call once, after the
     * start, on a thread of its own.
     *
     * @return how many loaded aggregates were read and compiled here
     */
    public int checkLoadedPolicies() {
        Loaded[] toCheck = unchecked;
        unchecked = new Loaded[0];
        int checked = 0;
        for (Loaded l : toCheck) {
            try {
                if (l.check()) {
                    checked++;
                }
            } catch (RuntimeException e) {
                LOG.errorf("a loaded state cannot be read: %s", e.toString());
            }
        }
        return checked;
    }

    private static boolean hasPolicies(Object state) {
        return state instanceof RoleState || state instanceof UserState || state instanceof ManagedPolicyState
                || state instanceof GroupState;
    }

    /**
     * An aggregate as the view holds it: its version, its state ({@link AggregateState}, null before creation and
     * after deletion, or a {@link Loaded} from the snapshot) and its compiled policies ({@link CompiledPolicies} for
     * roles and users, a {@link Policy} for a managed policy, or the {@link Loaded} that compiles on first use).
     */
    private record Slot(long version, Object state, Object compiled) {
        static final Slot ABSENT = new Slot(0, null, null);
    }

    /** The state of an entry, decoding a loaded one on first use. */
    private static AggregateState stateOf(Slot v) {
        return v.state() instanceof Loaded l ? l.state() : (AggregateState) v.state();
    }

    /** The state of an entry if it is decoded, else null (for the access key index: users are decoded at load). */
    private static AggregateState stateIfDecoded(Slot v) {
        return v.state() instanceof Loaded l ? l.decoded() : (AggregateState) v.state();
    }

    private static Class<?> typeOf(Slot v) {
        Object state = v.state() instanceof Loaded l ? l.decodedOrDeferred() : v.state();
        return state instanceof DeferredState d ? d.type() : state == null ? null : state.getClass();
    }

    /**
     * An aggregate from the snapshot: its state, decoded on first use if deferred, and its policies, compiled on
     * first use. Safe to share between threads.
     */
    private final class Loaded {
        private volatile Object state;
        private volatile Object compiled;
        private boolean checked;

        Loaded(Object state) {
            this.state = state;
        }

        AggregateState state() {
            Object s = state;
            if (!(s instanceof DeferredState)) {
                return (AggregateState) s;
            }
            synchronized (this) {
                if (state instanceof DeferredState d) {
                    state = d.decode();
                }
                return (AggregateState) state;
            }
        }

        AggregateState decoded() {
            Object s = state;
            return s instanceof DeferredState ? null : (AggregateState) s;
        }

        Object decodedOrDeferred() {
            return state;
        }

        Object compiled() {
            Object c = compiled;
            if (c != null) {
                return c;
            }
            AggregateState s = state();
            synchronized (this) {
                if (compiled == null) {
                    compiled = compile(s, null);
                }
                return compiled;
            }
        }

        /**
         * Decodes (without keeping it) and compiles once if nobody has; keeps the compiled form only when a
         * document failed. True when it compiled.
         */
        boolean check() {
            AggregateState s;
            synchronized (this) {
                if (compiled != null || checked) {
                    return false;
                }
                checked = true;
                s = state instanceof DeferredState d ? d.decode() : (AggregateState) state;
            }
            boolean[] failed = {false};
            Object c = compile(s, failed);
            synchronized (this) {
                if (failed[0] && compiled == null) {
                    compiled = c;
                }
            }
            return true;
        }
    }

    /** Sorted entries as the SortedMap that ConcurrentSkipListMap's copy constructor builds from in one pass. */
    private static final class SortedEntries extends java.util.AbstractMap<String, Slot>
            implements java.util.SortedMap<String, Slot> {
        private final Map.Entry<String, Slot>[] entries;

        SortedEntries(Map.Entry<String, Slot>[] entries) {
            this.entries = entries;
        }

        @Override
        public java.util.Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public java.util.Set<Map.Entry<String, Slot>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, Slot>> iterator() {
                    return Arrays.asList(entries).iterator();
                }

                @Override
                public int size() {
                    return entries.length;
                }
            };
        }

        // the copy constructor reads only comparator(), entrySet() and size(): the views below are never asked for

        @Override
        public java.util.SortedMap<String, Slot> subMap(String fromKey, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<String, Slot> headMap(String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<String, Slot> tailMap(String fromKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public String firstKey() {
            return entries[0].getKey();
        }

        @Override
        public String lastKey() {
            return entries[entries.length - 1].getKey();
        }
    }

    /**
     * Applies one event if its aggregate is at the version the event expects ({@link VersionRule}), skips it
     * otherwise, and tells the event's writer, if it waits here, which it was. Called by the single consuming
     * thread only.
     *
     * @return true when applied
     */
    public boolean apply(EventEnvelope<IamEvent> envelope) {
        Slot current = aggregates.getOrDefault(envelope.streamId(), Slot.ABSENT);
        boolean applies = VersionRule.applies(current.version(), envelope);
        if (applies) {
            AggregateState state = stateOf(current);
            AggregateState next = Aggregates.evolve(state, envelope.event());
            unindex(state);
            put(envelope.streamId(), new Slot(VersionRule.next(current.version()), next, compile(next, null)));
            regroup(envelope.streamId(), state, next);
            if (state instanceof UserState gone && next == null && !gone.accessKeys().isEmpty()) {
                reindexKeysOf(gone);
            }
        }
        writers.complete(envelope.id(), applies);
        return applies;
    }

    /**
     * Read-your-writes: register before appending the event with this id; the answer is true once this view has
     * applied it, false once it skipped it (another writer got in first). End with {@link #forget}.
     */
    public Uni<Boolean> awaitApplied(String eventId) {
        return writers.expect(eventId);
    }

    public void forget(String eventId) {
        writers.forget(eventId);
    }

    /** The aggregate's version and state (a loaded one is decoded on first use). */
    public Versioned get(String streamId) {
        Slot e = entry(streamId);
        return new Versioned(e.version(), (AggregateState) e.state());
    }

    /** The entry, its state decoded: a loaded one is decoded on first use and kept so. */
    private Slot entry(String streamId) {
        Slot v = aggregates.getOrDefault(streamId, Slot.ABSENT);
        if (v.state() instanceof Loaded l) {
            Slot decoded = new Slot(v.version(), l.state(), l);
            aggregates.replace(streamId, v, decoded); // unless an event replaced it meanwhile
            return decoded;
        }
        return v;
    }

    public AccountState account(String accountId) {
        return entry(StreamIds.account(accountId)).state() instanceof AccountState a ? a : null;
    }

    public UserState user(String accountId, String userName) {
        return entry(StreamIds.user(accountId, userName)).state() instanceof UserState u ? u : null;
    }

    public RoleState role(String accountId, String roleName) {
        return entry(StreamIds.role(accountId, roleName)).state() instanceof RoleState r ? r : null;
    }

    public GroupState group(String accountId, String groupName) {
        return entry(StreamIds.group(accountId, groupName)).state() instanceof GroupState g ? g : null;
    }

    /** The account's virtual MFA device of this name (in any case), or null. */
    public MfaDeviceState mfaDevice(String accountId, String deviceName) {
        return entry(StreamIds.mfaDevice(accountId, deviceName)).state() instanceof MfaDeviceState d ? d : null;
    }

    /** The virtual MFA devices of one account, in case-folded name order. */
    public List<MfaDeviceState> mfaDevices(String accountId) {
        return list(accountId, "mfa", MfaDeviceState.class);
    }

    /** The groups of one account, in case-folded name order. */
    public List<GroupState> groups(String accountId) {
        return list(accountId, "group", GroupState.class);
    }

    /**
     * The groups the user of this id is in, in case-folded name order: by its id, so a user deleted and created
     * again under the same name is in none of the old one's groups.
     */
    public List<GroupState> groupsOf(String accountId, String userId) {
        java.util.Set<String> ids = memberships.get(accountId + "/" + userId);
        if (ids == null || ids.isEmpty()) {
            return List.of();
        }
        var result = new ArrayList<GroupState>(ids.size());
        for (String streamId : new java.util.TreeSet<>(ids)) {
            if (entry(streamId).state() instanceof GroupState g && g.hasMember(userId)) {
                result.add(g);
            }
        }
        return result;
    }

    public ManagedPolicyState policy(String accountId, String policyName) {
        return entry(StreamIds.policy(accountId, policyName)).state() instanceof ManagedPolicyState p ? p : null;
    }

    /** The account's OpenID Connect provider of this URL (without the scheme; the host in any case), or null. */
    public OidcProviderState oidcProvider(String accountId, String url) {
        return entry(StreamIds.oidcProvider(accountId, url)).state() instanceof OidcProviderState p ? p : null;
    }

    /** The account's IAM settings (password policy, alias), or null when none is set. */
    public dev.opensts.iam.AccountSettingsState accountSettings(String accountId) {
        return entry(StreamIds.accountSettings(accountId)).state() instanceof dev.opensts.iam.AccountSettingsState s
                ? s : null;
    }

    /** The account's instance profile of this name (in any case), or null. */
    public InstanceProfileState instanceProfile(String accountId, String name) {
        return entry(StreamIds.instanceProfile(accountId, name)).state() instanceof InstanceProfileState p ? p : null;
    }

    /** The Pod Identity association of a service account of a namespace of a cluster, or null. */
    public PodIdentityAssociationState podIdentityAssociation(String accountId, String clusterName, String namespace,
                                                              String serviceAccount) {
        return entry(StreamIds.podIdentityAssociation(accountId, clusterName, namespace, serviceAccount)).state()
                instanceof PodIdentityAssociationState p ? p : null;
    }

    /** The account's Pod Identity association of this id (of any cluster), or null. */
    public PodIdentityAssociationState podIdentityAssociationById(String accountId, String associationId) {
        String streamId = associationIds.get(accountId + "/" + associationId);
        return streamId != null && entry(streamId).state() instanceof PodIdentityAssociationState p
                && p.associationId().equals(associationId) ? p : null;
    }

    /** The Pod Identity associations of one cluster of an account, in namespace, then service account order. */
    public List<PodIdentityAssociationState> podIdentityAssociations(String accountId, String clusterName) {
        return range(StreamIds.podIdentityAssociations(accountId, clusterName), PodIdentityAssociationState.class);
    }

    /** How many Pod Identity associations one cluster of an account has (for EKS's quota per cluster). */
    public int countPodIdentityAssociations(String accountId, String clusterName) {
        return count(StreamIds.podIdentityAssociations(accountId, clusterName));
    }

    public CompiledPolicies compiled(String streamId) {
        return compiledOf(entry(streamId)) instanceof CompiledPolicies c ? c : null;
    }

    public Policy compiledManaged(String streamId) {
        return compiledOf(entry(streamId)) instanceof Policy p ? p : null;
    }

    private static Object compiledOf(Slot v) {
        Object compiled = v.compiled();
        return compiled instanceof Loaded l ? l.compiled() : compiled;
    }

    public KeyOwner accessKeyOwner(String accessKeyId) {
        return accessKeys.get(accessKeyId);
    }

    /** The roles of one account, in case-folded name order. */
    public List<RoleState> roles(String accountId) {
        return list(accountId, "role", RoleState.class);
    }

    /** The users of one account, in case-folded name order. */
    public List<UserState> users(String accountId) {
        return list(accountId, "user", UserState.class);
    }

    /** The customer-managed policies of one account, in case-folded name order. */
    public List<ManagedPolicyState> policies(String accountId) {
        return list(accountId, "policy", ManagedPolicyState.class);
    }

    /** The OpenID Connect providers of one account, in order of their case-folded ARNs. */
    public List<OidcProviderState> oidcProviders(String accountId) {
        return list(accountId, "oidc-provider", OidcProviderState.class);
    }

    /** The instance profiles of one account, in case-folded name order. */
    public List<InstanceProfileState> instanceProfiles(String accountId) {
        return list(accountId, "instance-profile", InstanceProfileState.class);
    }

    private <T> List<T> list(String accountId, String kind, Class<T> type) {
        return range(StreamIds.prefix(accountId, kind), type);
    }

    /** Every stream id the view holds (deleted aggregates included: they keep their version), in key order. */
    public List<String> streamIds() {
        return List.copyOf(aggregates.keySet());
    }

    /** The states of the stream ids that start with prefix, in key order. */
    private <T> List<T> range(String prefix, Class<T> type) {
        NavigableMap<String, Slot> range = aggregates.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        var result = new ArrayList<T>();
        for (Slot v : range.values()) {
            AggregateState state = stateOf(v);
            if (type.isInstance(state)) {
                result.add(type.cast(state));
            }
        }
        return result;
    }

    /** How many live entities of one kind one account has (for the per-account quotas). */
    public int count(String accountId, String kind) {
        return count(StreamIds.prefix(accountId, kind));
    }

    private int count(String prefix) {
        int n = 0;
        for (Slot v : aggregates.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values()) {
            if (v.state() != null) {
                n++;
            }
        }
        return n;
    }

    /** Every IAM user of every account. */
    public List<UserState> allUsers() {
        var result = new ArrayList<UserState>();
        for (Slot v : aggregates.values()) {
            if (typeOf(v) == UserState.class && stateOf(v) instanceof UserState u) {
                result.add(u);
            }
        }
        return result;
    }

    /** Every virtual MFA device of every account (the re-sealing of their seeds). */
    public List<MfaDeviceState> allMfaDevices() {
        var result = new ArrayList<MfaDeviceState>();
        for (Slot v : aggregates.values()) {
            if (typeOf(v) == MfaDeviceState.class && stateOf(v) instanceof MfaDeviceState d) {
                result.add(d);
            }
        }
        return result;
    }

    /** Every account created through the admin API. */
    public List<AccountState> listAccounts() {
        var result = new ArrayList<AccountState>();
        for (Slot v : aggregates.values()) {
            if (typeOf(v) == AccountState.class && stateOf(v) instanceof AccountState a) {
                result.add(a);
            }
        }
        return result;
    }

    /** Every aggregate, for the readiness report and tests. */
    public int size() {
        return aggregates.size();
    }

    /**
     * Keeps the membership index of a group that changed: new members first, then the ones that left, so that a
     * member who stays is never missing from it while a request reads it.
     */
    private void regroup(String streamId, AggregateState before, AggregateState after) {
        if (after instanceof GroupState g) {
            for (GroupMember m : g.members()) {
                memberships.computeIfAbsent(g.accountId() + "/" + m.userId(), k -> ConcurrentHashMap.newKeySet())
                        .add(streamId);
            }
        }
        if (before instanceof GroupState g) {
            for (GroupMember m : g.members()) {
                if (!(after instanceof GroupState a && a.hasMember(m.userId()))) {
                    memberships.computeIfPresent(g.accountId() + "/" + m.userId(), (k, set) -> {
                        set.remove(streamId);
                        return set.isEmpty() ? null : set;
                    });
                }
            }
        }
    }

    private void put(String streamId, Slot entry) {
        aggregates.put(streamId, entry);
        index(entry.state());
    }

    private void index(Object state) {
        if (state instanceof UserState u) {
            for (AccessKey k : u.accessKeys()) {
                accessKeys.put(k.accessKeyId(), new KeyOwner(u.accountId(), u.userName()));
            }
        } else if (state instanceof AccountState a && a.rootAccessKeyId() != null) {
            accessKeys.put(a.rootAccessKeyId(), new KeyOwner(a.accountId(), null));
        } else if (state instanceof PodIdentityAssociationState p) {
            associationIds.put(p.accountId() + "/" + p.associationId(), StreamIds.podIdentityAssociation(
                    p.accountId(), p.clusterName(), p.namespace(), p.serviceAccount()));
        }
    }

    /**
     * A user left with access keys (only a rename does that: DeleteUser needs none): the user of the same account
     * that holds them now (the renamed copy, or the original again when a copy was withdrawn) owns them.
     */
    private void reindexKeysOf(UserState gone) {
        for (UserState other : users(gone.accountId())) {
            for (AccessKey k : gone.accessKeys()) {
                if (other.accessKey(k.accessKeyId()) != null) {
                    accessKeys.put(k.accessKeyId(), new KeyOwner(other.accountId(), other.userName()));
                }
            }
        }
    }

    private void unindex(Object state) {
        if (state instanceof UserState u) {
            // only while the key is still this user's: a renamed user's copy under its new name may hold it already
            var owner = new KeyOwner(u.accountId(), u.userName());
            u.accessKeys().forEach(k -> accessKeys.remove(k.accessKeyId(), owner));
        } else if (state instanceof AccountState a && a.rootAccessKeyId() != null) {
            accessKeys.remove(a.rootAccessKeyId());
        } else if (state instanceof PodIdentityAssociationState p) {
            associationIds.remove(p.accountId() + "/" + p.associationId());
        }
    }

    /** @param failed set to true when a document did not compile (null: not asked) */
    private Object compile(AggregateState state, boolean[] failed) {
        return switch (state) {
            case RoleState r -> new CompiledPolicies(trust(r, failed),
                    inline(r.inlinePolicies(), PolicyKind.ROLE_INLINE, r.arn(), failed));
            case UserState u -> new CompiledPolicies(null,
                    inline(u.inlinePolicies(), PolicyKind.USER_INLINE, u.arn(), failed));
            case GroupState g -> new CompiledPolicies(null,
                    inline(g.inlinePolicies(), PolicyKind.USER_INLINE, g.arn(), failed));
            case ManagedPolicyState p -> parse(p.document(), PolicyKind.MANAGED, p.arn(), failed);
            case null, default -> null;
        };
    }

    /** The trust policy with its IAM principals bound to the unique ids they had when it was saved. */
    private Policy trust(RoleState r, boolean[] failed) {
        var bindings = r.trustPrincipalIds() == null ? PrincipalBindings.NONE
                : new PrincipalBindings(r.trustPrincipalIds());
        try {
            return Policy.parse(r.trustPolicy(), PolicyKind.TRUST, bindings);
        } catch (MalformedPolicyDocumentException e) {
            return parse(r.trustPolicy(), PolicyKind.TRUST, r.arn(), failed); // logged, counted, denies everything
        }
    }

    private List<CompiledPolicies.Named> inline(Map<String, String> docs, PolicyKind kind, String owner,
                                                boolean[] failed) {
        var result = new ArrayList<CompiledPolicies.Named>(docs.size());
        docs.forEach((name, doc) -> {
            result.add(new CompiledPolicies.Named(name, parse(doc, kind, owner + " inline " + name, failed)));
        });
        return List.copyOf(result);
    }

    /**
     * A stored document that no longer compiles (it passed validation when written, so only after a change of
     * the engine) fails closed: it becomes a policy that denies everything, so that a Deny it held cannot turn
     * into access. Its principal can then do nothing until the document is rewritten; a trust policy that does
     * not compile lets nobody assume the role. Logged, and counted in {@link #uncompilablePolicies()}.
     */
    private Policy parse(String doc, PolicyKind kind, String where, boolean[] failed) {
        try {
            return Policy.parse(doc, kind);
        } catch (MalformedPolicyDocumentException e) {
            uncompilable.incrementAndGet();
            if (failed != null) {
                failed[0] = true;
            }
            LOG.errorf("stored policy of %s no longer compiles: it denies everything until rewritten: %s", where,
                    e.getMessage());
            return denyAll(kind);
        }
    }

    private static Policy denyAll(PolicyKind kind) {
        String target = kind.isResourcePolicy() ? "\"Principal\":\"*\"" : "\"Resource\":\"*\"";
        return Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\","
                + target + "}]}", kind);
    }

    /** How many stored policy documents failed to compile since start (each one denies everything). */
    public long uncompilablePolicies() {
        return uncompilable.get();
    }
}
