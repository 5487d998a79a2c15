package dev.converge.state;

import java.util.HashMap;
import java.util.Map;

/**
 * The compact JSON of the resources a run wrote to its journal, by address: the snapshot that ends
 * the run indents these bytes ({@link IndentedJson}) instead of encoding thousands of resources
 * again on the apply's path. An entry counts only for the very {@link ResourceState} it was encoded
 * from (states are immutable values; a resource set again is encoded again). Not thread-safe: its
 * store serializes access.
 */
final class ResourceFragments {

    private record Fragment(ResourceState resource, byte[] json) {
    }

    private final Map<String, Fragment> byAddress = new HashMap<>();

    /** The compact JSON of {@code resource} at {@code address}, if it is the one this holds; else null. */
    byte[] get(String address, ResourceState resource) {
        Fragment f = byAddress.get(address);
        return f != null && f.resource() == resource ? f.json() : null;
    }

    /** Keeps {@code json} as the compact JSON of {@code resource} at {@code address}. */
    void put(String address, ResourceState resource, byte[] json) {
        byAddress.put(address, new Fragment(resource, json));
    }

    void clear() {
        byAddress.clear();
    }
}
