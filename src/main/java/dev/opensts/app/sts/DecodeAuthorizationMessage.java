package dev.opensts.app.sts;

import dev.opensts.app.Caller;
import dev.opensts.app.auth.Authorizer;
import dev.opensts.app.auth.Contexts;
import dev.opensts.app.auth.FederatedUsers;
import dev.opensts.app.auth.PolicySources;
import dev.opensts.app.auth.PrincipalPolicies;
import dev.opensts.credentials.AuthorizationMessageCodec;
import dev.opensts.credentials.SessionClaims;
import dev.opensts.credentials.SessionKind;
import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.Decision;
import dev.opensts.policy.Evaluator;
import dev.opensts.policy.Outcome;
import dev.opensts.policy.RequestContext;

/**
 * DecodeAuthorizationMessage: the document behind an AccessDenied's encoded message, for a principal allowed
 * {@code sts:DecodeAuthorizationMessage} on {@code *} (an account's root always, unless a policy denies it; a
 * federated user never; GetSessionToken credentials never, as on AWS). A message of another account, tampered with, truncated or made up is
 * InvalidAuthorizationMessageException, the same answer for each, so that nobody learns whose a message is.
 */
public final class DecodeAuthorizationMessage {
    static final String ACTION = "sts:DecodeAuthorizationMessage";

    private final PolicySources policies;
    private final Contexts contexts;
    private final AuthorizationMessageCodec codec;

    public DecodeAuthorizationMessage(PolicySources policies, Contexts contexts, AuthorizationMessageCodec codec) {
        this.policies = policies;
        this.contexts = contexts;
        this.codec = codec;
    }

    /** @return the decoded document (JSON) */
    public String decode(Caller caller, String encodedMessage) {
        authorize(caller);
        return codec.open(caller.accountId(), encodedMessage).orElseThrow(() -> new AwsException(
                ErrorCode.InvalidAuthorizationMessageException, "The encoded authorization message is invalid: it is "
                + "corrupt, truncated, or not one of this account's."));
    }

    private void authorize(Caller caller) {
        FederatedUsers.refuse(caller, ACTION, "*");
        SessionClaims s = caller.session();
        if (s != null && (s.kind() == SessionKind.USER_SESSION || s.kind() == SessionKind.ROOT_SESSION)) {
            // AWS: GetSessionToken credentials call no STS action but AssumeRole and GetCallerIdentity, MFA or not
            throw new AwsException(ErrorCode.AccessDenied, "User: " + caller.arn() + " is not authorized to perform: "
                    + ACTION + " with GetSessionToken credentials");
        }
        if (caller.isRoot() && caller.session() == null) {
            return;
        }
        PrincipalPolicies p = policies.of(caller);
        RequestContext context = contexts.forCaller(caller, ACTION, "*").build();
        Decision d = Evaluator.evaluate(context, p.identity(), p.session(), p.boundary());
        if (!d.allowed() && !(caller.isRoot() && d.outcome() != Outcome.EXPLICIT_DENY)) {
            throw Authorizer.denied(caller, ACTION, "*", d, context);
        }
    }
}
