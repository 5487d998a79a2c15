package dev.converge.provider;

import dev.converge.addr.Address;

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
        out.put(ID_TAG, idTag(address));
        return out;
    }

    /**
     * The {@code converge:id} value for an address ({@code web["a"]} → {@code web/a}): the one place an
     * address becomes a tag, in the characters every tagging API accepts (see {@link Address#tag()}).
     */
    public static String idTag(String address) {
        return Address.parse(address).tag();
    }

    /**
     * The address (written form) a {@code converge:id} value names, in the tag form or the one earlier
     * versions wrote; the value itself if it names none (a claim nobody can own: refresh ignores it).
     */
    public static String address(String idTag) {
        return idTag == null ? null : Address.fromTag(idTag).map(Address::toString).orElse(idTag);
    }

    /**
     * True if a resource found where a create was about to make one (same unique name) is the
     * one this very create made on an earlier, interrupted attempt: same stack, same address and
     * the same proof, which holds the create's idempotency token. Tags alone are not enough:
     * anybody allowed to tag can copy them, and adopting such a resource would later delete it.
     */
    public static boolean isOwnCopy(Map<String, String> tags, ManagedType.CreateRequest request) {
        String proof = request.tags().get(PROOF_TAG);
        return proof != null && request.stack().equals(tags.get(STACK_TAG)) && Address.fromTag(tags.get(ID_TAG)).equals(Address.fromTag(request.address()))
                && proof.equals(tags.get(PROOF_TAG));
    }
}
