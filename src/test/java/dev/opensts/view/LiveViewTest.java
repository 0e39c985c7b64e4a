package dev.opensts.view;

import dev.opensts.iam.AccountEvent.AccountCreated;
import dev.opensts.iam.AccountState;
import dev.opensts.iam.AggregateState;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.ManagedPolicyState;
import dev.opensts.iam.OidcProviderEvent.OidcProviderCreated;
import dev.opensts.iam.OidcProviderEvent.OidcProviderDeleted;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationCreated;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationDeleted;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationUpdated;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.PolicyEvent.PolicyCreated;
import dev.opensts.iam.RoleEvent.RoleCreated;
import dev.opensts.iam.RoleEvent.RoleDeleted;
import dev.opensts.iam.RoleEvent.RolePolicyPut;
import dev.opensts.iam.RoleEvent.RoleTagged;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.AccessKeyCreated;
import dev.opensts.iam.UserEvent.AccessKeyDeleted;
import dev.opensts.iam.UserEvent.UserCreated;
import dev.opensts.iam.UserEvent.UserDeleted;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import dev.opensts.iam.UserState;
import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class LiveViewTest {
    private static final String A = ACCOUNT;
    private final LiveView view = new LiveView();
    private final AtomicInteger ids = new AtomicInteger();

    private EventEnvelope<IamEvent> at(long expectedVersion, IamEvent event) {
        return new EventEnvelope<>("e" + ids.incrementAndGet(), event.streamId(), expectedVersion, T0, "opensts/test",
                "req-1", event);
    }

    private static RoleCreated role(String name) {
        return new RoleCreated(A, name, "AROA" + name, "/", TRUST, null, 3600, List.of(), T0);
    }

    private static UserCreated user(String name) {
        return new UserCreated(A, name, "AIDA" + name, "/", List.of(), T0);
    }

    @Test
    void applies_events_in_order_and_counts_versions() {
        assertThat(view.apply(at(0, role("App")))).isTrue();
        assertThat(view.apply(at(1, new RoleTagged(A, "App", List.of(new Tag("k", "v")))))).isTrue();

        Versioned v = view.get(StreamIds.role(A, "app"));
        assertThat(v.version()).isEqualTo(2);
        assertThat(view.role(A, "APP").tags()).containsExactly(new Tag("k", "v"));
    }

    @Test
    void skips_an_event_whose_expected_version_is_not_current() {
        view.apply(at(0, role("App")));
        EventEnvelope<IamEvent> stale = at(0, new RoleTagged(A, "App", List.of(new Tag("k", "v"))));
        EventEnvelope<IamEvent> ahead = at(5, new RoleTagged(A, "App", List.of(new Tag("k", "v"))));
        var staleDone = view.awaitApplied(stale.id()).subscribe().withSubscriber(UniAssertSubscriber.create());
        var aheadDone = view.awaitApplied(ahead.id()).subscribe().withSubscriber(UniAssertSubscriber.create());

        assertThat(view.apply(stale)).isFalse();
        assertThat(view.apply(ahead)).isFalse();

        staleDone.assertItem(false);
        aheadDone.assertItem(false);
        assertThat(view.get(StreamIds.role(A, "App")).version()).isEqualTo(1);
        assertThat(view.role(A, "App").tags()).isEmpty();
    }

    @Test
    void the_waiting_writer_learns_true_when_applied() {
        EventEnvelope<IamEvent> e = at(0, role("App"));
        var done = view.awaitApplied(e.id()).subscribe().withSubscriber(UniAssertSubscriber.create());
        done.assertNotTerminated();
        view.apply(e);
        done.assertItem(true);
    }

    @Test
    void an_event_for_an_absent_stream_must_expect_version_zero() {
        assertThat(view.apply(at(1, role("App")))).isFalse();
        assertThat(view.role(A, "App")).isNull();
        assertThat(view.get(StreamIds.role(A, "App"))).isEqualTo(Versioned.ABSENT);
    }

    @Test
    void re_creation_after_deletion_continues_the_version() {
        view.apply(at(0, role("App")));
        view.apply(at(1, new RoleDeleted(A, "App")));
        assertThat(view.role(A, "App")).isNull();
        assertThat(view.get(StreamIds.role(A, "App")).version()).isEqualTo(2);

        assertThat(view.apply(at(0, role("App")))).as("a creation from version 0 is stale now").isFalse();
        assertThat(view.apply(at(2, role("app")))).isTrue();
        assertThat(view.get(StreamIds.role(A, "App")).version()).isEqualTo(3);
        assertThat(view.role(A, "App").roleName()).isEqualTo("app");
    }

    @Test
    void the_access_key_index_follows_keys_and_users() {
        view.apply(at(0, user("Alice")));
        view.apply(at(1, new AccessKeyCreated(A, "Alice", "AKIAKEY1", "k1.x", T0)));
        view.apply(at(2, new AccessKeyCreated(A, "Alice", "AKIAKEY2", "k1.y", T0)));
        assertThat(view.accessKeyOwner("AKIAKEY1")).isEqualTo(new KeyOwner(A, "Alice"));
        assertThat(view.accessKeyOwner("AKIAKEY2")).isEqualTo(new KeyOwner(A, "Alice"));

        view.apply(at(3, new AccessKeyDeleted(A, "Alice", "AKIAKEY1")));
        assertThat(view.accessKeyOwner("AKIAKEY1")).isNull();
        assertThat(view.accessKeyOwner("AKIAKEY2")).isEqualTo(new KeyOwner(A, "Alice"));

        view.apply(at(4, new AccessKeyDeleted(A, "Alice", "AKIAKEY2")));
        view.apply(at(5, new UserDeleted(A, "Alice")));
        assertThat(view.accessKeyOwner("AKIAKEY2")).isNull();
    }

    @Test
    void a_skipped_event_leaves_the_index_alone() {
        view.apply(at(0, user("Alice")));
        view.apply(at(0, new AccessKeyCreated(A, "Alice", "AKIAKEY1", "k1.x", T0)));
        assertThat(view.accessKeyOwner("AKIAKEY1")).isNull();
    }

    @Test
    void root_keys_of_accounts_are_indexed() {
        view.apply(at(0, new AccountCreated("111122223333", "team", "AKIAROOT", "k1.r", T0)));
        assertThat(view.accessKeyOwner("AKIAROOT")).isEqualTo(new KeyOwner("111122223333", null));
        assertThat(view.accessKeyOwner("AKIAROOT").isRoot()).isTrue();
        assertThat(view.account("111122223333").name()).isEqualTo("team");
        assertThat(view.listAccounts()).extracting(AccountState::accountId).containsExactly("111122223333");
    }

    @Test
    void list_returns_one_kind_of_one_account_in_case_folded_name_order() {
        view.apply(at(0, role("beta")));
        view.apply(at(0, role("Alpha")));
        view.apply(at(0, role("Gamma")));
        view.apply(at(0, role("Deleted")));
        view.apply(at(1, new RoleDeleted(A, "Deleted")));
        view.apply(at(0, user("Aaron")));
        view.apply(at(0, new RoleCreated("999999999999", "Other", "AROAO", "/", TRUST, null, 3600, List.of(), T0)));
        view.apply(at(0, new RoleCreated(A + "0", "Prefix", "AROAP", "/", TRUST, null, 3600, List.of(), T0)));

        assertThat(view.roles(A)).extracting(RoleState::roleName)
                .containsExactly("Alpha", "beta", "Gamma");
        assertThat(view.users(A)).extracting(UserState::userName).containsExactly("Aaron");
        assertThat(view.policies(A)).isEmpty();
    }

    @Test
    void oidc_providers_are_listed_per_account_and_found_by_url_with_the_host_in_any_case() {
        view.apply(at(0, new OidcProviderCreated(A, "B.example.com/x", List.of("aud"), List.of(), List.of(), T0)));
        view.apply(at(0, new OidcProviderCreated(A, "a.example.com", List.of(), List.of(), List.of(), T0)));
        view.apply(at(0, new OidcProviderCreated("999999999999", "c.example.com", List.of(), List.of(), List.of(),
                T0)));
        view.apply(at(0, new PolicyCreated(A, "ReadAll", "ANPA1", "/", null, PERMISSIONS, List.of(), T0)));

        assertThat(view.oidcProviders(A)).extracting(p -> p.url()).containsExactly("a.example.com",
                "B.example.com/x");
        assertThat(view.oidcProvider(A, "b.EXAMPLE.com/x").clientIds()).containsExactly("aud");
        assertThat(view.oidcProvider(A, "b.example.com/X")).isNull();
        assertThat(view.count(A, "oidc-provider")).isEqualTo(2);

        view.apply(at(1, new OidcProviderDeleted(A, "a.example.com")));
        assertThat(view.oidcProviders(A)).extracting(p -> p.url()).containsExactly("B.example.com/x");
        assertThat(view.oidcProvider(A, "a.example.com")).isNull();
    }

    private static PodIdentityAssociationCreated association(String account, String cluster, String ns, String sa,
                                                             String id) {
        return new PodIdentityAssociationCreated(account, cluster, ns, sa, id, "us-east-1",
                "arn:aws:iam::" + account + ":role/app", List.of(), null, T0);
    }

    @Test
    void pod_identity_associations_are_found_by_service_account_and_by_id_and_listed_per_cluster() {
        view.apply(at(0, association(A, "prod", "team-b", "builder", "a-bbbbbbbbbbbbbbbbb")));
        view.apply(at(0, association(A, "prod", "team-a", "web", "a-aaaaaaaaaaaaaaaaa")));
        view.apply(at(0, association(A, "prod-2", "team-a", "web", "a-ccccccccccccccccc")));
        view.apply(at(0, association(A, "pro", "team-a", "web", "a-ddddddddddddddddd")));
        view.apply(at(0, association("999999999999", "prod", "team-a", "db", "a-eeeeeeeeeeeeeeeee")));

        assertThat(view.podIdentityAssociations(A, "prod")).extracting(PodIdentityAssociationState::associationId)
                .containsExactly("a-aaaaaaaaaaaaaaaaa", "a-bbbbbbbbbbbbbbbbb");
        assertThat(view.countPodIdentityAssociations(A, "prod")).isEqualTo(2);
        assertThat(view.podIdentityAssociation(A, "prod", "team-b", "builder").associationId())
                .isEqualTo("a-bbbbbbbbbbbbbbbbb");
        assertThat(view.podIdentityAssociation(A, "Prod", "team-b", "builder")).isNull();
        assertThat(view.podIdentityAssociationById(A, "a-ccccccccccccccccc").clusterName()).isEqualTo("prod-2");
        assertThat(view.podIdentityAssociationById(A, "a-eeeeeeeeeeeeeeeee")).as("another account's").isNull();
        assertThat(view.podIdentityAssociationById("999999999999", "a-eeeeeeeeeeeeeeeee")).isNotNull();

        view.apply(at(1, new PodIdentityAssociationUpdated(A, "prod", "team-b", "builder", "a-bbbbbbbbbbbbbbbbb",
                "arn:aws:iam::" + A + ":role/other", T0)));
        assertThat(view.podIdentityAssociationById(A, "a-bbbbbbbbbbbbbbbbb").roleArn()).endsWith(":role/other");
        view.apply(at(2, new PodIdentityAssociationDeleted(A, "prod", "team-b", "builder", "a-bbbbbbbbbbbbbbbbb")));
        assertThat(view.podIdentityAssociationById(A, "a-bbbbbbbbbbbbbbbbb")).isNull();
        assertThat(view.podIdentityAssociation(A, "prod", "team-b", "builder")).isNull();
        // created again under a new id: the old id is gone, the new one found
        view.apply(at(3, association(A, "prod", "team-b", "builder", "a-fffffffffffffffff")));
        assertThat(view.podIdentityAssociationById(A, "a-bbbbbbbbbbbbbbbbb")).isNull();
        assertThat(view.podIdentityAssociationById(A, "a-fffffffffffffffff").namespace()).isEqualTo("team-b");
        assertThat(view.podIdentityAssociations(A, "prod")).hasSize(2);
    }

    @Test
    void a_loaded_snapshot_indexes_its_pod_identity_associations_by_id() {
        var created = association(A, "prod", "team-a", "web", "a-aaaaaaaaaaaaaaaaa");
        var source = new LiveView();
        source.apply(at(0, created));
        view.apply(at(0, association(A, "prod", "team-z", "gone", "a-zzzzzzzzzzzzzzzzz"))); // replaced by load
        view.load(Map.of(created.streamId(), Stored.of(1, source.get(created.streamId()).state())));
        assertThat(view.podIdentityAssociationById(A, "a-aaaaaaaaaaaaaaaaa").serviceAccount()).isEqualTo("web");
        assertThat(view.podIdentityAssociationById(A, "a-zzzzzzzzzzzzzzzzz")).isNull();
    }

    @Test
    void compiles_policies_of_roles_users_and_managed_policies() {
        view.apply(at(0, role("App")));
        view.apply(at(1, new RolePolicyPut(A, "App", "read", PERMISSIONS)));
        view.apply(at(0, user("Alice")));
        view.apply(at(1, new UserPolicyPut(A, "Alice", "write", PERMISSIONS)));
        view.apply(at(0, new PolicyCreated(A, "ReadAll", "ANPA1", "/", null, PERMISSIONS, List.of(), T0)));

        CompiledPolicies roleCompiled = view.compiled(StreamIds.role(A, "App"));
        assertThat(roleCompiled.trust()).isNotNull();
        assertThat(roleCompiled.inline()).extracting(CompiledPolicies.Named::name).containsExactly("read");
        assertThat(roleCompiled.inline().getFirst().policy()).isNotNull();

        CompiledPolicies userCompiled = view.compiled(StreamIds.user(A, "Alice"));
        assertThat(userCompiled.trust()).isNull();
        assertThat(userCompiled.inline()).extracting(CompiledPolicies.Named::name).containsExactly("write");

        assertThat(view.compiledManaged(StreamIds.policy(A, "readall"))).isNotNull();
        assertThat(view.compiled(StreamIds.policy(A, "readall"))).isNull();
        assertThat(view.compiledManaged(StreamIds.role(A, "App"))).isNull();
    }

    @Test
    void load_from_a_snapshot_then_apply_continues_from_its_versions() {
        // build a state elsewhere, as the projector would have stored it
        var source = new LiveView();
        source.apply(at(0, role("App")));
        source.apply(at(1, new RoleTagged(A, "App", List.of(new Tag("a", "1")))));
        source.apply(at(0, user("Alice")));
        source.apply(at(1, new AccessKeyCreated(A, "Alice", "AKIAKEY1", "k1.x", T0)));
        source.apply(at(0, new PolicyCreated(A, "ReadAll", "ANPA1", "/", null, PERMISSIONS, List.of(), T0)));
        Map<String, Stored> snapshot = new HashMap<>();
        for (String id : List.of(StreamIds.role(A, "App"), StreamIds.user(A, "Alice"), StreamIds.policy(A, "ReadAll"))) {
            Versioned v = source.get(id);
            snapshot.put(id, Stored.of(v.version(), v.state())); // snapshots carry no compiled form
        }

        view.apply(at(0, role("Stale"))); // replaced by load
        view.load(snapshot);

        assertThat(view.role(A, "Stale")).isNull();
        assertThat(view.size()).isEqualTo(3);
        assertThat(view.compiled(StreamIds.role(A, "App")).trust()).as("compiled on load").isNotNull();
        assertThat(view.compiledManaged(StreamIds.policy(A, "ReadAll"))).isNotNull();
        assertThat(view.accessKeyOwner("AKIAKEY1")).isEqualTo(new KeyOwner(A, "Alice"));

        assertThat(view.apply(at(1, new RoleTagged(A, "App", List.of(new Tag("b", "2")))))).isFalse();
        assertThat(view.apply(at(2, new RoleTagged(A, "App", List.of(new Tag("b", "2")))))).isTrue();
        assertThat(view.role(A, "App").tags()).containsExactly(new Tag("a", "1"), new Tag("b", "2"));
        assertThat(view.get(StreamIds.role(A, "App")).version()).isEqualTo(3);

        assertThat(view.apply(at(2, new AccessKeyDeleted(A, "Alice", "AKIAKEY1")))).isTrue();
        assertThat(view.accessKeyOwner("AKIAKEY1")).isNull();
    }

    @Test
    void managed_policy_state_is_reachable_by_name_in_any_case() {
        view.apply(at(0, new PolicyCreated(A, "ReadAll", "ANPA1", "/team/", null, PERMISSIONS, List.of(), T0)));
        ManagedPolicyState p = view.policy(A, "READALL");
        assertThat(p.arn()).isEqualTo("arn:aws:iam::" + A + ":policy/team/ReadAll");
    }

    @Test
    void a_stored_policy_that_no_longer_compiles_denies_everything_instead_of_vanishing() {
        // a document that passed validation when written but not the engine of today: simulated with one that
        // never could (the view compiles whatever the log holds)
        String deny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"NoSuchOperator\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]}";
        view.apply(at(0, role("App")));
        view.apply(at(1, new RolePolicyPut(A, "App", "allow", PERMISSIONS)));
        view.apply(at(2, new RolePolicyPut(A, "App", "deny-if", deny)));
        assertThat(view.uncompilablePolicies()).isEqualTo(1);
        var compiled = view.compiled(StreamIds.role(A, "App"));
        assertThat(compiled.inline()).extracting(CompiledPolicies.Named::name).containsExactly("allow", "deny-if");
        var ctx = dev.opensts.policy.RequestContext.builder().action("s3:GetObject").resource("*")
                .principal(new dev.opensts.policy.PrincipalInfo("arn:aws:sts::" + A + ":assumed-role/App/s",
                        "arn:aws:iam::" + A + ":role/App", A, dev.opensts.policy.PrincipalType.ASSUMED_ROLE,
                        "AROAApp:s", null, Map.of())).build();
        var named = compiled.inline().stream()
                .map(n -> new dev.opensts.policy.NamedPolicy(n.name(), n.policy())).toList();
        // without the broken document the Allow would decide; with it in place as deny-all, nothing is allowed
        assertThat(dev.opensts.policy.Evaluator.evaluate(ctx, named, null, null).outcome())
                .isEqualTo(dev.opensts.policy.Outcome.EXPLICIT_DENY);

        // a trust policy that no longer compiles lets nobody in
        view.apply(at(0, new RoleCreated(A, "Broken", "AROABROKEN", "/", deny.replace("\"Resource\":\"*\"",
                "\"Principal\":\"*\""), null, 3600, List.of(), T0)));
        assertThat(view.uncompilablePolicies()).isEqualTo(2);
        var trust = view.compiled(StreamIds.role(A, "Broken")).trust();
        var assume = dev.opensts.policy.RequestContext.builder().action("sts:AssumeRole")
                .resource("arn:aws:iam::" + A + ":role/Broken")
                .principal(new dev.opensts.policy.PrincipalInfo("arn:aws:iam::" + A + ":root", A,
                        dev.opensts.policy.PrincipalType.ROOT, A, null, Map.of())).build();
        assertThat(dev.opensts.policy.Evaluator.evaluateWithResourcePolicy(assume,
                new dev.opensts.policy.NamedPolicy("trust", trust), A, List.of(), null, null).allowed()).isFalse();
    }

    @Test
    void a_loaded_policy_that_no_longer_compiles_denies_everything_and_is_counted_once() {
        String deny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"s3:*\","
                + "\"Resource\":\"*\",\"Condition\":{\"NoSuchOperator\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}}]}";
        var source = new LiveView();
        source.apply(at(0, role("App")));
        source.apply(at(1, new RolePolicyPut(A, "App", "allow", PERMISSIONS)));
        source.apply(at(2, new RolePolicyPut(A, "App", "deny-if", deny)));
        source.apply(at(0, role("Used")));
        source.apply(at(1, new RolePolicyPut(A, "Used", "deny-if", deny)));
        source.apply(at(0, role("Fine")));
        source.apply(at(0, new PolicyCreated(A, "Broken", "ANPA1", "/", null, deny, List.of(), T0)));
        Map<String, Stored> snapshot = new HashMap<>();
        for (String id : List.of(StreamIds.role(A, "App"), StreamIds.role(A, "Used"), StreamIds.role(A, "Fine"),
                StreamIds.policy(A, "Broken"))) {
            Versioned v = source.get(id);
            snapshot.put(id, Stored.of(v.version(), v.state()));
        }

        view.load(snapshot);
        assertThat(view.uncompilablePolicies()).as("nothing compiled at load").isZero();
        assertThat(view.compiled(StreamIds.role(A, "Used")).inline()).hasSize(1);
        assertThat(view.uncompilablePolicies()).as("compiled and counted on first use").isEqualTo(1);
        assertThat(view.compiled(StreamIds.role(A, "Used"))).as("kept once compiled")
                .isSameAs(view.compiled(StreamIds.role(A, "Used")));

        assertThat(view.checkLoadedPolicies()).as("the three not used yet").isEqualTo(3);
        assertThat(view.uncompilablePolicies()).as("every stored document that does not compile, once each")
                .isEqualTo(3);
        assertThat(view.checkLoadedPolicies()).isZero();

        var ctx = dev.opensts.policy.RequestContext.builder().action("s3:GetObject").resource("*")
                .principal(new dev.opensts.policy.PrincipalInfo("arn:aws:sts::" + A + ":assumed-role/App/s",
                        "arn:aws:iam::" + A + ":role/App", A, dev.opensts.policy.PrincipalType.ASSUMED_ROLE,
                        "AROAApp:s", null, Map.of())).build();
        var named = view.compiled(StreamIds.role(A, "App")).inline().stream()
                .map(n -> new dev.opensts.policy.NamedPolicy(n.name(), n.policy())).toList();
        assertThat(dev.opensts.policy.Evaluator.evaluate(ctx, named, null, null).outcome())
                .isEqualTo(dev.opensts.policy.Outcome.EXPLICIT_DENY);
        assertThat(view.compiledManaged(StreamIds.policy(A, "Broken"))).isNotNull();
        assertThat(view.compiled(StreamIds.role(A, "Fine")).trust()).isNotNull();
        assertThat(view.uncompilablePolicies()).as("using them counts nothing more").isEqualTo(3);
    }

    /** A stored state that counts how often it is decoded. */
    static final class Counted implements DeferredState {
        final AggregateState state;
        final AtomicInteger decodes = new AtomicInteger();

        Counted(AggregateState state) {
            this.state = state;
        }

        @Override
        public Class<? extends AggregateState> type() {
            return state.getClass();
        }

        @Override
        public AggregateState decode() {
            decodes.incrementAndGet();
            return state;
        }
    }

    @Test
    void deferred_states_are_decoded_on_first_read_only_and_once() {
        var source = new LiveView();
        source.apply(at(0, role("App")));
        source.apply(at(1, new RolePolicyPut(A, "App", "p", PERMISSIONS)));
        source.apply(at(0, role("Other")));
        source.apply(at(0, user("Alice")));
        source.apply(at(1, new AccessKeyCreated(A, "Alice", "AKIAKEY1", "k1.x", T0)));
        var app = new Counted(source.role(A, "App"));
        var other = new Counted(source.role(A, "Other"));
        var alice = new Counted(source.user(A, "Alice"));
        Map<String, Stored> snapshot = new HashMap<>();
        snapshot.put(StreamIds.role(A, "App"), Stored.deferred(2, app));
        snapshot.put(StreamIds.role(A, "Other"), Stored.deferred(1, other));
        snapshot.put(StreamIds.user(A, "Alice"), Stored.deferred(2, alice));
        snapshot.put(StreamIds.role(A, "Gone"), Stored.of(2, null));

        view.load(snapshot);
        assertThat(alice.decodes).as("users are decoded at load: their keys are indexed").hasValue(1);
        assertThat(view.accessKeyOwner("AKIAKEY1")).isEqualTo(new KeyOwner(A, "Alice"));
        assertThat(app.decodes.get() + other.decodes.get()).as("roles are not").isZero();
        assertThat(view.count(A, "role")).isEqualTo(2);
        assertThat(view.allUsers()).extracting(UserState::userName).containsExactly("Alice");
        assertThat(view.listAccounts()).isEmpty();
        assertThat(app.decodes.get() + other.decodes.get()).as("counting and scanning for users decode no role")
                .isZero();

        assertThat(view.role(A, "App").inlinePolicies()).containsOnlyKeys("p");
        assertThat(view.get(StreamIds.role(A, "App")).version()).isEqualTo(2);
        assertThat(view.compiled(StreamIds.role(A, "App")).inline()).hasSize(1);
        assertThat(app.decodes).as("decoded once, kept").hasValue(1);

        assertThat(view.apply(at(1, new RoleTagged(A, "Other", List.of(new Tag("t", "1")))))).isTrue();
        assertThat(view.role(A, "Other").tags()).containsExactly(new Tag("t", "1"));
        assertThat(view.roles(A)).extracting(RoleState::roleName).containsExactly("App", "Other");

        assertThat(view.checkLoadedPolicies())
                .as("Alice and Other (as loaded, though an event has replaced it since); App was compiled on use")
                .isEqualTo(2);
        assertThat(app.decodes).hasValue(1);
        assertThat(view.uncompilablePolicies()).isZero();
    }
}
