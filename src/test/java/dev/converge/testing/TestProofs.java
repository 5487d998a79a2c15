package dev.converge.testing;

import dev.converge.provider.Ownership;
import dev.converge.provider.OwnershipProof;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ownership tags with a proof, as the applier writes them in every create, for tests that call a
 * type's create directly. The nonce is derived from the request's token, so a rerun with the same
 * token carries the same proof (and is adopted), as after an interrupted apply.
 */
public final class TestProofs {

    private static final byte[] KEY = "converge-test-ownership-key-0001".getBytes(StandardCharsets.US_ASCII);

    private TestProofs() {
    }

    public static Map<String, String> withProof(Map<String, String> tags, String stack, String address, String token) {
        Map<String, String> out = new LinkedHashMap<>(tags);
        out.put(Ownership.PROOF_TAG, OwnershipProof.sign(KEY, stack, address, nonce(token)));
        return out;
    }

    private static String nonce(String token) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
