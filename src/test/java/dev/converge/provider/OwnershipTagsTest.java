package dev.converge.provider;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The address in the ownership tags: in a form every service accepts, and read back from either form. */
class OwnershipTagsTest {

    /** ELBv2's (and ACM's, SSM's) rule for a tag value. */
    private static final Pattern ELBV2_TAG_VALUE = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}$");
    private static final byte[] KEY = new byte[32];
    private static final String NONCE = "0123456789abcdef0123456789abcdef";

    @Test
    void everyOwnershipTagOfCountedForEachAndModuleAddressesIsAValidElbv2TagValue() {
        for (String address : List.of("alb", "web[0]", "web[\"a\"]", "web[\"with space/and+plus\"]", "module.site.alb",
                "module.site.tg[\"blue\"]")) {
            Map<String, String> tags = Ownership.tags("shop", address, Map.of(), Map.of());
            tags.put(Ownership.PROOF_TAG, OwnershipProof.sign(KEY, "shop", address, NONCE));
            tags.values().forEach(v -> assertTrue(ELBV2_TAG_VALUE.matcher(v).matches(), address + ": " + v));
            assertEquals(address, Ownership.address(tags.get(Ownership.ID_TAG)), "read back as the same address");
        }
        // What earlier versions wrote for a counted address, which ELBv2 refuses.
        assertFalse(ELBV2_TAG_VALUE.matcher("web[0]").matches());
    }

    @Test
    void aResourceTaggedByAnEarlierVersionIsStillThisCreatesOwnCopy() {
        String proof = OwnershipProof.sign(KEY, "s", "web[0]", NONCE);
        var request = new ManagedType.CreateRequest("s", "web[0]", Map.of(), Ownership.tags("s", "web[0]", Map.of(), Map.of()), NONCE);
        Map<String, String> withProof = new java.util.HashMap<>(request.tags());
        withProof.put(Ownership.PROOF_TAG, proof);
        request = new ManagedType.CreateRequest("s", "web[0]", Map.of(), withProof, NONCE);
        assertEquals("web:0", request.tags().get(Ownership.ID_TAG));
        assertTrue(Ownership.isOwnCopy(Map.of(Ownership.STACK_TAG, "s", Ownership.ID_TAG, "web:0", Ownership.PROOF_TAG, proof), request));
        assertTrue(Ownership.isOwnCopy(Map.of(Ownership.STACK_TAG, "s", Ownership.ID_TAG, "web[0]", Ownership.PROOF_TAG, proof), request));
        assertFalse(Ownership.isOwnCopy(Map.of(Ownership.STACK_TAG, "s", Ownership.ID_TAG, "web:1", Ownership.PROOF_TAG, proof), request));
        assertEquals("not an address", Ownership.address("not an address"), "a value naming no address is passed on as it is");
    }
}
