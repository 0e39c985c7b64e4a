package dev.opensts.app.iam;

import dev.opensts.app.auth.Authorizer;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.iam.Quotas;
import dev.opensts.view.LiveView;

import java.time.Clock;

/**
 * What the IAM use cases share: the view they read, the bus they write through, the authorizer that guards
 * them, the id source and clock they mint with, and the deployment's quotas. Built once by the composition root.
 */
public record IamContext(LiveView view, CommandBus bus, Authorizer authorizer, CredentialIds ids, Clock clock,
                         Quotas quotas) {
}
