package dev.converge.provider;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The proof that a resource was created by a stack: {@code nonce.mac}, written with the ownership
 * tags in the create call. The nonce is the create's idempotency token (recorded as pending in the
 * state before the call); the mac is HMAC-SHA256 over the stack, the address and the nonce with
 * the stack's ownership key ({@link OwnershipKeys}), base64url without padding (43 characters).
 * Anybody can copy a proof from one resource to another, but nobody without the key can make one
 * for another address or another nonce: a copy is recognised by its nonce.
 *
 * <p>The whole value (76 characters for a 32-character token) fits AWS's tag value rules: at most
 * 256 characters of letters, digits and {@code + - = . _ : / @}.
 */
public final class OwnershipProof {

    /** Bumped if what is signed ever changes, so an old proof cannot be read as a new one. */
    private static final String DOMAIN = "converge-ownership-v1";
    /** Idempotency tokens are hex (a UUID without dashes); anything else is not a proof we wrote. */
    private static final Pattern NONCE = Pattern.compile("[A-Za-z0-9]{8,64}");

    private OwnershipProof() {
    }

    /** The proof for {@code address} of {@code stack} created with idempotency token {@code nonce}. */
    public static String sign(byte[] key, String stack, String address, String nonce) {
        if (!NONCE.matcher(nonce).matches()) throw new IllegalArgumentException("not a usable nonce: " + nonce);
        return nonce + "." + mac(key, stack, address, nonce);
    }

    /** True if {@code proof} was made with {@code key} for exactly this stack and address. */
    public static boolean verifies(byte[] key, String stack, String address, String proof) {
        Optional<String> nonce = nonce(proof);
        if (nonce.isEmpty() || key == null || address == null) return false;
        byte[] expected = sign(key, stack, address, nonce.get()).getBytes(StandardCharsets.US_ASCII);
        // Constant time: the comparison must not tell a forger how much of a guess was right.
        return MessageDigest.isEqual(expected, proof.getBytes(StandardCharsets.US_ASCII));
    }

    /** The nonce of a well-formed proof (whether or not it verifies), else empty. */
    public static Optional<String> nonce(String proof) {
        if (proof == null) return Optional.empty();
        int dot = proof.indexOf('.');
        if (dot < 0) return Optional.empty();
        String nonce = proof.substring(0, dot);
        return NONCE.matcher(nonce).matches() ? Optional.of(nonce) : Optional.empty();
    }

    private static String mac(byte[] key, String stack, String address, String nonce) {
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] mac = hmac.doFinal((DOMAIN + "\n" + stack + "\n" + address + "\n" + nonce).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
    }
}
