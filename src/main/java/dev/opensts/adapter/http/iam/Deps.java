package dev.opensts.adapter.http.iam;

import dev.opensts.control.Authorizer;
import dev.opensts.control.CommandBus;
import dev.opensts.credentials.CredentialIds;
import dev.opensts.credentials.KeyRing;
import dev.opensts.view.LiveView;

import java.time.Clock;

/** What the IAM actions need, handed over once. */
public record Deps(LiveView view, CommandBus bus, Authorizer authorizer, CredentialIds ids, KeyRing keyRing,
                   Clock clock) {
}
