package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.graph.Dependency;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The properties of every entry, read once all entries are known: each {@code count} copy becomes an
 * {@link Instance} with checked values, and what it refers to or names in {@code dependsOn} becomes
 * its dependencies in the {@link StackGraph}.
 */
final class EntryProperties {

    private static final Pattern EXPRESSION_ID = Pattern.compile("^\\$\\{\\s*(resources\\.|data\\.)?([A-Za-z_][A-Za-z0-9_-]*).*}$");

    private final LoadContext load;
    private final EntryHeaders headers;
    private final StackGraph graph;
    private final Map<Address, Instance> instances = new TreeMap<>();

    EntryProperties(LoadContext load, EntryHeaders headers, StackGraph graph) {
        this.load = load;
        this.headers = headers;
        this.graph = graph;
    }

    Map<Address, Instance> instances() {
        return instances;
    }

    void read(Entry entry) {
        Map<String, Entry> entries = headers.entries();
        YNode.YMap decl = headers.declaration(entry.id());
        YNode.YEntry propsEntry = decl.get("properties");
        YNode props = propsEntry == null ? new YNode.YMap(List.of(), decl.location()) : propsEntry.value();
        // What is missing is reported at `properties:`, or at the resource's id if there is none.
        Location propertiesAt = propsEntry != null ? propsEntry.keyLocation() : entry.location();
        int n = entry.count() == null ? 1 : entry.count();
        for (int i = 0; i < n; i++) {
            Address address = entry.address(entry.count() == null ? null : i);
            graph.instance(address);
            // Each copy is checked, but only the first reports: one mistake, one message.
            Diagnostics sink = i == 0 ? load.diagnostics : Diagnostics.muted();
            ReferenceCheck references = new ReferenceCheck(entries, address, graph::dependency);
            ValueChecker checker = load.checker(entry.count() == null ? null : i, references::check, sink);
            Object value = checker.convert(props, entry.type().schema().properties(), "", propertiesAt);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            instances.put(address, new Instance(address, entry, map));
            for (Entry.DependsOn d : entry.dependsOn()) dependOn(address, d, sink);
        }
        if (n == 0) {
            // No instance, but the declaration is still checked.
            load.checker(0, ReferenceCheck.typesOnly(entries)::check, load.diagnostics)
                    .convert(props, entry.type().schema().properties(), "", propertiesAt);
        }
    }

    private void dependOn(Address owner, Entry.DependsOn d, Diagnostics sink) {
        Entry target = headers.entries().get(d.target());
        if (target == null || target.data() != d.data()) {
            sink.error(d.location(), "dependsOn: no " + (d.data() ? "data lookup" : "resource") + " '" + d.target() + "'",
                    dependsOnHint(d.target()));
            return;
        }
        int n = target.count() == null ? 1 : target.count();
        for (int i = 0; i < n; i++) {
            Address t = target.address(target.count() == null ? null : i);
            graph.dependency(new Dependency(t, owner, d.location(), "dependsOn " + d.target()));
        }
    }

    /** dependsOn takes ids; for "${resources.web.id}" the fix is "web". */
    private String dependsOnHint(String target) {
        Matcher m = EXPRESSION_ID.matcher(target);
        if (m.matches() && headers.entries().containsKey(m.group(2))) {
            return "dependsOn takes ids, not expressions: write " + (m.group(1) != null && m.group(1).startsWith("data") ? "data." : "") + m.group(2);
        }
        return Suggest.hint(target, headers.entries().keySet());
    }
}
