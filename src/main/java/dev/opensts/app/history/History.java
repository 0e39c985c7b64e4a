package dev.opensts.app.history;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.arn.Arn;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.iam.Actor;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * GetEntityHistory and GetEntityStateAt (open-sts extensions, docs/history.md). Both authorize the caller for their
 * action on the entity's ARN as written, before anything is read (another account's entity is refused without a
 * lookup), then on the ARN the entity really has (its path), so a policy scoped by path holds. An entity's stream
 * spans all its lives: a role deleted and created again under the same name is a new role id, and the history says
 * which life each event belongs to; the state at an instant is that of the life that existed then.
 */
public final class History {
    public static final String GET_HISTORY = "opensts:GetEntityHistory";
    public static final String GET_STATE = "opensts:GetEntityStateAt";
    static final int DEFAULT_MAX_ITEMS = 100;
    static final int MAX_ITEMS = 1000;

    /** One change: the event, when, by which request and whom, and the life (and its unique id) it belongs to. */
    public record Change(RecordedEvent recorded, int life, String entityId) {
        public String type() {
            return recorded.event().type();
        }
    }

    /** A page of changes, oldest first; marker is where the next page starts, null on the last page. */
    public record Page(String entityArn, List<Change> changes, String marker) {
        public boolean truncated() {
            return marker != null;
        }
    }

    /**
     * The entity as it was at an instant: the state the last event at or before it left, and for a role or user the
     * managed policies it named (attached, boundary) as they were at that instant too (null for one that did not
     * exist then, or one of AWS's own that open-sts does not hold).
     */
    public record StateAt(String entityArn, Instant at, int life, String entityId, AggregateState state,
                          Map<String, ManagedPolicyState> managedPolicies, Instant lastChange, Actor lastActor) {
    }

    private final Authorizer authorizer;
    private final EntityEvents events;
    private final Clock clock;

    public History(Authorizer authorizer, EntityEvents events, Clock clock) {
        this.authorizer = authorizer;
        this.events = events;
        this.clock = clock;
    }

    /** The entity's changes in log order, every life of it; maxItems null means 100, at most 1000. */
    public Uni<Page> history(Caller c, String entityArn, String marker, Integer maxItems) {
        return Uni.createFrom().deferred(() -> {
            Entity e = Entity.parse(entityArn);
            int max = maxItems == null ? DEFAULT_MAX_ITEMS : maxItems;
            if (max < 1 || max > MAX_ITEMS) {
                throw new AwsException(ErrorCode.ValidationError, "MaxItems must be between 1 and " + MAX_ITEMS + ".");
            }
            int from = start(marker);
            authorizer.require(c, GET_HISTORY, e.arn());
            return events.applied(e.streamId()).map(recorded -> {
                List<Lives.Step> steps = Lives.replay(recorded);
                String arn = requireExisted(c, GET_HISTORY, e, steps);
                var changes = new ArrayList<Change>();
                for (int i = from; i < steps.size() && changes.size() < max; i++) {
                    Lives.Step s = steps.get(i);
                    changes.add(new Change(s.recorded(), s.life(), s.entityId()));
                }
                int next = from + changes.size();
                return new Page(arn, changes, next < steps.size() ? marker(next) : null);
            });
        });
    }

    /** The entity as it was at the instant; NoSuchEntity when no life of it existed then. */
    public Uni<StateAt> stateAt(Caller c, String entityArn, Instant at) {
        return Uni.createFrom().deferred(() -> {
            Entity e = Entity.parse(entityArn);
            if (at == null) {
                throw new AwsException(ErrorCode.ValidationError, "At is required: an ISO-8601 instant.");
            }
            authorizer.require(c, GET_STATE, e.arn());
            if (at.isAfter(clock.instant())) {
                throw new AwsException(ErrorCode.ValidationError, "At " + at + " is in the future.");
            }
            return events.applied(e.streamId()).chain(recorded -> {
                List<Lives.Step> steps = Lives.replay(recorded);
                requireExisted(c, GET_STATE, e, steps);
                Lives.Step step = Lives.at(steps, at);
                if (step == null || step.after() == null) {
                    throw AwsException.noSuchEntity("The " + e.kind() + " with name " + e.name()
                            + " did not exist at " + at + ".");
                }
                AggregateState state = step.after();
                return managedPolicies(state, at).map(policies -> new StateAt(Lives.arnOf(state), at, step.life(),
                        step.entityId(), state, policies, step.recorded().time(), step.recorded().actor()));
            });
        });
    }

    /**
     * The state of an entity's stream at an instant, unauthorized: for use cases that authorized their own action
     * (the decision endpoint's asOf). Null when it did not exist then.
     */
    public Uni<AggregateState> stateOf(String streamId, Instant at) {
        return events.applied(streamId).map(recorded -> {
            Lives.Step step = Lives.at(Lives.replay(recorded), at);
            return step == null ? null : step.after();
        });
    }

    /**
     * What a user's or role's policies were made of at an instant (the decision endpoint's asOf): the groups a user
     * was a member of then (by its user id, each group as it was then), and every managed policy the entity and
     * those groups named (attached, boundary), each as it was then.
     */
    public record PoliciesThen(List<GroupState> groups, Map<String, ManagedPolicyState> managed) {
        public static final PoliciesThen NONE = new PoliciesThen(List.of(), Map.of());
    }

    /** See {@link PoliciesThen}. */
    public Uni<PoliciesThen> policiesThen(AggregateState state, Instant at) {
        Uni<List<GroupState>> groups = state instanceof UserState u ? groupsOf(u, at)
                : Uni.createFrom().item(List.<GroupState>of());
        return groups.chain(gs -> managedPolicies(state,
                gs.stream().flatMap(g -> g.attachedPolicyArns().stream()).toList(), at)
                .map(managed -> new PoliciesThen(gs, managed)));
    }

    /** The groups the user of this id (not merely of this name) was a member of at the instant, as they were then. */
    private Uni<List<GroupState>> groupsOf(UserState user, Instant at) {
        return events.groupStreamsNaming(user.accountId(), user.userId())
                .onItem().transformToMulti(ids -> Multi.createFrom().iterable(ids))
                .onItem().transformToUniAndConcatenate(id -> stateOf(id, at).map(Optional::ofNullable))
                .filter(s -> s.isPresent() && s.get() instanceof GroupState g && g.hasMember(user.userId()))
                .map(s -> (GroupState) s.get())
                .collect().asList();
    }

    /** The managed policies a role or user names (attached, boundary), each as it was at the instant. */
    public Uni<Map<String, ManagedPolicyState>> managedPolicies(AggregateState state, Instant at) {
        return managedPolicies(state, List.of(), at);
    }

    private Uni<Map<String, ManagedPolicyState>> managedPolicies(AggregateState state, List<String> more, Instant at) {
        var arns = new ArrayList<String>();
        switch (state) {
            case RoleState r -> {
                arns.addAll(r.attachedPolicyArns());
                if (r.permissionsBoundary() != null) {
                    arns.add(r.permissionsBoundary());
                }
            }
            case UserState u -> {
                arns.addAll(u.attachedPolicyArns());
                if (u.permissionsBoundary() != null) {
                    arns.add(u.permissionsBoundary());
                }
            }
            default -> {
            }
        }
        arns.addAll(more);
        if (arns.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Multi.createFrom().iterable(arns.stream().distinct().toList())
                .onItem().transformToUniAndConcatenate(arn -> {
                    Arn p = Arn.parseIamPolicy(arn);
                    if (p == null || !p.account().equals(state.accountId())) {
                        return Uni.createFrom().item(Map.entry(arn, Optional.<ManagedPolicyState>empty()));
                    }
                    return stateOf(StreamIds.policy(p.account(), p.name()), at).map(s -> Map.entry(arn,
                            s instanceof ManagedPolicyState m ? Optional.of(m) : Optional.<ManagedPolicyState>empty()));
                })
                .collect().asList()
                .map(entries -> {
                    var out = new LinkedHashMap<String, ManagedPolicyState>();
                    entries.forEach(entry -> out.put(entry.getKey(), entry.getValue().orElse(null)));
                    return java.util.Collections.unmodifiableMap(out);
                });
    }

    /**
     * NoSuchEntity when no life of the entity ever existed; otherwise authorizes the action also on the ARN its
     * latest life has (its real path), and answers that ARN.
     */
    private String requireExisted(Caller c, String action, Entity e, List<Lives.Step> steps) {
        String arn = null;
        for (Lives.Step s : steps) {
            if (s.after() != null) {
                arn = Lives.arnOf(s.after());
            }
        }
        if (arn == null) {
            throw AwsException.noSuchEntity("The " + e.kind() + " with name " + e.name() + " cannot be found.");
        }
        if (!arn.equals(e.arn())) {
            authorizer.require(c, action, arn);
        }
        return arn;
    }

    private static String marker(int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("h" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static int start(String marker) {
        if (marker == null || marker.isEmpty()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(marker), StandardCharsets.UTF_8);
            if (s.startsWith("h")) {
                int i = Integer.parseInt(s.substring(1));
                if (i >= 0) {
                    return i;
                }
            }
        } catch (IllegalArgumentException ignored) {
            // falls through to the error below
        }
        throw new AwsException(ErrorCode.ValidationError, "Marker is not one this API gave.");
    }
}
