package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Location;
import dev.converge.provider.ResourceType;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One declared resource or data lookup, before {@code count} or {@code forEach} expansion.
 *
 * @param count   how many instances (null: not counted)
 * @param forEach one instance per key, in key order, each with its value (null: no forEach; never
 *                together with a count)
 * @param module  the module call that declares it, or null for the stack file's own
 */
public record Entry(String id, boolean data, ResourceType type, Location location, Location typeLocation,
                    Integer count, List<DependsOn> dependsOn, Lifecycle lifecycle, Map<String, Object> forEach, String module) {

    /** A resource or lookup of the stack file itself, without forEach. */
    public Entry(String id, boolean data, ResourceType type, Location location, Location typeLocation,
                 Integer count, List<DependsOn> dependsOn, Lifecycle lifecycle) {
        this(id, data, type, location, typeLocation, count, dependsOn, lifecycle, null, null);
    }

    public record DependsOn(String target, boolean data, Location location) {
    }

    /**
     * @param preventDestroy plans that delete or replace it fail
     * @param ignoreChanges  property paths (dotted, e.g. {@code tags.Owner}) whose differences are ignored
     */
    public record Lifecycle(boolean preventDestroy, List<String> ignoreChanges) {
        public static final Lifecycle DEFAULT = new Lifecycle(false, List.of());
    }

    /** {@code id}, or {@code module.CALL.id} for a module's: the key of the stack's entries. */
    public String qualifiedId() {
        return qualify(module, id);
    }

    static String qualify(String module, String id) {
        return module == null ? id : "module." + module + "." + id;
    }

    /** True if it has several instances, selected with {@code [INDEX]}, {@code ["KEY"]} or {@code [*]}. */
    public boolean expanded() {
        return count != null || forEach != null;
    }

    public Address address(Integer index) {
        return new Address(module, data, id, data ? null : index, null);
    }

    public Address address(String key) {
        return new Address(module, data, id, null, key);
    }

    /** Every instance's address: the counted ones by index, the forEach ones in key order. */
    public List<Address> addresses() {
        List<Address> out = new ArrayList<>();
        if (count != null) {
            for (int i = 0; i < count; i++) out.add(address(i));
        } else if (forEach != null) {
            for (String key : forEach.keySet()) out.add(address(key));
        } else {
            out.add(address((Integer) null));
        }
        return out;
    }
}
