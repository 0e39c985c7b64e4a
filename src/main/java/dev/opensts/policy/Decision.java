package dev.opensts.policy;

import java.util.List;
import java.util.Objects;

/**
 * The result of an evaluation. For {@link Outcome#EXPLICIT_DENY} the deciding statements are every matching Deny;
 * for {@link Outcome#ALLOW} they are the matching Allows of each policy layer that had to allow; for
 * {@link Outcome#IMPLICIT_DENY} they are the Allows that matched but were not enough (often none).
 */
public record Decision(Outcome outcome, List<DecidingStatement> deciding) {
    public Decision {
        Objects.requireNonNull(outcome, "outcome");
        deciding = List.copyOf(deciding);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }
}
