package dev.opensts.view;

import dev.opensts.iam.AccessKey;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.Aggregates;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;
import dev.opensts.policy.PrincipalBindings;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.CompletableFuture;
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

    private volatile ConcurrentSkipListMap<String, Versioned> aggregates = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, KeyOwner> accessKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong uncompilable = new java.util.concurrent.atomic.AtomicLong();

    /** The policies of the last snapshot loaded, until {@link #checkLoadedPolicies()} has compiled them once. */
    private volatile Lazy[] unchecked = new Lazy[0];

    /**
     * Replaces the view with a snapshot (replica bootstrap). Call before consuming.
     *
     * <p>The snapshot's policies are compiled on first use, not here: a replica with 100,000 roles would
     * otherwise spend most of its start, and most of its heap, compiling documents few of which a request will
     * ever need. A document that does not compile still denies everything (compiled, counted and logged on first
     * use, as on apply); {@link #checkLoadedPolicies()}, run once after the start, compiles every loaded document
     * that no request has needed yet, so that {@link #uncompilablePolicies()} counts them all.
     */
    @SuppressWarnings("unchecked")
    public void load(Map<String, Versioned> snapshot) {
        Map.Entry<String, Versioned>[] entries = new Map.Entry[snapshot.size()];
        var lazies = new ArrayList<Lazy>();
        int i = 0;
        for (var e : snapshot.entrySet()) {
            Versioned v = e.getValue();
            Object compiled = null;
            if (hasPolicies(v.state())) {
                Lazy lazy = new Lazy(v.state());
                lazies.add(lazy);
                compiled = lazy;
            }
            entries[i++] = Map.entry(e.getKey(), new Versioned(v.version(), v.state(), compiled));
        }
        Arrays.parallelSort(entries, Map.Entry.comparingByKey());
        accessKeys.clear();
        aggregates = new ConcurrentSkipListMap<>(new SortedEntries(entries)); // built in one pass from sorted keys
        for (var e : entries) {
            index(e.getValue().state());
        }
        unchecked = lazies.toArray(Lazy[]::new);
    }

    /**
     * Compiles every policy of the loaded snapshot that no request has compiled yet, keeps the deny-all of each
     * document that does not compile (counted and logged) and drops the others again (the next use compiles them
     * anew: only the policies in use stay in the heap). Call once, after the start, on a thread of its own.
     *
     * @return how many principals' and managed policies' documents were compiled here
     */
    public int checkLoadedPolicies() {
        Lazy[] toCheck = unchecked;
        unchecked = new Lazy[0];
        int checked = 0;
        for (Lazy lazy : toCheck) {
            if (lazy.check()) {
                checked++;
            }
        }
        return checked;
    }

    private static boolean hasPolicies(Object state) {
        return state instanceof RoleState || state instanceof UserState || state instanceof ManagedPolicyState;
    }

    /** The compiled form of a loaded state, compiled on first use; safe to share between threads. */
    private final class Lazy {
        private final Object state;
        private volatile Object compiled;
        private boolean checked;

        Lazy(Object state) {
            this.state = state;
        }

        Object get() {
            Object c = compiled;
            if (c != null) {
                return c;
            }
            synchronized (this) {
                if (compiled == null) {
                    compiled = compile(state, null);
                }
                return compiled;
            }
        }

        /** Compiles once if nobody has; keeps the result only when a document failed. True when it compiled. */
        synchronized boolean check() {
            if (compiled != null || checked) {
                return false;
            }
            checked = true;
            boolean[] failed = {false};
            Object c = compile(state, failed);
            if (failed[0]) {
                compiled = c;
            }
            return true;
        }
    }

    /** Sorted entries as the SortedMap that ConcurrentSkipListMap's copy constructor builds from in one pass. */
    private static final class SortedEntries extends java.util.AbstractMap<String, Versioned>
            implements java.util.SortedMap<String, Versioned> {
        private final Map.Entry<String, Versioned>[] entries;

        SortedEntries(Map.Entry<String, Versioned>[] entries) {
            this.entries = entries;
        }

        @Override
        public java.util.Comparator<? super String> comparator() {
            return null;
        }

        @Override
        public java.util.Set<Map.Entry<String, Versioned>> entrySet() {
            return new java.util.AbstractSet<>() {
                @Override
                public java.util.Iterator<Map.Entry<String, Versioned>> iterator() {
                    return Arrays.asList(entries).iterator();
                }

                @Override
                public int size() {
                    return entries.length;
                }
            };
        }

        @Override
        public java.util.SortedMap<String, Versioned> subMap(String fromKey, String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<String, Versioned> headMap(String toKey) {
            throw new UnsupportedOperationException();
        }

        @Override
        public java.util.SortedMap<String, Versioned> tailMap(String fromKey) {
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
     * Applies one event if its aggregate is at the version the event expects, skips it otherwise.
     * Called by the single consuming thread only.
     *
     * @return true when applied
     */
    public boolean apply(EventEnvelope envelope) {
        Versioned current = aggregates.getOrDefault(envelope.streamId(), Versioned.ABSENT);
        boolean applies = current.version() == envelope.expectedVersion();
        if (applies) {
            Object next = Aggregates.evolve(current.state(), envelope.event());
            unindex(current.state());
            put(envelope.streamId(), new Versioned(current.version() + 1, next, compile(next, null)));
        }
        CompletableFuture<Boolean> waiting = pending.remove(envelope.id());
        if (waiting != null) {
            waiting.complete(applies);
        }
        return applies;
    }

    /** A future completed when the local view has applied (true) or skipped (false) the event. */
    public CompletableFuture<Boolean> awaitApplied(String eventId) {
        return pending.computeIfAbsent(eventId, id -> new CompletableFuture<>());
    }

    public void forget(String eventId) {
        pending.remove(eventId);
    }

    public Versioned get(String streamId) {
        return aggregates.getOrDefault(streamId, Versioned.ABSENT);
    }

    public AccountState account(String accountId) {
        return (AccountState) get(StreamIds.account(accountId)).state();
    }

    public UserState user(String accountId, String userName) {
        return (UserState) get(StreamIds.user(accountId, userName)).state();
    }

    public RoleState role(String accountId, String roleName) {
        return (RoleState) get(StreamIds.role(accountId, roleName)).state();
    }

    public ManagedPolicyState policy(String accountId, String policyName) {
        return (ManagedPolicyState) get(StreamIds.policy(accountId, policyName)).state();
    }

    public CompiledPolicies compiled(String streamId) {
        return compiledOf(get(streamId)) instanceof CompiledPolicies c ? c : null;
    }

    public Policy compiledManaged(String streamId) {
        return compiledOf(get(streamId)) instanceof Policy p ? p : null;
    }

    private static Object compiledOf(Versioned v) {
        Object compiled = v.compiled();
        return compiled instanceof Lazy lazy ? lazy.get() : compiled;
    }

    public KeyOwner accessKeyOwner(String accessKeyId) {
        return accessKeys.get(accessKeyId);
    }

    /** Live entities of one kind in one account, in stream-id (case-folded name) order. */
    public List<Object> list(String accountId, String kind) {
        String prefix = StreamIds.prefix(accountId, kind);
        NavigableMap<String, Versioned> range = aggregates.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        var result = new ArrayList<Object>();
        for (Versioned v : range.values()) {
            if (v.state() != null) {
                result.add(v.state());
            }
        }
        return result;
    }

    /** How many live entities of one kind one account has (for the per-account quotas). */
    public int count(String accountId, String kind) {
        String prefix = StreamIds.prefix(accountId, kind);
        int n = 0;
        for (Versioned v : aggregates.subMap(prefix, true, prefix + Character.MAX_VALUE, false).values()) {
            if (v.state() != null) {
                n++;
            }
        }
        return n;
    }

    /** Every IAM user of every account. */
    public List<UserState> allUsers() {
        var result = new ArrayList<UserState>();
        for (Versioned v : aggregates.values()) {
            if (v.state() instanceof UserState u) {
                result.add(u);
            }
        }
        return result;
    }

    /** Every account created through the admin API. */
    public List<AccountState> listAccounts() {
        var result = new ArrayList<AccountState>();
        for (Versioned v : aggregates.values()) {
            if (v.state() instanceof AccountState a) {
                result.add(a);
            }
        }
        return result;
    }

    /** Every aggregate, for the readiness report and tests. */
    public int size() {
        return aggregates.size();
    }

    private void put(String streamId, Versioned versioned) {
        aggregates.put(streamId, versioned);
        index(versioned.state());
    }

    private void index(Object state) {
        if (state instanceof UserState u) {
            for (AccessKey k : u.accessKeys()) {
                accessKeys.put(k.accessKeyId(), new KeyOwner(u.accountId(), u.userName()));
            }
        } else if (state instanceof AccountState a && a.rootAccessKeyId() != null) {
            accessKeys.put(a.rootAccessKeyId(), new KeyOwner(a.accountId(), null));
        }
    }

    private void unindex(Object state) {
        if (state instanceof UserState u) {
            u.accessKeys().forEach(k -> accessKeys.remove(k.accessKeyId()));
        } else if (state instanceof AccountState a && a.rootAccessKeyId() != null) {
            accessKeys.remove(a.rootAccessKeyId());
        }
    }

    /** @param failed set to true when a document did not compile (null: not asked) */
    private Object compile(Object state, boolean[] failed) {
        return switch (state) {
            case RoleState r -> new CompiledPolicies(trust(r, failed),
                    inline(r.inlinePolicies(), PolicyKind.ROLE_INLINE, r.arn(), failed));
            case UserState u -> new CompiledPolicies(null,
                    inline(u.inlinePolicies(), PolicyKind.USER_INLINE, u.arn(), failed));
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
