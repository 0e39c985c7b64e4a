package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;

/** Validation of policy documents at write time, through the policy engine's parser. */
final class PolicyDocuments {
    private PolicyDocuments() {
    }

    static void validate(String document, PolicyKind kind) {
        try {
            Policy.parse(document, kind);
        } catch (MalformedPolicyDocumentException e) {
            throw new AwsException(ErrorCode.MalformedPolicyDocument, e.getMessage());
        }
    }
}
