package dev.converge.apply;

import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipKeys;
import dev.converge.provider.OwnershipProof;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adds the ownership proof to the tags of each create. The stack's key is fetched on the first
 * create of an apply and created then if the stack has none, so an apply that only updates or
 * deletes writes nothing new, and a plan never does.
 */
final class ProofSigner {

    private final OwnershipKeys keys;
    private final String stack;
    private byte[] key;

    ProofSigner(OwnershipKeys keys, String stack) {
        this.keys = keys;
        this.stack = stack;
    }

    /** {@code tags} plus {@code converge:proof} for {@code address} created with idempotency token {@code nonce}. */
    Map<String, String> withProof(Map<String, String> tags, String address, String nonce) {
        Map<String, String> out = new LinkedHashMap<>(tags);
        out.put(Ownership.PROOF_TAG, OwnershipProof.sign(key(), stack, address, nonce));
        return out;
    }

    private synchronized byte[] key() {
        if (key == null) key = keys.read(stack).orElseGet(() -> keys.create(stack));
        return key;
    }
}
