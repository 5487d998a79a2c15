package dev.converge.state;

import dev.converge.crypto.Encryption;

/**
 * Turning encryption on needs no separate step: a state that was read in plain text while a key is
 * set is written back encrypted by the next command that holds the lock, with the same content at
 * the next serial (docs/security.md#migrating-existing-state).
 */
public final class PlaintextStateMigration {

    private PlaintextStateMigration() {
    }

    /**
     * Call with the lock held; returns the state as now stored. Written twice: the S3 backend backs
     * up by copying the previous object, so only a second write leaves no plaintext backup behind.
     */
    public static State encryptIfPlaintext(StateStore store, State state) {
        if (!Encryption.current().readAsPlaintext(store.describe())) return state;
        return store.write(store.write(state));
    }
}
