package dev.opensts.view;

import io.smallrye.mutiny.helpers.test.UniAssertSubscriber;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class WaitersTest {
    final Waiters<Boolean> waiters = new Waiters<>();

    @Test
    void the_writer_learns_the_outcome_once_it_is_reported() {
        var answer = waiters.expect("e1").subscribe().withSubscriber(UniAssertSubscriber.create());
        answer.assertNotTerminated();
        waiters.complete("e1", true);
        answer.assertItem(true);
    }

    @Test
    void an_outcome_reported_before_anybody_subscribed_is_not_lost() {
        var answer = waiters.expect("e1");
        waiters.complete("e1", false); // the feeder was faster than the append's acknowledgement
        answer.subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem(false);
    }

    @Test
    void the_first_report_counts() {
        var answer = waiters.expect("e1");
        waiters.complete("e1", true);
        waiters.complete("e1", false); // a redelivered copy, skipped by the version rule
        answer.subscribe().withSubscriber(UniAssertSubscriber.create()).assertItem(true);
    }

    @Test
    void events_nobody_waits_for_are_ignored_and_other_writers_are_not_told() {
        var mine = waiters.expect("mine").subscribe().withSubscriber(UniAssertSubscriber.create());
        waiters.complete("theirs", true);
        mine.assertNotTerminated();
        assertThat(waiters.waiting()).isEqualTo(1);
    }

    @Test
    void forget_ends_the_wait() {
        var answer = waiters.expect("e1").subscribe().withSubscriber(UniAssertSubscriber.create());
        waiters.forget("e1");
        waiters.complete("e1", true);
        answer.assertNotTerminated();
        assertThat(waiters.waiting()).isZero();
    }

    @Test
    void a_cancelled_subscriber_is_not_told() {
        var answer = waiters.expect("e1").subscribe().withSubscriber(UniAssertSubscriber.create());
        answer.cancel();
        waiters.complete("e1", true);
        answer.assertNotTerminated();
    }
}
