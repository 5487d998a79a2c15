package dev.converge.provider;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/** Every resource and data type Converge knows, by name. */
public final class TypeRegistry {

    private final Map<String, ResourceType> types = new TreeMap<>();
    private OwnershipKeys ownershipKeys = OwnershipKeys.NONE;

    public TypeRegistry register(ResourceType type) {
        if (types.put(type.name(), type) != null) throw new IllegalStateException("type registered twice: " + type.name());
        return this;
    }

    /** The provider's store of ownership keys, which refresh, apply, import and destroy use. */
    public TypeRegistry withOwnershipKeys(OwnershipKeys keys) {
        this.ownershipKeys = keys;
        return this;
    }

    public OwnershipKeys ownershipKeys() {
        return ownershipKeys;
    }

    public Optional<ResourceType> find(String name) {
        return Optional.ofNullable(types.get(name));
    }

    public Collection<ResourceType> all() {
        return types.values();
    }

    public Collection<String> managedNames() {
        return types.values().stream().filter(t -> t instanceof ManagedType).map(ResourceType::name).toList();
    }

    /**
     * Every wait the types declare, by name. Types that wait for the same thing (a Route 53 change)
     * declare the same {@link Wait}; two different waits under one name are a programming error.
     */
    public SortedMap<String, Wait> waits() {
        SortedMap<String, Wait> out = new TreeMap<>();
        for (ResourceType t : types.values()) {
            for (Wait w : t.waits()) {
                Wait before = out.putIfAbsent(w.name(), w);
                if (before != null && !before.equals(w)) throw new IllegalStateException("two waits named " + w.name());
            }
        }
        return out;
    }

    public Collection<String> dataNames() {
        return types.values().stream().filter(t -> t instanceof DataType).map(ResourceType::name).toList();
    }
}
