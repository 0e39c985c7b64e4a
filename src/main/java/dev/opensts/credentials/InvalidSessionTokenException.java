package dev.opensts.credentials;

/**
 * A session token that does not open or does not parse. The message is one of a few fixed texts,
 * safe to log: it never contains the token, the access key id's secret, or any decrypted content.
 * No stack trace is captured: invalid tokens are an ordinary, attacker-triggerable outcome.
 */
public final class InvalidSessionTokenException extends RuntimeException {
    InvalidSessionTokenException(String message) {
        super(message, null, false, false);
    }
}
