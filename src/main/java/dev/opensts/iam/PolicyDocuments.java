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

    /**
     * Validates a trust policy and binds the IAM users and roles it names to their unique ids, as AWS stores
     * them: every such principal must be among {@code ids} (the caller looked them up), else the document is
     * refused as AWS refuses it, "Invalid principal in policy". Null ids: the principals stay unbound.
     *
     * @return the bindings of exactly the principals the document names, or null when {@code ids} is null
     */
    static java.util.Map<String, String> trustPrincipals(String document, java.util.Map<String, String> ids) {
        Policy policy = validate(document, PolicyKind.TRUST);
        if (ids == null) {
            return null;
        }
        var bound = new java.util.TreeMap<String, String>();
        for (String key : dev.opensts.policy.PrincipalBindings.principalsOf(policy)) {
            String id = ids.get(key);
            if (id == null) {
                String rest = key.substring(key.indexOf(':') + 1);
                throw new AwsException(ErrorCode.MalformedPolicyDocument, "Invalid principal in policy: account "
                        + key.substring(0, key.indexOf(':')) + " has no IAM " + rest.substring(0, rest.indexOf('/'))
                        + " named " + rest.substring(rest.indexOf('/') + 1) + ".");
            }
            bound.put(key, id);
        }
        return java.util.Collections.unmodifiableMap(bound);
    }

    static Policy validate(String document, PolicyKind kind) {
        try {
            return Policy.parse(document, kind);
        } catch (MalformedPolicyDocumentException e) {
            throw new AwsException(ErrorCode.MalformedPolicyDocument, e.getMessage());
        }
    }
}
