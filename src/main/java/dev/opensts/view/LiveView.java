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

    private final ConcurrentSkipListMap<String, Versioned> aggregates = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<String, KeyOwner> accessKeys = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, CompletableFuture<Boolean>> pending = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong uncompilable = new java.util.concurrent.atomic.AtomicLong();

    /** Replaces the view with a snapshot (replica bootstrap). Call before consuming. */
    public void load(Map<String, Versioned> snapshot) {
        aggregates.clear();
        accessKeys.clear();
        snapshot.forEach((id, v) -> put(id, new Versioned(v.version(), v.state(), compile(v.state()))));
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
            put(envelope.streamId(), new Versioned(current.version() + 1, next, compile(next)));
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
        Object compiled = get(streamId).compiled();
        return compiled instanceof CompiledPolicies c ? c : null;
    }

    public Policy compiledManaged(String streamId) {
        Object compiled = get(streamId).compiled();
        return compiled instanceof Policy p ? p : null;
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

    private <T> List<T> list(String accountId, String kind, Class<T> type) {
        String prefix = StreamIds.prefix(accountId, kind);
        NavigableMap<String, Versioned> range = aggregates.subMap(prefix, true, prefix + Character.MAX_VALUE, false);
        var result = new ArrayList<T>();
        for (Versioned v : range.values()) {
            if (type.isInstance(v.state())) {
                result.add(type.cast(v.state()));
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

    private Object compile(Object state) {
        return switch (state) {
            case RoleState r -> new CompiledPolicies(trust(r),
                    inline(r.inlinePolicies(), PolicyKind.ROLE_INLINE, r.arn()));
            case UserState u -> new CompiledPolicies(null, inline(u.inlinePolicies(), PolicyKind.USER_INLINE, u.arn()));
            case ManagedPolicyState p -> parse(p.document(), PolicyKind.MANAGED, p.arn());
            case null, default -> null;
        };
    }

    /** The trust policy with its IAM principals bound to the unique ids they had when it was saved. */
    private Policy trust(RoleState r) {
        var bindings = r.trustPrincipalIds() == null ? PrincipalBindings.NONE
                : new PrincipalBindings(r.trustPrincipalIds());
        try {
            return Policy.parse(r.trustPolicy(), PolicyKind.TRUST, bindings);
        } catch (MalformedPolicyDocumentException e) {
            return parse(r.trustPolicy(), PolicyKind.TRUST, r.arn()); // logged, counted, denies everything
        }
    }

    private List<CompiledPolicies.Named> inline(Map<String, String> docs, PolicyKind kind, String owner) {
        var result = new ArrayList<CompiledPolicies.Named>(docs.size());
        docs.forEach((name, doc) -> {
            result.add(new CompiledPolicies.Named(name, parse(doc, kind, owner + " inline " + name)));
        });
        return List.copyOf(result);
    }

    /**
     * A stored document that no longer compiles (it passed validation when written, so only after a change of
     * the engine) fails closed: it becomes a policy that denies everything, so that a Deny it held cannot turn
     * into access. Its principal can then do nothing until the document is rewritten; a trust policy that does
     * not compile lets nobody assume the role. Logged, and counted in {@link #uncompilablePolicies()}.
     */
    private Policy parse(String doc, PolicyKind kind, String where) {
        try {
            return Policy.parse(doc, kind);
        } catch (MalformedPolicyDocumentException e) {
            uncompilable.incrementAndGet();
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
