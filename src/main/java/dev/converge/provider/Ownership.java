package dev.converge.provider;

import java.util.LinkedHashMap;
import java.util.Map;

/** The tags that mark a resource as owned by a stack, written in the create call itself. */
public final class Ownership {

    public static final String STACK_TAG = "converge:stack";
    public static final String ID_TAG = "converge:id";
    /** {@code nonce.mac}, see {@link OwnershipProof}: what makes the other two tags worth believing. */
    public static final String PROOF_TAG = "converge:proof";

    private Ownership() {
    }

    /** User tags, stack-wide default tags, then ownership (which the user cannot override). */
    public static Map<String, String> tags(String stack, String address, Map<String, String> defaultTags,
                                           Map<String, String> userTags) {
        Map<String, String> out = new LinkedHashMap<>();
        if (defaultTags != null) out.putAll(defaultTags);
        if (userTags != null) out.putAll(userTags);
        out.put(STACK_TAG, stack);
        out.put(ID_TAG, address);
        return out;
    }

    /**
     * True if a resource found where a create was about to make one (same unique name) is the
     * one this very create made on an earlier, interrupted attempt: same stack, same address and
     * the same proof, which holds the create's idempotency token. Tags alone are not enough:
     * anybody allowed to tag can copy them, and adopting such a resource would later delete it.
     */
    public static boolean isOwnCopy(Map<String, String> tags, ManagedType.CreateRequest request) {
        String proof = request.tags().get(PROOF_TAG);
        return proof != null && request.stack().equals(tags.get(STACK_TAG)) && request.address().equals(tags.get(ID_TAG))
                && proof.equals(tags.get(PROOF_TAG));
    }
}
