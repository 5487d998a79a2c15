package dev.converge.provider;

import dev.converge.testing.fake.InMemoryOwnershipKeys;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OwnershipProofTest {

    static final byte[] KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    static final String NONCE = "5f1e0c9a8b7d4e3f2a1b0c9d8e7f6a5b";
    /** What AWS accepts in a tag value. */
    static final Pattern TAG_VALUE = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}");

    @Test
    void theMacIsHmacSha256OfTheVersionedStackAddressAndNonce() throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        String expected = Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal(("converge-ownership-v1\nelb-https\nweb[0]\n" + NONCE).getBytes(StandardCharsets.UTF_8)));
        assertEquals(NONCE + "." + expected, OwnershipProof.sign(KEY, "elb-https", "web[0]", NONCE));
    }

    @Test
    void aProofIsAValidTagValue() {
        String proof = OwnershipProof.sign(KEY, "elb-https", "web[0]", NONCE);
        assertEquals(76, proof.length());
        assertTrue(TAG_VALUE.matcher(proof).matches(), proof);
    }

    @Test
    void verifiesOnlyForItsKeyStackAddressAndNonce() {
        String proof = OwnershipProof.sign(KEY, "elb-https", "web[0]", NONCE);
        assertTrue(OwnershipProof.verifies(KEY, "elb-https", "web[0]", proof));
        assertFalse(OwnershipProof.verifies(KEY, "elb-https", "web[1]", proof), "another address");
        assertFalse(OwnershipProof.verifies(KEY, "other", "web[0]", proof), "another stack");
        assertFalse(OwnershipProof.verifies(new byte[32], "elb-https", "web[0]", proof), "another key");
        String otherNonce = "aaaaaaaaaaaaaaaa" + proof.substring(16);
        assertFalse(OwnershipProof.verifies(KEY, "elb-https", "web[0]", otherNonce), "the nonce is signed too");
        assertFalse(OwnershipProof.verifies(KEY, "elb-https", "web[0]", proof.substring(0, proof.length() - 1)), "truncated");
        assertFalse(OwnershipProof.verifies(KEY, "elb-https", "web[0]", null));
        assertFalse(OwnershipProof.verifies(KEY, "elb-https", "web[0]", "garbage"));
        assertFalse(OwnershipProof.verifies(null, "elb-https", "web[0]", proof), "no key, no proof");
    }

    @Test
    void theNonceIsReadFromWellFormedProofsOnly() {
        assertEquals(Optional.of(NONCE), OwnershipProof.nonce(OwnershipProof.sign(KEY, "s", "a", NONCE)));
        assertEquals(Optional.empty(), OwnershipProof.nonce("no-dot-here"));
        assertEquals(Optional.empty(), OwnershipProof.nonce("bad nonce!.mac"));
        assertEquals(Optional.empty(), OwnershipProof.nonce(null));
        assertThrows(IllegalArgumentException.class, () -> OwnershipProof.sign(KEY, "s", "a", "x.y"));
    }

    @Test
    void theInMemoryKeyStoreCreatesOnceReadsAndDeletes() {
        InMemoryOwnershipKeys keys = new InMemoryOwnershipKeys();
        assertTrue(keys.read("s").isEmpty());
        byte[] first = keys.create("s");
        assertEquals(32, first.length);
        assertArrayEquals(first, keys.create("s"), "a second create returns the key in force, never a new one");
        assertArrayEquals(first, keys.read("s").orElseThrow());
        assertTrue(keys.read("other").isEmpty(), "one key per stack");
        keys.delete("s");
        assertTrue(keys.read("s").isEmpty());
        keys.delete("s"); // nothing to delete is success
        assertFalse(java.util.Arrays.equals(first, keys.create("s")), "a new key after a delete");
    }

    @Test
    void adoptionOnCreateNeedsTheCreatesOwnProof() {
        String proof = OwnershipProof.sign(KEY, "s", "web[0]", NONCE);
        var request = new ManagedType.CreateRequest("s", "web[0]", java.util.Map.of(),
                java.util.Map.of(Ownership.STACK_TAG, "s", Ownership.ID_TAG, "web[0]", Ownership.PROOF_TAG, proof), NONCE);
        assertTrue(Ownership.isOwnCopy(request.tags(), request));
        assertFalse(Ownership.isOwnCopy(java.util.Map.of(Ownership.STACK_TAG, "s", Ownership.ID_TAG, "web[0]"), request),
                "tags anybody can write are not enough");
        assertFalse(Ownership.isOwnCopy(java.util.Map.of(Ownership.STACK_TAG, "s", Ownership.ID_TAG, "web[0]",
                Ownership.PROOF_TAG, OwnershipProof.sign(KEY, "s", "web[0]", "ffffffffffffffffffffffffffffffff")), request),
                "another create's proof");
    }
}
