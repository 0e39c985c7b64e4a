package dev.opensts.sigv4;

/**
 * A request failed SigV4 authentication. {@link #code()} is the AWS error code, {@link #httpStatus()} the
 * status AWS answers with, {@link #getMessage()} an AWS-like text. Messages never carry the secret key,
 * a signing key or a security token.
 */
public final class SigV4Exception extends RuntimeException {

    private final String code;
    private final int httpStatus;

    SigV4Exception(String code, int httpStatus, String message) {
        // No cause, no suppression, no stack trace: this is an expected client error on a hot path.
        super(message, null, false, false);
        this.code = code;
        this.httpStatus = httpStatus;
    }

    /** AWS error code, e.g. {@code SignatureDoesNotMatch}. */
    public String code() {
        return code;
    }

    /** HTTP status AWS uses for this code. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Same as {@link #getMessage()}. */
    public String message() {
        return getMessage();
    }

    @Override
    public String toString() {
        return "SigV4Exception[" + code + " " + httpStatus + ": " + getMessage() + "]";
    }
}
