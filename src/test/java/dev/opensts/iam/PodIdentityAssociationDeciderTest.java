package dev.opensts.iam;

import dev.opensts.iam.PodIdentityAssociationCommand.CreatePodIdentityAssociation;
import dev.opensts.iam.PodIdentityAssociationCommand.DeletePodIdentityAssociation;
import dev.opensts.iam.PodIdentityAssociationCommand.UpdatePodIdentityAssociation;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationCreated;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationDeleted;
import dev.opensts.iam.PodIdentityAssociationEvent.PodIdentityAssociationUpdated;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class PodIdentityAssociationDeciderTest {
    private static final String A = ACCOUNT;
    private static final String CLUSTER = "prod";
    private static final String ID = "a-0123456789abcdefg";
    private static final String ROLE = "arn:aws:iam::" + A + ":role/app";
    private static final String ROLE_2 = "arn:aws:iam::" + A + ":role/team/other";
    private static final List<Tag> TAGS = List.of(new Tag("team", "a"));
    private static final DeciderSpec<PodIdentityAssociationCommand, PodIdentityAssociationState,
            PodIdentityAssociationEvent> association = new DeciderSpec<>(PodIdentityAssociationDecider::decide,
            PodIdentityAssociationDecider::evolve);

    private static PodIdentityAssociationCreated created() {
        return new PodIdentityAssociationCreated(A, CLUSTER, "team-a", "builder", ID, "eu-west-1", ROLE, TAGS,
                "token-1", T0);
    }

    private static CreatePodIdentityAssociation create(String ns, String sa, String role, List<Tag> tags,
                                                       String token) {
        return new CreatePodIdentityAssociation(A, "eu-west-1", CLUSTER, ns, sa, ID, role, tags, token, T0);
    }

    private static CreatePodIdentityAssociation create() {
        return create("team-a", "builder", ROLE, TAGS, "token-1");
    }

    @Test
    void creates_an_association_named_by_its_region_cluster_and_id() {
        association.given().when(create()).then(created()).thenState(s -> {
            assertThat(s.arn()).isEqualTo("arn:aws:eks:eu-west-1:" + A + ":podidentityassociation/prod/" + ID);
            assertThat(s.roleArn()).isEqualTo(ROLE);
            assertThat(s.tags()).isEqualTo(TAGS);
            assertThat(s.createdAt()).isEqualTo(T0);
            assertThat(s.modifiedAt()).isEqualTo(T0);
        });
    }

    @Test
    void the_stream_is_the_service_account_of_the_namespace_of_the_cluster() {
        assertThat(created().streamId())
                .isEqualTo("arn:aws:eks::" + A + ":podidentityassociation/prod/team-a/builder")
                .startsWith(StreamIds.podIdentityAssociations(A, CLUSTER));
        assertThat(StreamIds.podIdentityAssociation(A, "Prod", "team-a", "builder"))
                .as("cluster names compare exactly").isNotEqualTo(created().streamId());
        assertThat(StreamIds.podIdentityAssociations(A, "prod"))
                .as("one cluster's range holds no other's").isNotEqualTo(StreamIds.podIdentityAssociations(A, "pro"))
                .doesNotStartWith(StreamIds.podIdentityAssociations(A, "pro"));
    }

    @Test
    void one_association_per_service_account() {
        association.given(created()).when(create("team-a", "builder", ROLE_2, List.of(), null))
                .thenFails(ResourceInUseException, "Association already exists: arn:aws:eks:eu-west-1:" + A
                        + ":podidentityassociation/prod/" + ID);
        association.given(created()).when(create("team-a", "builder", ROLE, TAGS, "token-2"))
                .thenFails(ResourceInUseException);
        // the same service account name in another namespace is another stream, hence another association
        assertThat(new PodIdentityAssociationCreated(A, CLUSTER, "team-b", "builder", ID, "eu-west-1", ROLE, TAGS,
                null, T0).streamId()).isNotEqualTo(created().streamId());
    }

    @Test
    void a_create_repeated_with_its_idempotency_token_changes_nothing() {
        association.given(created()).when(create("team-a", "builder", ROLE,
                List.of(new Tag("team", "a")), "token-1")).thenNothing();
        // the same token asking for something else is not a retry
        association.given(created()).when(create("team-a", "builder", ROLE_2, TAGS, "token-1"))
                .thenFails(ResourceInUseException);
        association.given(created()).when(create("team-a", "builder", ROLE, List.of(), "token-1"))
                .thenFails(ResourceInUseException);
        association.given().when(create("team-a", "builder", ROLE, TAGS, "x".repeat(65)))
                .thenFails(InvalidParameterException);
        association.given().when(create("team-a", "builder", ROLE, TAGS, "")).thenFails(InvalidParameterException);
    }

    @Test
    void the_role_must_be_an_iam_role_of_the_same_account() {
        for (String bad : new String[]{null, "", "app", "arn:aws:iam::210987654321:role/app",
                "arn:aws:iam::" + A + ":user/app", "arn:aws:iam::" + A + ":role/", "arn:aws:sts::" + A
                + ":assumed-role/app/s"}) {
            association.given().when(create("team-a", "builder", bad, List.of(), null))
                    .thenFails(InvalidParameterException);
        }
        association.given().when(create("team-a", "builder", ROLE_2, List.of(), null))
                .thenState(s -> assertThat(s.roleArn()).isEqualTo(ROLE_2));
    }

    @Test
    void names_follow_eks_and_kubernetes_rules() {
        for (String[] bad : new String[][]{{"Team-a", "builder"}, {"-team", "builder"}, {"team-", "builder"},
                {"a".repeat(64), "builder"}, {"", "builder"}, {null, "builder"}, {"team_a", "builder"},
                {"team-a", "Builder"}, {"team-a", "b..c"}, {"team-a", ".b"}, {"team-a", "b/c"},
                {"team-a", "a".repeat(254)}, {"team-a", ""}, {"team-a", null}}) {
            association.given().when(create(bad[0], bad[1], ROLE, List.of(), null))
                    .thenFails(InvalidParameterException);
        }
        association.given().when(create("a".repeat(63), "a".repeat(63) + "." + "b".repeat(63), ROLE, List.of(),
                null)).thenState(s -> assertThat(s.serviceAccount()).hasSize(127));
        for (String cluster : new String[]{"", "-prod", "_prod", "pr/od", "pr od", "p".repeat(101), null}) {
            association.given().when(new CreatePodIdentityAssociation(A, "eu-west-1", cluster, "team-a", "builder",
                    ID, ROLE, List.of(), null, T0)).thenFails(InvalidParameterException);
        }
        association.given().when(new CreatePodIdentityAssociation(A, "eu-west-1", "Prod_2-x", "team-a", "builder",
                ID, ROLE, List.of(), null, T0)).thenState(s -> assertThat(s.clusterName()).isEqualTo("Prod_2-x"));
    }

    @Test
    void tags_at_most_50_keys_of_1_to_128_values_of_at_most_256_none_reserved() {
        association.given().when(create("team-a", "builder", ROLE, tags(50), null))
                .thenState(s -> assertThat(s.tags()).hasSize(50));
        association.given().when(create("team-a", "builder", ROLE, tags(51), null))
                .thenFails(InvalidParameterException);
        for (Tag bad : List.of(new Tag("", "v"), new Tag("k".repeat(129), "v"), new Tag("k", "v".repeat(257)),
                new Tag("aws:x", "v"), new Tag("AWS:x", "v"))) {
            association.given().when(create("team-a", "builder", ROLE, List.of(bad), null))
                    .thenFails(InvalidParameterException);
        }
        association.given().when(create("team-a", "builder", ROLE, List.of(new Tag("k", "1"), new Tag("k", "2")),
                null)).thenFails(InvalidParameterException);
        // keys are case-sensitive, as EKS's TagMap is
        association.given().when(create("team-a", "builder", ROLE, List.of(new Tag("k", "1"), new Tag("K", "2")),
                null)).thenState(s -> assertThat(s.tags()).hasSize(2));
        association.given().when(create("team-a", "builder", ROLE, null, null))
                .thenState(s -> assertThat(s.tags()).isEmpty());
    }

    @Test
    void updates_the_role() {
        var later = T0.plusSeconds(90);
        association.given(created()).when(new UpdatePodIdentityAssociation(A, CLUSTER, "team-a", "builder", ID,
                        ROLE_2, later))
                .then(new PodIdentityAssociationUpdated(A, CLUSTER, "team-a", "builder", ID, ROLE_2, later))
                .thenState(s -> {
                    assertThat(s.roleArn()).isEqualTo(ROLE_2);
                    assertThat(s.createdAt()).isEqualTo(T0);
                    assertThat(s.modifiedAt()).isEqualTo(later);
                    assertThat(s.tags()).isEqualTo(TAGS);
                });
        association.given(created()).when(new UpdatePodIdentityAssociation(A, CLUSTER, "team-a", "builder", ID,
                ROLE, later)).thenNothing();
        association.given(created()).when(new UpdatePodIdentityAssociation(A, CLUSTER, "team-a", "builder", ID,
                null, later)).thenNothing();
        association.given(created()).when(new UpdatePodIdentityAssociation(A, CLUSTER, "team-a", "builder", ID,
                "arn:aws:iam::210987654321:role/app", later)).thenFails(InvalidParameterException);
    }

    @Test
    void deletes_and_a_recreated_association_starts_afresh() {
        association.given(created()).when(new DeletePodIdentityAssociation(A, CLUSTER, "team-a", "builder", ID))
                .then(new PodIdentityAssociationDeleted(A, CLUSTER, "team-a", "builder", ID))
                .thenState(s -> assertThat(s).isNull());
        String id2 = "a-zzzzzzzzzzzzzzzzz";
        association.given(created(), new PodIdentityAssociationDeleted(A, CLUSTER, "team-a", "builder", ID))
                .when(new CreatePodIdentityAssociation(A, "us-east-1", CLUSTER, "team-a", "builder", id2, ROLE_2,
                        List.of(), "token-1", T0.plusSeconds(5)))
                .thenState(s -> {
                    assertThat(s.associationId()).isEqualTo(id2);
                    assertThat(s.region()).isEqualTo("us-east-1");
                    assertThat(s.tags()).isEmpty();
                    assertThat(s.createdAt()).isEqualTo(T0.plusSeconds(5));
                });
    }

    @Test
    void a_change_of_a_missing_association_or_of_another_id_is_resource_not_found() {
        String message = "No Pod Identity association found with id " + ID + " in cluster prod.";
        var other = "a-aaaaaaaaaaaaaaaaa";
        List<PodIdentityAssociationCommand> commands = new ArrayList<>(List.of(
                new UpdatePodIdentityAssociation(A, CLUSTER, "team-a", "builder", ID, ROLE_2, T0),
                new DeletePodIdentityAssociation(A, CLUSTER, "team-a", "builder", ID)));
        for (var c : commands) {
            association.given().when(c).thenFails(ResourceNotFoundException, message);
            association.given(created(), new PodIdentityAssociationDeleted(A, CLUSTER, "team-a", "builder", ID))
                    .when(c).thenFails(ResourceNotFoundException);
        }
        association.given(created()).when(new DeletePodIdentityAssociation(A, CLUSTER, "team-a", "builder", other))
                .thenFails(ResourceNotFoundException);
        association.given(created()).when(new UpdatePodIdentityAssociation(A, CLUSTER, "team-a", "builder", other,
                ROLE_2, T0)).thenFails(ResourceNotFoundException);
    }

    @Test
    void association_ids_are_a_dash_and_17_lower_case_letters_and_digits() {
        assertThat(EksNames.isAssociationId(ID)).isTrue();
        for (String bad : new String[]{"a-0123456789ABCDEFG", "a-0123456789abcdef", "a-0123456789abcdefgh",
                "b-0123456789abcdefg", "a_0123456789abcdefg", "", null}) {
            assertThat(EksNames.isAssociationId(bad)).as(bad).isFalse();
        }
    }
}
