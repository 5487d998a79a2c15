package dev.converge.provider;

import java.util.Set;

/**
 * The attributes of a lookup that its stack refers to anywhere (resources, other lookups, outputs,
 * checks): a lookup may leave out an attribute that costs a call of its own when nothing uses it.
 *
 * @param all   some reference takes the lookup whole ({@code ${data.zone}}), or the caller does not know
 * @param names the attributes referred to by name, when not {@code all}
 */
public record UsedAttributes(boolean all, Set<String> names) {

    /** Every attribute: what a caller that cannot tell gives. */
    public static final UsedAttributes ALL = new UsedAttributes(true, Set.of());

    public UsedAttributes {
        names = Set.copyOf(names);
    }

    public boolean contains(String attribute) {
        return all || names.contains(attribute);
    }
}
