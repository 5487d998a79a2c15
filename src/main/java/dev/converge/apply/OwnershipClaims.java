package dev.converge.apply;

import dev.converge.addr.Address;
import dev.converge.desired.DesiredProperties;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipKeys;
import dev.converge.provider.OwnershipProof;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.Updatable;
import dev.converge.stack.Stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a stack's claim on a resource that exists: the ownership tags for an address and a proof
 * signed for it, in one tagging update (a Route 53 record's in its companion TXT record), creating the
 * stack's ownership key if it has none. How {@code converge import} takes a resource in and how a
 * {@code moved:} entry gives one a new address: from then on it is provably the stack's at that
 * address, even if the state is lost.
 */
public final class OwnershipClaims {

    private OwnershipClaims() {
    }

    /**
     * @param keepValidProof keep a proof that already verifies for {@code address} (import: signing anew would
     *                       turn copies of the old one, recognised by its nonce, into proofs of resources the
     *                       state does not remember); false for a move, whose old proof names the old address
     * @return the resource as read after the update
     */
    @SuppressWarnings("unchecked")
    public static LiveResource write(OwnershipKeys keys, Stack stack, Address address, ManagedType type, LiveResource found,
                                     ProviderContext context, boolean keepValidProof) {
        if (!(type instanceof Updatable u)) {
            throw new IllegalStateException(type.name() + " cannot change its tags in place; the planner refuses to claim it");
        }
        // A claim in tags is written with the user's tags; a companion record's by the update itself.
        boolean tagged = type.ownership().inTags();
        Map<String, Object> userTags = found.values().get("tags") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> current = new LinkedHashMap<>(found.values());
        Map<String, String> all = new LinkedHashMap<>(DesiredProperties.tags(stack, address, tagged ? Map.of("tags", userTags) : Map.of()));
        byte[] key = keys.read(stack.name()).orElseGet(() -> keys.create(stack.name()));
        if (!keepValidProof || !OwnershipProof.verifies(key, stack.name(), address.toString(), found.proof())) {
            all.put(Ownership.PROOF_TAG, OwnershipProof.sign(key, stack.name(), address.toString(),
                    UUID.randomUUID().toString().replace("-", "")));
        }
        return u.update(found, current, tagged ? Set.of("tags") : Set.of(), all, context);
    }
}
