package dev.opensts.policy;

/**
 * A policy document that cannot be compiled. The message names the statement (index and Sid),
 * the element and the reason, so it can be returned to the API caller as-is.
 */
public final class MalformedPolicyDocumentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public MalformedPolicyDocumentException(String message) {
        super(message);
    }
}
