package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds where a resource's property is written in the stack file, for problems found after loading
 * (plan-time checks): {@code subjectAlternativeNames[1]} of {@code certificate} is the second item
 * under {@code resources: certificate: properties: subjectAlternativeNames:}. A value written as one
 * expression ({@code subnetIds: ${data.subnets.ids}}) is reported at that expression; a property
 * left to its default, at {@code properties:} or the resource's id.
 *
 * <p>The loaded {@link Stack} keeps values, not their places, so the file is read again: only when
 * something is reported, which is rare, and cheaper than carrying a place for every value.
 */
public final class PropertyLocator {

    /** Where the value is written, and its text there if it is a scalar (null otherwise). */
    public record Located(Location location, String written) {
    }

    private static final Pattern SEGMENT = Pattern.compile("([^.\\[\\]]+)|\\[(\\d+)]");

    private final Stack stack;
    private final Map<Path, Optional<YNode>> roots = new HashMap<>(); // each file read on first use

    public PropertyLocator(Stack stack) {
        this.stack = stack;
    }

    public Located locate(Address address, String propertyPath) {
        Entry entry = stack.entries().get(Entry.qualify(address.module(), address.name()));
        Location fallback = entry != null ? entry.location() : new Location(stack.file(), 0, 0);
        // A module's resource is declared in the module file.
        Path file = entry != null && entry.location().file() != null ? entry.location().file() : stack.file();
        YNode.YMap declaration = declaration(file, address);
        if (declaration == null) return new Located(fallback, null);
        YNode.YEntry properties = declaration.get("properties");
        if (properties == null) return new Located(fallback, null);
        Location at = properties.keyLocation();
        YNode node = properties.value();
        Matcher m = SEGMENT.matcher(propertyPath == null ? "" : propertyPath);
        while (m.find()) {
            YNode next = null;
            Location nextAt = null;
            if (m.group(1) != null && node instanceof YNode.YMap map && map.get(m.group(1)) != null) {
                YNode.YEntry e = map.get(m.group(1));
                next = e.value();
                // A mapping or list value is reported at its key; a scalar, at the value itself.
                nextAt = next instanceof YNode.YScalar ? next.location() : e.keyLocation();
            } else if (m.group(2) != null && node instanceof YNode.YList list) {
                int index = Integer.parseInt(m.group(2));
                if (index < list.items().size()) {
                    next = list.items().get(index);
                    nextAt = next.location();
                }
            }
            if (next == null) break; // an expression that produced the rest, or a default: report here
            node = next;
            at = nextAt;
        }
        return new Located(at, node instanceof YNode.YScalar s ? s.text() : null);
    }

    private YNode.YMap declaration(Path file, Address address) {
        Optional<YNode> root = roots.computeIfAbsent(file, PropertyLocator::read);
        if (root.isEmpty() || !(root.get() instanceof YNode.YMap top)) return null;
        YNode.YEntry section = top.get(address.data() ? "data" : "resources");
        if (section == null || !(section.value() instanceof YNode.YMap entries)) return null;
        YNode.YEntry declared = entries.get(address.name());
        return declared != null && declared.value() instanceof YNode.YMap m ? m : null;
    }

    private static Optional<YNode> read(Path file) {
        try {
            return new YamlReader(file, Diagnostics.muted()).read(Files.readAllBytes(file));
        } catch (IOException | RuntimeException e) {
            // The file changed or vanished since it was loaded: the resource's id is still a fair place.
            return Optional.empty();
        }
    }
}
