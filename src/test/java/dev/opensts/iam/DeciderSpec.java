package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * Given events, when a command, then events (or an AWS error). The state is the fold of the given
 * events with evolve, exactly as the live view builds it; decide sees nothing else.
 */
final class DeciderSpec<C, S, E> {
    private final BiFunction<C, S, List<? extends E>> decide;
    private final BiFunction<S, E, S> evolve;

    DeciderSpec(BiFunction<C, S, List<? extends E>> decide, BiFunction<S, E, S> evolve) {
        this.decide = decide;
        this.evolve = evolve;
    }

    @SafeVarargs
    final Given given(E... events) {
        return new Given(List.of(events));
    }

    S fold(List<? extends E> events) {
        S state = null;
        for (E e : events) {
            state = evolve.apply(state, e);
        }
        return state;
    }

    final class Given {
        private final List<E> history;

        Given(List<E> history) {
            this.history = history;
        }

        When when(C command) {
            return new When(history, command);
        }
    }

    final class When {
        private final List<E> history;
        private final C command;

        When(List<E> history, C command) {
            this.history = history;
            this.command = command;
        }

        private List<? extends E> run() {
            return decide.apply(command, fold(history));
        }

        @SafeVarargs
        final When then(E... expected) {
            assertThat(new ArrayList<E>(run())).containsExactly(expected);
            return this;
        }

        void thenNothing() {
            assertThat(run()).isEmpty();
        }

        /** The state after the given events and the events the command produced. */
        void thenState(Consumer<S> check) {
            var all = new ArrayList<E>(history);
            all.addAll(run());
            check.accept(fold(all));
        }

        void thenFails(ErrorCode code, String message) {
            AwsException e = thenFails(code);
            assertThat(e.getMessage()).isEqualTo(message);
        }

        AwsException thenFails(ErrorCode code) {
            AwsException e = catchThrowableOfType(AwsException.class, this::run);
            assertThat(e).as("expected %s from %s", code, command).isNotNull();
            assertThat(e.code()).isEqualTo(code);
            return e;
        }
    }
}
