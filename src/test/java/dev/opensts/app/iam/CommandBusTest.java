package dev.opensts.app.iam;

import dev.opensts.app.AppFixture;
import dev.opensts.iam.Actor;
import dev.opensts.iam.EventEnvelope;
import dev.opensts.iam.IamEvent;
import dev.opensts.iam.RoleEvent.RoleTagged;
import dev.opensts.iam.RoleEvent.RoleUpdated;
import dev.opensts.iam.RoleState;
import dev.opensts.iam.StreamIds;
import dev.opensts.iam.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static dev.opensts.app.AppFixture.*;
import static dev.opensts.error.ErrorCode.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Decide against the view, append with the expected version, complete once the view has applied it. */
class CommandBusTest {
    static final String APP = StreamIds.role(ACCOUNT, "App");
    static final RoleUpdated UPDATE = new RoleUpdated(ACCOUNT, "App", "new", null);

    final AppFixture app = new AppFixture(Options.defaults().timeout(Duration.ofMillis(50)));

    @Test
    void the_event_follows_the_version_it_was_decided_on_and_is_read_back_before_completion() {
        app.given(roleCreated("App", "/"), new RoleTagged(ACCOUNT, "App", List.of(new Tag("a", "b"))));

        await(app.bus.<RoleState>execute(APP, s -> List.of(UPDATE), root().actor(), "req-1"));

        EventEnvelope<IamEvent> e = app.events.envelopes().get(0);
        assertThat(e.expectedVersion()).isEqualTo(2);
        assertThat(e.time()).isEqualTo(T0);
        assertThat(e.requestId()).isEqualTo("req-1");
        assertThat(e.source()).isEqualTo("/opensts/test");
        assertThat(e.actor()).isEqualTo(new Actor("Root", "arn:aws:iam::" + ACCOUNT + ":root", "AKIAROOT" + ACCOUNT,
                ACCOUNT));
        assertThat(app.view.role(ACCOUNT, "App").description()).isEqualTo("new");
    }

    @Test
    void a_decision_without_an_event_appends_nothing() {
        app.given(roleCreated("App", "/"));
        await(app.bus.<RoleState>execute(APP, s -> List.of(), root().actor(), "r"));
        assertThat(app.appended()).isEmpty();
    }

    @Test
    void another_writer_first_makes_it_a_concurrent_modification() {
        app.given(roleCreated("App", "/"));
        app.events.raceWith(new RoleUpdated(ACCOUNT, "App", "theirs", null));

        var e = failure(app.bus.<RoleState>execute(APP, s -> List.of(UPDATE), root().actor(), "r"));

        assertThat(e.code()).isEqualTo(ConcurrentModification);
        assertThat(app.view.role(ACCOUNT, "App").description()).isEqualTo("theirs");
    }

    @Test
    void a_log_that_refuses_the_append_changes_nothing() {
        app.given(roleCreated("App", "/"));
        app.events.broker(Broker.DOWN);

        var e = failure(app.bus.<RoleState>execute(APP, s -> List.of(UPDATE), root().actor(), "r"));

        assertThat(e.code()).isEqualTo(ServiceUnavailable);
        assertThat(e.getMessage()).isEqualTo("The event log is unavailable; no change was made.");
        assertThat(app.view.role(ACCOUNT, "App").description()).isNull();
    }

    @Test
    void a_change_the_view_does_not_read_back_in_time_is_reported_as_such() {
        app.given(roleCreated("App", "/"));
        app.events.broker(Broker.SILENT);

        var e = failure(app.bus.<RoleState>execute(APP, s -> List.of(UPDATE), root().actor(), "r"));

        assertThat(e.code()).isEqualTo(ServiceUnavailable);
        assertThat(e.getMessage()).contains("did not confirm the change in time");
    }

    @Test
    void a_command_decides_at_most_one_event_of_its_own_stream() {
        app.given(roleCreated("App", "/"), roleCreated("Other", "/"));
        assertThatThrownBy(() -> await(app.bus.<RoleState>execute(APP,
                s -> List.of(new RoleUpdated(ACCOUNT, "Other", "x", null)), root().actor(), "r")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(app.appended()).isEmpty();
    }
}
