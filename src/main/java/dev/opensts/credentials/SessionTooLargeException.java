package dev.opensts.credentials;

/**
 * The claims (mostly session policy and tags) do not fit in a session token of
 * {@link SessionTokenCodec#MAX_TOKEN_LENGTH} characters. STS answers this as PackedPolicyTooLarge.
 */
public final class SessionTooLargeException extends IllegalArgumentException {
    private final int tokenLength;

    SessionTooLargeException(int tokenLength) {
        super("session token would be " + tokenLength + " characters, the limit is "
                + SessionTokenCodec.MAX_TOKEN_LENGTH);
        this.tokenLength = tokenLength;
    }

    public int tokenLength() {
        return tokenLength;
    }
}
