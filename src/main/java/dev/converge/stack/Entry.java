package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Location;
import dev.converge.provider.ResourceType;

import java.util.List;

/**
 * One declared resource or data lookup, before count expansion.
 *
 * @param count  how many instances (null: not counted, a single instance with no index)
 */
public record Entry(String id, boolean data, ResourceType type, Location location, Location typeLocation,
                    Integer count, List<DependsOn> dependsOn, Lifecycle lifecycle) {

    public record DependsOn(String target, boolean data, Location location) {
    }

    /**
     * @param preventDestroy plans that delete or replace it fail
     * @param ignoreChanges  property paths (dotted, e.g. {@code tags.Owner}) whose differences are ignored
     */
    public record Lifecycle(boolean preventDestroy, List<String> ignoreChanges) {
        public static final Lifecycle DEFAULT = new Lifecycle(false, List.of());
    }

    public Address address(Integer index) {
        return data ? Address.data(id) : new Address(false, id, index);
    }
}
