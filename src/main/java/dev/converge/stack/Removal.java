package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Location;

/**
 * A {@code removed:} entry: the stack no longer declares {@code from}, and the resource (every
 * instance of it, for a name without an index or key) is to be forgotten, not deleted: the plan drops
 * Converge's claim on it in AWS (its {@code converge:*} tags, or a record's companion TXT record), then
 * its state entry, and retires its proof, so it stays in AWS as something no stack owns.
 *
 * @param reason   why, as the user wrote it (shown in the plan), or null
 * @param location where the entry is, for messages
 */
public record Removal(Address from, String reason, Location location) {

    /** True if this entry names {@code address}: the same instance, or an instance of the same resource. */
    public boolean covers(Address address) {
        if (address.data()) return false;
        if (from.index() != null || from.key() != null) return from.equals(address);
        return java.util.Objects.equals(from.module(), address.module()) && from.name().equals(address.name());
    }

    /** True for a whole resource ({@code web}), which covers each of its instances. */
    public boolean whole() {
        return from.index() == null && from.key() == null;
    }
}
