package dev.opensts.view;

import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.GroupEvent;
import dev.opensts.iam.GroupState;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.StreamIds;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The view's index of group members: kept on every event and rebuilt from a snapshot at start. */
class LiveViewGroupsTest {
    static final String A = "123456789012";
    static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    static final String DOC = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\","
            + "\"Resource\":\"*\"}]}";
    int n;

    void apply(LiveView view, IamEvent e) {
        long v = view.get(e.streamId()).version();
        assertThat(view.apply(new EventEnvelope<>("e" + ++n, e.streamId(), v, T0, "/t", "r", e))).isTrue();
    }

    @Test
    void members_follow_add_remove_rename_and_a_restart_from_a_snapshot() {
        var view = new LiveView();
        apply(view, new GroupEvent.GroupCreated(A, "Devs", "AGPA1", "/", T0));
        apply(view, new GroupEvent.GroupPolicyPut(A, "Devs", "p", DOC));
        apply(view, new GroupEvent.UserAddedToGroup(A, "Devs", "alice", "AIDA1"));
        apply(view, new GroupEvent.UserAddedToGroup(A, "Devs", "bob", "AIDA2"));
        assertThat(view.groupsOf(A, "AIDA1")).extracting(GroupState::groupName).containsExactly("Devs");
        assertThat(view.groupsOf("210987654321", "AIDA1")).isEmpty();

        apply(view, new GroupEvent.UserRemovedFromGroup(A, "Devs", "bob", "AIDA2"));
        assertThat(view.groupsOf(A, "AIDA2")).isEmpty();

        GroupState devs = view.group(A, "Devs");
        apply(view, new GroupEvent.GroupRenamedFrom(A, "Ops", "Devs", "AGPA1", "/", T0, devs.inlinePolicies(),
                devs.attachedPolicyArns(), devs.members()));
        apply(view, new GroupEvent.GroupRenamedTo(A, "Devs", "Ops"));
        assertThat(view.groupsOf(A, "AIDA1")).extracting(GroupState::groupName).containsExactly("Ops");

        var restarted = new LiveView();
        restarted.load(Map.of(StreamIds.group(A, "Ops"), Stored.of(2, view.group(A, "Ops"))));
        assertThat(restarted.groupsOf(A, "AIDA1")).extracting(GroupState::groupName).containsExactly("Ops");
        assertThat(restarted.compiled(StreamIds.group(A, "Ops")).inline()).hasSize(1);
    }
}
