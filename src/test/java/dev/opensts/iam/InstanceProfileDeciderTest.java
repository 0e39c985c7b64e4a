package dev.opensts.iam;

import dev.opensts.iam.InstanceProfileCommand.*;
import dev.opensts.iam.InstanceProfileEvent.*;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.opensts.error.ErrorCode.*;
import static dev.opensts.iam.IamFixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

class InstanceProfileDeciderTest {
    private static final String A = ACCOUNT;
    private static final String ROLE_ID = "AROAAPP0000000000001";
    /** The id of a role created again under the same name after the first was deleted. */
    private static final String NEW_ROLE_ID = "AROAAPP0000000000002";
    private static final DeciderSpec<InstanceProfileCommand, InstanceProfileState, InstanceProfileEvent> profile =
            new DeciderSpec<>((c, s) -> InstanceProfileDecider.decide(c, s, Quotas.AWS),
                    InstanceProfileDecider::evolve);

    private static InstanceProfileCreated created() {
        return new InstanceProfileCreated(A, "Web", "AIPAWEB0000000000001", "/eng/", List.of(new Tag("team", "a")),
                T0);
    }

    private static RoleAddedToInstanceProfile added(String roleId) {
        return new RoleAddedToInstanceProfile(A, "Web", "App", roleId);
    }

    private static AddRoleToInstanceProfile add(String roleName, String roleId, String... live) {
        return new AddRoleToInstanceProfile(A, "Web", roleName, roleId, Set.of(live));
    }

    private static DeleteInstanceProfile delete(String... live) {
        return new DeleteInstanceProfile(A, "Web", Set.of(live));
    }

    private static List<Tag> tags(int n) {
        var list = new ArrayList<Tag>();
        for (int i = 0; i < n; i++) {
            list.add(new Tag("k" + i, "v"));
        }
        return list;
    }

    @Test
    void creates_a_profile_with_its_path_and_tags_and_no_role() {
        profile.given().when(new CreateInstanceProfile(A, "Web", "AIPAWEB0000000000001", "/eng/",
                List.of(new Tag("team", "a")), T0)).then(created()).thenState(s -> {
            assertThat(s.arn()).isEqualTo("arn:aws:iam::" + A + ":instance-profile/eng/Web");
            assertThat(s.roles()).isEmpty();
            assertThat(s.tags()).containsExactly(new Tag("team", "a"));
            assertThat(s.createDate()).isEqualTo(T0);
        });
    }

    @Test
    void absent_tags_are_none() {
        profile.given().when(new CreateInstanceProfile(A, "Web", "AIPA1", "/", null, T0))
                .then(new InstanceProfileCreated(A, "Web", "AIPA1", "/", List.of(), T0));
    }

    @Test
    void a_name_is_taken_once() {
        profile.given(created()).when(new CreateInstanceProfile(A, "Web", "AIPA2", "/", List.of(), T0))
                .thenFails(EntityAlreadyExists, "Instance Profile Web already exists.");
    }

    @Test
    void tags_on_creation_follow_the_tag_rules() {
        profile.given().when(new CreateInstanceProfile(A, "Web", "AIPA1", "/", tags(51), T0)).thenFails(LimitExceeded);
        profile.given().when(new CreateInstanceProfile(A, "Web", "AIPA1", "/",
                List.of(new Tag("aws:x", "v")), T0)).thenFails(InvalidInput);
        profile.given().when(new CreateInstanceProfile(A, "Web", "AIPA1", "/",
                List.of(new Tag("K", "v"), new Tag("k", "w")), T0)).thenFails(InvalidInput);
    }

    @Test
    void every_other_command_needs_the_profile() {
        for (InstanceProfileCommand c : List.<InstanceProfileCommand>of(add("App", ROLE_ID),
                new RemoveRoleFromInstanceProfile(A, "Web", "App", ROLE_ID),
                new TagInstanceProfile(A, "Web", tags(1)), new UntagInstanceProfile(A, "Web", List.of("k0")),
                delete())) {
            profile.given().when(c).thenFails(NoSuchEntity, "Instance Profile Web cannot be found.");
        }
        profile.given(created(), new InstanceProfileDeleted(A, "Web")).when(delete())
                .thenFails(NoSuchEntity, "Instance Profile Web cannot be found.");
    }

    @Test
    void a_role_is_added_by_its_id() {
        profile.given(created()).when(add("App", ROLE_ID)).then(added(ROLE_ID)).thenState(s -> {
            assertThat(s.roles()).containsExactly(new InstanceProfileState.Member("App", ROLE_ID));
            assertThat(s.holds(ROLE_ID)).isTrue();
            assertThat(s.holds(NEW_ROLE_ID)).isFalse();
        });
    }

    @Test
    void a_profile_holds_at_most_one_live_role() {
        profile.given(created(), added(ROLE_ID)).when(add("Other", "AROAOTHER", ROLE_ID))
                .thenFails(LimitExceeded, "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1");
        // the same role again counts against the same quota
        profile.given(created(), added(ROLE_ID)).when(add("App", ROLE_ID, ROLE_ID)).thenFails(LimitExceeded);
    }

    @Test
    void a_role_deleted_meanwhile_neither_fills_the_profile_nor_keeps_it_from_deletion() {
        // App was deleted and created again (new id) while the profile still held the first one's id
        profile.given(created(), added(ROLE_ID)).when(add("App", NEW_ROLE_ID)).then(added(NEW_ROLE_ID))
                .thenState(s -> assertThat(s.holds(NEW_ROLE_ID)).isTrue());
        profile.given(created(), added(ROLE_ID)).when(delete()).then(new InstanceProfileDeleted(A, "Web"));
    }

    @Test
    void a_profile_holding_a_live_role_is_not_deleted() {
        profile.given(created(), added(ROLE_ID)).when(delete(ROLE_ID))
                .thenFails(DeleteConflict, "Cannot delete entity, must remove roles from instance profile first.");
        profile.given(created(), added(ROLE_ID), new RoleRemovedFromInstanceProfile(A, "Web", "App", ROLE_ID))
                .when(delete()).then(new InstanceProfileDeleted(A, "Web"));
    }

    @Test
    void a_role_is_removed_by_the_id_it_has_now() {
        profile.given(created(), added(ROLE_ID))
                .when(new RemoveRoleFromInstanceProfile(A, "Web", "App", ROLE_ID))
                .then(new RoleRemovedFromInstanceProfile(A, "Web", "App", ROLE_ID))
                .thenState(s -> assertThat(s.roles()).isEmpty());
        // a role of the same name created again is not the one in the profile
        profile.given(created(), added(ROLE_ID))
                .when(new RemoveRoleFromInstanceProfile(A, "Web", "App", NEW_ROLE_ID))
                .thenFails(NoSuchEntity, "Role App in Instance Profile Web cannot be found.");
        profile.given(created()).when(new RemoveRoleFromInstanceProfile(A, "Web", "App", null))
                .thenFails(NoSuchEntity, "The role with name App cannot be found.");
    }

    @Test
    void removing_leaves_the_other_roles() {
        profile.given(created(), added(ROLE_ID), new RoleAddedToInstanceProfile(A, "Web", "Two", "AROATWO"))
                .when(new RemoveRoleFromInstanceProfile(A, "Web", "App", ROLE_ID))
                .thenState(s -> assertThat(s.roles()).containsExactly(new InstanceProfileState.Member("Two",
                        "AROATWO")));
    }

    @Test
    void tags_are_merged_without_regard_to_case_and_removed() {
        profile.given(created()).when(new TagInstanceProfile(A, "Web", List.of(new Tag("TEAM", "b"),
                        new Tag("env", "prod"))))
                .thenState(s -> assertThat(s.tags()).containsExactly(new Tag("TEAM", "b"), new Tag("env", "prod")));
        profile.given(created()).when(new UntagInstanceProfile(A, "Web", List.of("Team")))
                .thenState(s -> assertThat(s.tags()).isEmpty());
        profile.given(created()).when(new TagInstanceProfile(A, "Web", tags(50))).thenFails(LimitExceeded);
        profile.given(created()).when(new TagInstanceProfile(A, "Web", tags(49)))
                .thenState(s -> assertThat(s.tags()).hasSize(50));
    }

    @Test
    void the_stream_is_the_pathless_case_folded_arn() {
        assertThat(created().streamId()).isEqualTo("arn:aws:iam::" + A + ":instance-profile/web");
        assertThat(new InstanceProfileDeleted(A, "WEB").streamId()).isEqualTo(created().streamId());
    }
}
