package dev.converge.addr;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names one instance in a stack: {@code alb}, {@code web[1]} (count-expanded) or {@code data.vpc}.
 * The same text is the {@code converge:id} ownership tag and the state key.
 */
public record Address(boolean data, String name, Integer index) implements Comparable<Address> {

    private static final Pattern FORM = Pattern.compile("(data\\.)?([A-Za-z_][A-Za-z0-9_-]*)(?:\\[(\\d+)])?");

    public static Address resource(String name) {
        return new Address(false, name, null);
    }

    public static Address resource(String name, int index) {
        return new Address(false, name, index);
    }

    public static Address data(String name) {
        return new Address(true, name, null);
    }

    public static Address parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) throw new IllegalArgumentException("not an address: " + text);
        return new Address(m.group(1) != null, m.group(2), m.group(3) == null ? null : Integer.valueOf(m.group(3)));
    }

    public static boolean isValid(String text) {
        return FORM.matcher(text).matches();
    }

    /**
     * Mixed, unlike the record default (31 × name + index): counted addresses of similarly named
     * resources (r1[0..999], r2[0..999], ...) all but shared hash values then, so 100,000 of them had
     * only 10,246 distinct hashes, and an immutable map of them (which probes linearly) took 20 s.
     */
    @Override
    public int hashCode() {
        int h = name.hashCode() * 0x9E3779B1 + (index == null ? 0 : index + 1);
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        return data ? ~h : h;
    }

    @Override
    public String toString() {
        return (data ? "data." : "") + name + (index == null ? "" : "[" + index + "]");
    }

    @Override
    public int compareTo(Address o) {
        if (data != o.data) return data ? -1 : 1;
        int c = name.compareTo(o.name);
        if (c != 0) return c;
        return Integer.compare(index == null ? -1 : index, o.index == null ? -1 : o.index);
    }
}
