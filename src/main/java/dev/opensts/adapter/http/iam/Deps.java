package dev.opensts.adapter.http.iam;

import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.iam.CommandBus;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.iam.Quotas;
import dev.opensts.view.LiveView;

import java.time.Clock;

/** What the IAM actions need, handed over once. */
public record Deps(LiveView view, CommandBus bus, Authorizer authorizer, CredentialIds ids, KeyRing keyRing,
                   Clock clock, Quotas quotas) {

    /**
     * Refuses to create one more entity of a kind once the account holds its quota of them. Checked against
     * the view as the command is decided; writers racing on different names may each pass, so the count can
     * exceed the quota by the number of such concurrent creations.
     */
    void requireRoomFor(String accountId, String kind, int quota, String quotaName) {
        if (view.count(accountId, kind) >= quota) {
            throw dev.opensts.error.AwsException.of(dev.opensts.error.ErrorCode.LimitExceeded,
                    "Cannot exceed quota for %s: %d", quotaName, quota);
        }
    }
}
