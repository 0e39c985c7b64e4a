package dev.opensts.app.iam;

/**
 * The port through which login profile passwords are hashed and checked: a memory-hard KDF (the adapter's
 * Argon2id). Both calls are slow by design and run on a worker thread, never on the event loop.
 */
public interface PasswordHasher {
    /** A new hash of the password, with its own random salt and the parameters it was made with. */
    String hash(String password);

    /** Whether the password is the one hashed into the encoded hash; false for anything unreadable. */
    boolean verify(String password, String encoded);
}
