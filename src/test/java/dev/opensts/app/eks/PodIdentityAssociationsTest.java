package dev.opensts.app.eks;

import dev.opensts.app.AppFixture;
import dev.opensts.app.eks.PodIdentityAssociations.Change;
import dev.opensts.app.eks.PodIdentityAssociations.Listing;
import dev.opensts.app.eks.PodIdentityAssociations.NewAssociation;
import dev.opensts.app.eks.PodIdentityAssociations.Page;
import dev.opensts.iam.OidcProviderEvent.OidcProviderCreated;
import dev.opensts.iam.OidcProviderEvent.OidcProviderUntagged;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationCreated;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationDeleted;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationUpdated;
import dev.opensts.iam.PodIdentityAssociationState;
import dev.opensts.iam.Tag;
import dev.opensts.iam.UserEvent.UserPolicyPut;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The EKS Pod Identity association use cases against in-memory ports. */
class PodIdentityAssociationsTest {
    static final String URL = "oidc.example.com/clusters/prod";
    static final String ROLE = roleArn("/", "app");
    static final String CLUSTER_ARN = "arn:aws:eks:us-east-1:" + ACCOUNT + ":cluster/prod";

    final AppFixture app = new AppFixture();

    static OidcProviderCreated cluster(String account, String url, String name) {
        return new OidcProviderCreated(account, url, List.of("sts.amazonaws.com"), List.of(), List.of(
                new Tag(Clusters.NAME_TAG, name)), T0);
    }

    static NewAssociation association(String ns, String sa) {
        return new NewAssociation("prod", ns, sa, ROLE, List.of(new Tag("team", "a")), null, null, null, null);
    }

    PodIdentityAssociationState create(String ns, String sa) {
        return await(app.podIdentityAssociations.create(root(), association(ns, sa), "r"));
    }

    @BeforeEach
    void aClusterAndARole() {
        app.given(cluster(ACCOUNT, URL, "prod"), roleCreated("app", "/"), roleCreated("other", "/team/"));
    }

    @Nested
    class Create {
        @Test
        void the_association_is_created_at_the_clock_in_the_region_signed_for_and_found_by_its_id() {
            var a = create("team-a", "builder");

            assertThat(a.associationId()).matches("a-[a-z0-9]{17}");
            assertThat(a.arn()).isEqualTo("arn:aws:eks:us-east-1:" + ACCOUNT + ":podidentityassociation/prod/"
                    + a.associationId());
            assertThat(app.appended()).containsExactly(new PodIdentityAssociationCreated(ACCOUNT, "prod", "team-a",
                    "builder", a.associationId(), "us-east-1", ROLE, List.of(new Tag("team", "a")), null, T0));
            assertThat(await(app.podIdentityAssociations.describe(root(), "prod", a.associationId()))).isEqualTo(a);
            assertThat(list(new Listing("prod", null, null, null, null)).associations()).containsExactly(a);
        }

        @Test
        void a_cluster_is_a_provider_tagged_with_its_name_the_key_in_any_case() {
            var e = failure(app.podIdentityAssociations.create(root(), new NewAssociation("staging", "ns", "sa", ROLE,
                    null, null, null, null, null), "r"));
            assertThat(e.code()).isEqualTo(ResourceNotFoundException);
            assertThat(e.getMessage()).isEqualTo("No cluster found for name: staging.");
            // the value compares exactly
            assertThat(failure(app.podIdentityAssociations.create(root(), new NewAssociation("Prod", "ns", "sa",
                    ROLE, null, null, null, null, null), "r")).code()).isEqualTo(ResourceNotFoundException);

            app.given(new OidcProviderCreated(ACCOUNT, "other.example.com", List.of(), List.of(),
                    List.of(new Tag("OPENSTS:EKS-Cluster-Name", "staging")), T0));
            await(app.podIdentityAssociations.create(root(), new NewAssociation("staging", "ns", "sa", ROLE, null,
                    null, null, null, null), "r"));
            assertThat(app.view.podIdentityAssociation(ACCOUNT, "staging", "ns", "sa")).isNotNull();
        }

        @Test
        void two_providers_naming_one_cluster_are_refused_rather_than_guessed_between() {
            app.given(cluster(ACCOUNT, "second.example.com", "prod"));
            var e = failure(app.podIdentityAssociations.create(root(), association("ns", "sa"), "r"));
            assertThat(e.code()).isEqualTo(InvalidRequestException);
            assertThat(app.appended()).isEmpty();
        }

        @Test
        void another_accounts_provider_is_not_this_accounts_cluster() {
            var e = failure(app.podIdentityAssociations.create(root(OTHER), new NewAssociation("prod", "ns", "sa",
                    "arn:aws:iam::" + OTHER + ":role/app", null, null, null, null, null), "r"));
            assertThat(e.code()).isEqualTo(ResourceNotFoundException);
        }

        @Test
        void the_role_must_be_an_existing_role_of_the_account() {
            for (String role : List.of("arn:aws:iam::" + OTHER + ":role/app", roleArn("/", "missing"),
                    roleArn("/wrong-path/", "app"), "not-an-arn")) {
                var e = failure(app.podIdentityAssociations.create(root(), new NewAssociation("prod", "ns", "sa",
                        role, null, null, null, null, null), "r"));
                assertThat(e.code()).as(role).isEqualTo(InvalidParameterException);
            }
            var a = await(app.podIdentityAssociations.create(root(), new NewAssociation("prod", "ns", "sa",
                    roleArn("/team/", "other"), null, null, null, null, null), "r"));
            assertThat(a.roleArn()).isEqualTo(roleArn("/team/", "other"));
        }

        @Test
        void one_per_service_account_and_a_retry_with_the_idempotency_token_answers_the_first() {
            var first = await(app.podIdentityAssociations.create(root(), new NewAssociation("prod", "ns", "sa", ROLE,
                    null, "token-1", null, null, null), "r"));
            var again = await(app.podIdentityAssociations.create(root(), new NewAssociation("prod", "ns", "sa", ROLE,
                    null, "token-1", null, null, null), "r"));
            assertThat(again).isEqualTo(first);
            assertThat(app.appended()).hasSize(1);
            var e = failure(app.podIdentityAssociations.create(root(), new NewAssociation("prod", "ns", "sa", ROLE,
                    null, "token-2", null, null, null), "r"));
            assertThat(e.code()).isEqualTo(ResourceInUseException);
            assertThat(e.getMessage()).contains(first.arn());
        }

        @Test
        void eks_parameters_open_sts_does_not_offer_are_refused_before_anything_is_decided() {
            for (var a : List.of(new NewAssociation("prod", "ns", "sa", ROLE, null, null, ROLE, null, null),
                    new NewAssociation("prod", "ns", "sa", ROLE, null, null, null, "{}", null),
                    new NewAssociation("prod", "ns", "sa", ROLE, null, null, null, null, true))) {
                assertThat(failure(app.podIdentityAssociations.create(root(), a, "r")).code())
                        .isEqualTo(InvalidParameterException);
            }
            await(app.podIdentityAssociations.create(root(), new NewAssociation("prod", "ns", "sa", ROLE, null, null,
                    null, null, false), "r"));
            assertThat(app.appended()).hasSize(1);
        }

        @Test
        void names_are_checked_before_authorization() {
            app.given(userCreated("dev", "/"));
            var e = failure(app.podIdentityAssociations.create(app.user("dev"), new NewAssociation("prod/x", "ns",
                    "sa", ROLE, null, null, null, null, null), "r"));
            assertThat(e.code()).isEqualTo(InvalidParameterException);
        }

        @Test
        void a_cluster_holds_at_most_5000() {
            var history = new ArrayList<PodIdentityAssociationCreated>();
            for (int i = 0; i < 5000; i++) {
                history.add(new PodIdentityAssociationCreated(ACCOUNT, "prod", "ns", "sa-" + i,
                        String.format("a-%017d", i), "us-east-1", ROLE, List.of(), null, T0));
            }
            app.given(history.toArray(PodIdentityAssociationCreated[]::new));
            var e = failure(app.podIdentityAssociations.create(root(), association("ns", "one-more"), "r"));
            assertThat(e.code()).isEqualTo(ResourceLimitExceededException);
            assertThat(app.appended()).isEmpty();
        }
    }

    @Nested
    class Authorization {
        @BeforeEach
        void aUser() {
            app.given(userCreated("dev", "/"));
        }

        @Test
        void create_needs_the_eks_action_on_the_clusters_arn() {
            var e = failure(app.podIdentityAssociations.create(app.user("dev"), association("ns", "sa"), "r"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).contains("eks:CreatePodIdentityAssociation", CLUSTER_ARN);

            app.given(new UserPolicyPut(ACCOUNT, "dev", "eks", allow("eks:CreatePodIdentityAssociation",
                    CLUSTER_ARN)));
            await(app.podIdentityAssociations.create(app.user("dev"), association("ns", "sa"), "r"));
        }

        @Test
        void request_tags_are_condition_keys_of_create() {
            app.given(new UserPolicyPut(ACCOUNT, "dev", "eks", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"},\
                    {"Effect":"Deny","Action":"eks:CreatePodIdentityAssociation","Resource":"*",\
                    "Condition":{"StringEquals":{"aws:RequestTag/team":"a"}}}]}"""));
            assertThat(failure(app.podIdentityAssociations.create(app.user("dev"), association("ns", "sa"), "r"))
                    .code()).isEqualTo(AccessDenied);
            await(app.podIdentityAssociations.create(app.user("dev"), new NewAssociation("prod", "ns", "sa", ROLE,
                    List.of(new Tag("team", "b")), null, null, null, null), "r"));
        }

        @Test
        void the_others_are_authorized_on_the_association_with_its_tags() {
            var a = create("ns", "sa");
            app.given(new UserPolicyPut(ACCOUNT, "dev", "eks", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"eks:*","Resource":"*"},\
                    {"Effect":"Deny","Action":"eks:*","Resource":"*",\
                    "Condition":{"StringEquals":{"aws:ResourceTag/team":"a"}}}]}"""));
            var dev = app.user("dev");
            for (var attempt : List.of(app.podIdentityAssociations.describe(dev, "prod", a.associationId()),
                    app.podIdentityAssociations.update(dev, "prod", a.associationId(), new Change(roleArn("/team/",
                            "other"), null, null, null), "r"),
                    app.podIdentityAssociations.delete(dev, "prod", a.associationId(), "r"))) {
                var e = failure(attempt);
                assertThat(e.code()).isEqualTo(AccessDenied);
                assertThat(e.getMessage()).contains(a.arn());
            }
            // listing is on the cluster, which carries no tags
            assertThat(list(dev, new Listing("prod", null, null, null, null)).associations()).hasSize(1);
        }

        @Test
        void without_the_permission_a_missing_association_is_access_denied_too() {
            var e = failure(app.podIdentityAssociations.describe(app.user("dev"), "prod", "a-00000000000000000"));
            assertThat(e.code()).isEqualTo(AccessDenied);
            assertThat(e.getMessage()).contains("arn:aws:eks:us-east-1:" + ACCOUNT
                    + ":podidentityassociation/prod/a-00000000000000000");
        }

        @Test
        void another_account_does_not_find_them() {
            var a = create("ns", "sa");
            assertThat(failure(app.podIdentityAssociations.describe(root(OTHER), "prod", a.associationId())).code())
                    .isEqualTo(ResourceNotFoundException);
            assertThat(failure(app.podIdentityAssociations.delete(root(OTHER), "prod", a.associationId(), "r"))
                    .code()).isEqualTo(ResourceNotFoundException);
            assertThat(failure(app.podIdentityAssociations.list(root(OTHER), new Listing("prod", null, null, null,
                    null))).code()).isEqualTo(ResourceNotFoundException);
            assertThat(app.view.podIdentityAssociationById(ACCOUNT, a.associationId())).isEqualTo(a);
        }
    }

    @Nested
    class DescribeUpdateDelete {
        @Test
        void an_id_of_another_cluster_or_a_malformed_one_is_not_found() {
            app.given(cluster(ACCOUNT, "staging.example.com", "staging"));
            var a = create("ns", "sa");
            var e = failure(app.podIdentityAssociations.describe(root(), "staging", a.associationId()));
            assertThat(e.code()).isEqualTo(ResourceNotFoundException);
            assertThat(e.getMessage()).isEqualTo("No Pod Identity association found with id " + a.associationId()
                    + " in cluster staging.");
            assertThat(failure(app.podIdentityAssociations.describe(root(), "prod", "a-nope")).code())
                    .isEqualTo(InvalidParameterException);
            assertThat(failure(app.podIdentityAssociations.describe(root(), "prod", "a-00000000000000000")).code())
                    .isEqualTo(ResourceNotFoundException);
        }

        @Test
        void update_replaces_the_role_at_the_clock_and_the_same_role_changes_nothing() {
            var a = create("ns", "sa");
            app.clock.advance(Duration.ofMinutes(5));
            var updated = await(app.podIdentityAssociations.update(root(), "prod", a.associationId(),
                    new Change(roleArn("/team/", "other"), null, null, null), "r"));
            assertThat(updated.roleArn()).isEqualTo(roleArn("/team/", "other"));
            assertThat(updated.modifiedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
            assertThat(updated.createdAt()).isEqualTo(T0);
            assertThat(app.appended()).last().isEqualTo(new PodIdentityAssociationUpdated(ACCOUNT, "prod", "ns", "sa",
                    a.associationId(), roleArn("/team/", "other"), T0.plus(Duration.ofMinutes(5))));

            await(app.podIdentityAssociations.update(root(), "prod", a.associationId(), new Change(
                    roleArn("/team/", "other"), null, null, null), "r"));
            await(app.podIdentityAssociations.update(root(), "prod", a.associationId(), new Change(null, null, null,
                    null), "r"));
            assertThat(app.appended()).hasSize(2);
            assertThat(failure(app.podIdentityAssociations.update(root(), "prod", a.associationId(),
                    new Change(roleArn("/", "missing"), null, null, null), "r")).code())
                    .isEqualTo(InvalidParameterException);
            assertThat(failure(app.podIdentityAssociations.update(root(), "prod", a.associationId(),
                    new Change(null, ROLE, null, null), "r")).code()).isEqualTo(InvalidParameterException);
        }

        @Test
        void delete_answers_the_association_and_a_new_one_gets_a_new_id() {
            var a = create("ns", "sa");
            assertThat(await(app.podIdentityAssociations.delete(root(), "prod", a.associationId(), "r")))
                    .isEqualTo(a);
            assertThat(app.appended()).last().isEqualTo(new PodIdentityAssociationDeleted(ACCOUNT, "prod", "ns",
                    "sa", a.associationId()));
            assertThat(failure(app.podIdentityAssociations.describe(root(), "prod", a.associationId())).code())
                    .isEqualTo(ResourceNotFoundException);
            assertThat(failure(app.podIdentityAssociations.delete(root(), "prod", a.associationId(), "r")).code())
                    .isEqualTo(ResourceNotFoundException);
            var b = create("ns", "sa");
            assertThat(b.associationId()).isNotEqualTo(a.associationId());
        }

        @Test
        void associations_outlive_their_clusters_tag_and_can_still_be_managed() {
            var a = create("ns", "sa");
            app.given(new OidcProviderUntagged(ACCOUNT, URL, List.of(Clusters.NAME_TAG)));
            assertThat(failure(app.podIdentityAssociations.create(root(), association("ns", "other"), "r")).code())
                    .isEqualTo(ResourceNotFoundException);
            assertThat(list(new Listing("prod", null, null, null, null)).associations()).containsExactly(a);
            assertThat(await(app.podIdentityAssociations.describe(root(), "prod", a.associationId()))).isEqualTo(a);
            await(app.podIdentityAssociations.delete(root(), "prod", a.associationId(), "r"));
            assertThat(failure(app.podIdentityAssociations.list(root(), new Listing("prod", null, null, null, null)))
                    .code()).isEqualTo(ResourceNotFoundException);
        }
    }

    @Nested
    class List_ {
        @Test
        void pages_in_namespace_then_service_account_order_with_filters() {
            for (String[] ns : new String[][]{{"b", "x"}, {"a", "y"}, {"a", "x"}, {"a-b", "x"}, {"b", "y.z"}}) {
                create(ns[0], ns[1]);
            }
            var all = new ArrayList<String>();
            String token = null;
            int pages = 0;
            do {
                Page p = list(new Listing("prod", null, null, 2, token));
                assertThat(p.associations().size()).isLessThanOrEqualTo(2);
                p.associations().forEach(a -> all.add(a.namespace() + "/" + a.serviceAccount()));
                token = p.nextToken();
                pages++;
            } while (token != null);
            assertThat(all).containsExactly("a-b/x", "a/x", "a/y", "b/x", "b/y.z");
            assertThat(pages).isEqualTo(3);

            assertThat(list(new Listing("prod", "a", null, null, null)).associations())
                    .extracting(PodIdentityAssociationState::serviceAccount).containsExactly("x", "y");
            assertThat(list(new Listing("prod", null, "x", null, null)).associations())
                    .extracting(PodIdentityAssociationState::namespace).containsExactly("a-b", "a", "b");
            assertThat(list(new Listing("prod", "a", "y", 1, null)).nextToken()).isNull();
            assertThat(list(new Listing("prod", "c", null, null, null)).associations()).isEmpty();
        }

        @Test
        void a_cluster_without_associations_lists_none_and_a_missing_one_is_not_found() {
            assertThat(list(new Listing("prod", null, null, null, null))).isEqualTo(new Page(List.of(), null));
            assertThat(failure(app.podIdentityAssociations.list(root(), new Listing("none", null, null, null, null)))
                    .code()).isEqualTo(ResourceNotFoundException);
        }

        @Test
        void bad_page_sizes_and_tokens_are_invalid_parameters() {
            for (var l : List.of(new Listing("prod", null, null, 0, null), new Listing("prod", null, null, 101, null),
                    new Listing("prod", null, null, null, "!!"), new Listing("prod", null, null, null, "YWJj"),
                    new Listing("bad name", null, null, null, null))) {
                assertThat(failure(app.podIdentityAssociations.list(root(), l)).code()).as("%s", l)
                        .isEqualTo(InvalidParameterException);
            }
        }
    }

    Page list(Listing l) {
        return list(root(), l);
    }

    Page list(dev.opensts.app.Caller c, Listing l) {
        return await(app.podIdentityAssociations.list(c, l));
    }
}
