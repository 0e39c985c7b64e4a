package dev.opensts.credentials;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Optional;

/**
 * The encoded authorization failure messages of AccessDenied answers: the decoded document (UTF-8 JSON), sealed with
 * AES-256-GCM under the key ring ({@link KeyRing#seal}), so that only the service reads it. The associated data
 * {@code "authorization-message/1:" + deploymentId + ":" + accountId} binds a message to the account of the principal
 * that was refused (only that account's principals may decode it: another account's decode fails as a tampered
 * message would, so that nobody learns whose it is) and separates it from session tokens and stored secrets sealed
 * by the same ring.
 *
 * <p>Text: {@code OAM1.<keyId>~<base64url(salt | nonce | ciphertext | tag)>}, URL-safe, no line breaks.
 */
public final class AuthorizationMessageCodec {
    /** Longest message DecodeAuthorizationMessage accepts (AWS's model: encodedMessageType). */
    public static final int MAX_MESSAGE_LENGTH = 10240;
    static final String PREFIX = "OAM1.";
    private static final String AAD_PREFIX = "authorization-message/1:";

    private final KeyRing keyRing;
    private final String deploymentId;

    public AuthorizationMessageCodec(KeyRing keyRing, String deploymentId) {
        this.keyRing = Objects.requireNonNull(keyRing, "keyRing");
        this.deploymentId = Objects.requireNonNull(deploymentId, "deploymentId");
    }

    /** The most plaintext bytes whose message still fits in {@link #MAX_MESSAGE_LENGTH} characters. */
    public int maxDocumentBytes() {
        int base64 = MAX_MESSAGE_LENGTH - PREFIX.length() - keyRing.currentKeyId().length() - 1;
        return base64 / 4 * 3 - KeyRing.OVERHEAD;
    }

    /** @throws IllegalArgumentException when the document is longer than {@link #maxDocumentBytes()} */
    public String seal(String accountId, String document) {
        byte[] plaintext = document.getBytes(StandardCharsets.UTF_8);
        if (plaintext.length > maxDocumentBytes()) {
            throw new IllegalArgumentException("an authorization message of " + plaintext.length + " bytes, at most "
                    + maxDocumentBytes());
        }
        return PREFIX + keyRing.seal(plaintext, aad(accountId));
    }

    /** The document of a message sealed for this account; empty when it is not one (garbage, tampered, another's). */
    public Optional<String> open(String accountId, String message) {
        if (message == null || accountId == null || message.length() > MAX_MESSAGE_LENGTH
                || !message.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return keyRing.open(message.substring(PREFIX.length()), aad(accountId))
                    .map(b -> new String(b, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private String aad(String accountId) {
        return AAD_PREFIX + deploymentId + ":" + accountId;
    }
}
