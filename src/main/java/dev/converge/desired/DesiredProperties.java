package dev.converge.desired;

import dev.converge.addr.Address;
import dev.converge.provider.Ownership;
import dev.converge.provider.ResourceType;
import dev.converge.schema.MapType;
import dev.converge.schema.Property;
import dev.converge.stack.Stack;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A resource's properties as they go to the provider, and the tags of its create call. The plan
 * compares these with what refresh read and the apply sends them: both must compute them the same
 * way, or the plan would promise something other than what apply writes.
 */
public final class DesiredProperties {

    private DesiredProperties() {
    }

    /** The resolved properties with AWS's defaults applied and the stack's default tags merged under the resource's own. */
    public static Map<String, Object> of(Stack stack, ResourceType type, Map<String, Object> resolved) {
        Map<String, Object> withTags = new LinkedHashMap<>(resolved);
        Property tags = type.schema().property("tags").orElse(null);
        if (tags != null && tags.type() instanceof MapType) {
            Map<String, Object> merged = new TreeMap<>(stack.defaultTags());
            if (resolved.get("tags") instanceof Map<?, ?> user) user.forEach((k, v) -> merged.put(String.valueOf(k), v));
            withTags.put("tags", merged);
        }
        return type.normalize(Defaults.apply(type.schema().properties(), withTags));
    }

    /** The full tag set of the create call: user and default tags plus ownership. */
    @SuppressWarnings("unchecked")
    public static Map<String, String> tags(Stack stack, Address address, Map<String, Object> desired) {
        Map<String, String> user = new TreeMap<>();
        if (desired.get("tags") instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, v) -> user.put(k, String.valueOf(v)));
        return Ownership.tags(stack.name(), address.toString(), Map.of(), user);
    }
}
