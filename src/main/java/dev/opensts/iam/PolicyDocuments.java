package dev.opensts.iam;

import dev.opensts.error.AwsException;
import dev.opensts.error.ErrorCode;
import dev.opensts.policy.MalformedPolicyDocumentException;
import dev.opensts.policy.Policy;
import dev.opensts.policy.PolicyKind;

/** Validation of policy documents at write time, through the policy engine's parser, and their size quotas. */
final class PolicyDocuments {
    private PolicyDocuments() {
    }

    /** @throws AwsException LimitExceeded with {@code message} when the document is larger than {@code limit} */
    static void requireSize(String document, int limit, String message) {
        if (Policy.size(document) > limit) {
            throw new AwsException(ErrorCode.LimitExceeded, message);
        }
    }

    /** The inline documents' total size once {@code name} holds {@code document}. */
    static int inlineTotal(java.util.Map<String, String> inline, String name, String document) {
        int total = Policy.size(document);
        for (var e : inline.entrySet()) {
            if (!e.getKey().equals(name)) {
                total += Policy.size(e.getValue());
            }
        }
        return total;
    }

    static void validate(String document, PolicyKind kind) {
        try {
            Policy.parse(document, kind);
        } catch (MalformedPolicyDocumentException e) {
            throw new AwsException(ErrorCode.MalformedPolicyDocument, e.getMessage());
        }
    }
}
