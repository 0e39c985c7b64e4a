package dev.opensts.app.sts;

import dev.opensts.error.AwsException;
import dev.opensts.policy.Decision;

/** What an issuing action decided: credentials, or a refusal; with the policy decision behind it, if any. */
public sealed interface Issuance {
    /** The decision that allowed it; null when no policy was evaluated (GetSessionToken). */
    Decision decision();

    record Issued(IssuedCredentials credentials, Decision decision) implements Issuance {
    }

    /**
     * @param decision the decision that refused it, or the one that allowed it before a later rule refused;
     *                 null when it was refused before any policy was evaluated
     */
    record Denied(AwsException error, Decision decision) implements Issuance {
    }
}
