package dev.converge.provider.aws.route53;

import dev.converge.provider.Ownership;

import java.util.Locale;
import java.util.Optional;

/**
 * Ownership of a Route 53 record. Record sets cannot carry tags, so each record Converge manages
 * has a companion TXT record {@code _converge-<type>.<name>} whose text names the stack and the
 * address, and the proof of that claim ({@code converge:stack=elb-https converge:id=dns
 * converge:proof=<nonce>.<mac>}, see {@link dev.converge.provider.OwnershipProof}). Both are
 * written in one change batch, which Route 53 applies atomically: a record never exists without
 * its claim and proof. The type is
 * part of the companion's name because one name can hold an A and an AAAA record owned separately.
 *
 * @param stack   the owning stack
 * @param address the address of the record in that stack
 * @param proof   the ownership proof written when the record was created, or null (older claims)
 */
public record OwnershipRecord(String stack, String address, String proof) {

    public OwnershipRecord(String stack, String address) {
        this(stack, address, null);
    }

    static final String NAME_PREFIX = "_converge-";
    private static final String STACK_KEY = "converge:stack=";
    private static final String ID_KEY = "converge:id=";
    private static final String PROOF_KEY = "converge:proof=";

    /** The companion's name for a record of {@code type} at {@code name} (normalized). */
    public static String companionName(String name, String type) {
        return NAME_PREFIX + type.toLowerCase(Locale.ROOT) + "." + DnsNames.normalize(name);
    }

    /** The record a companion TXT name speaks for, or empty if the name is not a companion's. */
    public static Optional<RecordKey> claimedBy(String zoneId, String companionName) {
        String n = DnsNames.normalize(companionName);
        if (!n.startsWith(NAME_PREFIX)) return Optional.empty();
        int dot = n.indexOf('.');
        if (dot < 0 || dot == n.length() - 1) return Optional.empty();
        String type = n.substring(NAME_PREFIX.length(), dot).toUpperCase(Locale.ROOT);
        if (type.isEmpty()) return Optional.empty();
        return Optional.of(new RecordKey(zoneId, n.substring(dot + 1), type));
    }

    /** The companion's text (plain; {@link TxtValues} quotes it for Route 53). */
    public String text() {
        return STACK_KEY + stack + " " + ID_KEY + (address == null ? "" : Ownership.idTag(address)) + (proof == null ? "" : " " + PROOF_KEY + proof);
    }

    /** Reads a companion's text; empty if it is not a Converge claim. */
    public static Optional<OwnershipRecord> parse(String text) {
        String stack = null;
        String address = null;
        String proof = null;
        for (String part : text.trim().split("\\s+")) {
            if (part.startsWith(STACK_KEY)) stack = part.substring(STACK_KEY.length());
            else if (part.startsWith(ID_KEY)) address = Ownership.address(part.substring(ID_KEY.length()));
            else if (part.startsWith(PROOF_KEY)) proof = part.substring(PROOF_KEY.length());
        }
        if (stack == null || stack.isEmpty()) return Optional.empty();
        return Optional.of(new OwnershipRecord(stack, address == null || address.isEmpty() ? null : address,
                proof == null || proof.isEmpty() ? null : proof));
    }

    /** The same claim with another proof (an import writes a fresh one). */
    public OwnershipRecord withProof(String value) {
        return new OwnershipRecord(stack, address, value);
    }

    /** For messages: "stack elb-https (dns)". */
    public String describe() {
        return "stack " + stack + (address == null ? "" : " (" + address + ")");
    }
}
