package dev.converge.addr;

import java.util.Objects;
import java.util.Optional;

/**
 * Names one instance in a stack: {@code alb}, {@code web[1]} (count), {@code web["a"]} (forEach),
 * {@code data.vpc}, and the same inside a module call: {@code module.site.web["a"]},
 * {@code module.site.data.zone}. {@link #toString()} is the state key and what plans, errors and
 * the command line show; {@link #tag()} is the same address in the characters every AWS tagging API
 * accepts, written into the {@code converge:id} ownership tag (see {@link AddressTag}).
 *
 * @param module the module call the instance belongs to, or null for the stack's own
 * @param index  the {@code count} index, or null
 * @param key    the {@code forEach} key, or null (never both an index and a key)
 */
public record Address(String module, boolean data, String name, Integer index, String key) implements Comparable<Address> {

    /** AWS's limit on a tag value: an address whose {@link #tag()} is longer cannot be owned. */
    public static final int MAX_TAG_LENGTH = AddressTag.MAX_LENGTH;

    public Address {
        Objects.requireNonNull(name, "name");
        if (index != null && key != null) throw new IllegalArgumentException("an address has an index or a key, not both");
    }

    /** The stack's own resource (or lookup), with an index or not: the form before forEach and modules. */
    public Address(boolean data, String name, Integer index) {
        this(null, data, name, index, null);
    }

    public static Address resource(String name) {
        return new Address(false, name, null);
    }

    public static Address resource(String name, int index) {
        return new Address(false, name, index);
    }

    public static Address resource(String name, String key) {
        return new Address(null, false, name, null, key);
    }

    public static Address data(String name) {
        return new Address(true, name, null);
    }

    /** The same instance inside the module call {@code call}. */
    public Address inModule(String call) {
        return new Address(call, data, name, index, key);
    }

    /** Parses the form {@link #toString()} writes; throws IllegalArgumentException for anything else. */
    public static Address parse(String text) {
        return AddressSyntax.parse(text).orElseThrow(() -> new IllegalArgumentException("not an address: " + text));
    }

    public static boolean isValid(String text) {
        return AddressSyntax.parse(text).isPresent();
    }

    /** The value of the {@code converge:id} tag for this address. */
    public String tag() {
        return AddressTag.encode(this);
    }

    /**
     * The address a {@code converge:id} tag names: the tag form, or the form written before it
     * ({@code web[0]}, kept by resources created by earlier versions). Empty for anything else.
     */
    public static Optional<Address> fromTag(String value) {
        if (value == null) return Optional.empty();
        Optional<Address> tagged = AddressTag.decode(value);
        return tagged.isPresent() ? tagged : AddressSyntax.parse(value);
    }

    /**
     * Mixed, unlike the record default (31 × name + index): counted addresses of similarly named
     * resources (r1[0..999], r2[0..999], ...) all but shared hash values then, so 100,000 of them had
     * only 10,246 distinct hashes, and an immutable map of them (which probes linearly) took 20 s.
     */
    @Override
    public int hashCode() {
        int h = name.hashCode() * 0x9E3779B1 + (index == null ? 0 : index + 1);
        if (key != null) h = h * 31 + key.hashCode();
        if (module != null) h = h * 0x27D4EB2F + module.hashCode();
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return data ? ~h : h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        if (module != null) sb.append("module.").append(module).append('.');
        if (data) sb.append("data.");
        sb.append(name);
        if (index != null) sb.append('[').append(index).append(']');
        if (key != null) sb.append('[').append(AddressSyntax.quote(key)).append(']');
        return sb.toString();
    }

    /**
     * The stack's own before a module's (by call name), lookups before resources, then by name, index
     * and key. Written out rather than composed from comparators: a load sorts every instance, and
     * 100,000 counted ones make millions of comparisons.
     */
    @Override
    public int compareTo(Address o) {
        int c = compareNullsFirst(module, o.module);
        if (c != 0) return c;
        if (data != o.data) return data ? -1 : 1;
        c = name.compareTo(o.name);
        if (c != 0) return c;
        c = Integer.compare(index == null ? -1 : index, o.index == null ? -1 : o.index);
        return c != 0 ? c : compareNullsFirst(key, o.key);
    }

    private static int compareNullsFirst(String a, String b) {
        if (a == null) return b == null ? 0 : -1;
        return b == null ? 1 : a.compareTo(b);
    }
}
