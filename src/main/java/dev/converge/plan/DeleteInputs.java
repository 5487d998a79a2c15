package dev.converge.plan;

import dev.converge.desired.Resolver;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.schema.Property;
import dev.converge.schema.Values;
import dev.converge.stack.Instance;
import dev.converge.state.ResourceState;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The resource a delete is given: as read, plus the {@link ManagedType#deleteInputs() properties its
 * delete decides by} taken from Converge's own records, never from the resource. Whoever may tag a
 * bucket must not be able to make a destroy empty it, so {@code forceDestroy} comes from the stack
 * file while the resource is declared in it (its current value: false when unset), else from the
 * state's last applied properties (also when the declared value is not known yet); with neither (a destroy from ownership proofs alone) it stays
 * unset, which the type treats as the safe default. The planner and the applier both build it here,
 * so the plan's words and the apply's action cannot disagree.
 */
public final class DeleteInputs {

    private DeleteInputs() {
    }

    /**
     * @param declared the resource's instance in the stack file, or null when the stack no longer has it
     * @param resolver resolves the declared expressions; a value still unknown is not used
     * @param recorded the state's record of the address, used only if it names this very resource
     */
    public static LiveResource of(ManagedType type, LiveResource live, Instance declared, Resolver resolver,
                                  ResourceState recorded) {
        if (type.deleteInputs().isEmpty()) return live;
        Map<String, Object> values = new LinkedHashMap<>(live.values());
        for (String name : type.deleteInputs()) {
            values.remove(name);
            Object value = declared != null ? declaredValue(type, declared, resolver, name) : null;
            if (value == null && recorded != null && recorded.id().equals(live.id())) {
                value = recorded.applied().get(name);
            }
            if (value != null) values.put(name, value);
        }
        return new LiveResource(live.id(), live.address(), values, live.proof());
    }

    private static Object declaredValue(ManagedType type, Instance declared, Resolver resolver, String name) {
        Object raw = declared.properties().get(name);
        if (raw == null) return type.schema().property(name).map(Property::defaultValue).orElse(null);
        Object value = resolver.resolveValue(raw);
        return Values.containsUnknown(value) ? null : value;
    }
}
