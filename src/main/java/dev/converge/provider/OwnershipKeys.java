package dev.converge.provider;

import java.util.Optional;

/**
 * Where each stack's ownership key lives (32 random bytes that sign {@link OwnershipProof proofs}).
 * It is kept in the target account, next to the resources it vouches for, so that whoever may read
 * it is decided by the account's own access policy, not by who can tag.
 */
public interface OwnershipKeys {

    /** The stack's key, or empty if it has none yet. Never writes. */
    Optional<byte[]> read(String stack);

    /**
     * Creates the stack's key if it has none and returns the key in force: if another run created
     * one meanwhile, that one (never overwritten, or proofs already written would stop verifying).
     */
    byte[] create(String stack);

    /** Deletes the stack's key; nothing to delete is success. */
    void delete(String stack);

    /** Where the key of {@code stack} is kept, for messages and docs. */
    String describe(String stack);

    /** For registries without a key store (schema-only use): nothing can be proven, and nothing created. */
    OwnershipKeys NONE = new OwnershipKeys() {
        @Override
        public Optional<byte[]> read(String stack) {
            return Optional.empty();
        }

        @Override
        public byte[] create(String stack) {
            throw new IllegalStateException("no ownership key store is configured for this registry");
        }

        @Override
        public void delete(String stack) {
        }

        @Override
        public String describe(String stack) {
            return "nowhere";
        }
    };
}
