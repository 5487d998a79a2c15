package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.provider.ResourceType;
import dev.converge.schema.Property;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A resource's {@code lifecycle:}: {@code preventDestroy}, and {@code ignoreChanges}, whose paths must
 * start with an input property of the resource's type (a computed one has no change to ignore).
 */
final class LifecycleSection {

    static final List<String> KEYS = List.of("preventDestroy", "ignoreChanges");

    private LifecycleSection() {
    }

    static Entry.Lifecycle read(YNode.YEntry l, ResourceType type, Diagnostics diagnostics) {
        if (l == null) return Entry.Lifecycle.DEFAULT;
        if (!(l.value() instanceof YNode.YMap map)) {
            diagnostics.error(l.value().location(), "lifecycle: expected a mapping (preventDestroy, ignoreChanges)");
            return Entry.Lifecycle.DEFAULT;
        }
        boolean prevent = false;
        List<String> ignore = new ArrayList<>();
        for (YNode.YEntry e : map.entries()) {
            switch (e.key()) {
                case "preventDestroy" -> {
                    if (e.value() instanceof YNode.YScalar s && s.value() instanceof Boolean b) prevent = b;
                    else diagnostics.error(e.value().location(), "lifecycle.preventDestroy: expected true or false");
                }
                case "ignoreChanges" -> {
                    List<YNode> items = e.value() instanceof YNode.YList list ? list.items() : List.of(e.value());
                    for (YNode item : items) ignoredPath(item, type, diagnostics).ifPresent(ignore::add);
                }
                default -> diagnostics.error(e.keyLocation(), "unknown key '" + e.key() + "' in lifecycle", Suggest.hint(e.key(), KEYS));
            }
        }
        return new Entry.Lifecycle(prevent, List.copyOf(ignore));
    }

    private static Optional<String> ignoredPath(YNode item, ResourceType type, Diagnostics diagnostics) {
        if (!(item instanceof YNode.YScalar s && s.value() instanceof String path)) {
            diagnostics.error(item.location(), "lifecycle.ignoreChanges: expected property paths such as tags or healthCheck.path");
            return Optional.empty();
        }
        String first = path.split("\\.", 2)[0];
        Optional<Property> p = type.schema().property(first);
        List<String> inputs = type.schema().properties().inputs().stream().map(Property::name).toList();
        if (p.isPresent() && p.get().computed()) {
            diagnostics.error(s.location(), "lifecycle.ignoreChanges: '" + first + "' is set by AWS, not by the stack, so there is no change to ignore",
                    "ignoreChanges lists input properties: " + String.join(", ", inputs));
            return Optional.empty();
        }
        if (p.isEmpty()) {
            diagnostics.error(s.location(), "lifecycle.ignoreChanges: " + type.name() + " has no property '" + first + "'",
                    Suggest.hint(first, inputs));
            return Optional.empty();
        }
        return Optional.of(path);
    }
}
