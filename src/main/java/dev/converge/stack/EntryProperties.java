package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.graph.Dependency;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The properties of every entry, read once all entries are known: each {@code count} copy or
 * {@code forEach} key becomes an {@link Instance} with checked values, and what it refers to or
 * names in {@code dependsOn} becomes its dependencies in the {@link StackGraph}. One reader per file:
 * the stack file's, and one for each module call, all adding to the same instances and graph.
 */
final class EntryProperties {

    private static final Pattern EXPRESSION_ID = Pattern.compile("^\\$\\{\\s*(resources\\.|data\\.)?([A-Za-z_][A-Za-z0-9_-]*).*}$");

    private final LoadContext load;
    private final EntryHeaders headers;
    private final StackGraph graph;
    private final Map<Address, Instance> instances;
    private final Map<String, Entry> all;

    /**
     * @param instances where each instance read is put
     * @param all       every entry a reference may reach, by qualified id: the stack file's, and each
     *                  module call's (reached through their outputs, or by a module's own references)
     */
    EntryProperties(LoadContext load, EntryHeaders headers, StackGraph graph, Map<Address, Instance> instances,
                    Map<String, Entry> all) {
        this.load = load;
        this.headers = headers;
        this.graph = graph;
        this.instances = instances;
        this.all = all;
    }

    Map<Address, Instance> instances() {
        return instances;
    }

    void read(Entry entry) {
        Map<String, Entry> entries = all;
        YNode.YMap decl = headers.declaration(entry.id());
        YNode.YEntry propsEntry = decl.get("properties");
        YNode props = propsEntry == null ? new YNode.YMap(List.of(), decl.location()) : propsEntry.value();
        // What is missing is reported at `properties:`, or at the resource's id if there is none.
        Location propertiesAt = propsEntry != null ? propsEntry.keyLocation() : entry.location();
        List<Address> addresses = entry.addresses();
        for (int i = 0; i < addresses.size(); i++) {
            Address address = addresses.get(i);
            graph.instance(address);
            // Each copy is checked, but only the first reports: one mistake, one message.
            Diagnostics sink = i == 0 ? load.diagnostics : Diagnostics.muted();
            ReferenceCheck references = new ReferenceCheck(entries, address, graph::dependency);
            StaticScope.Each each = address.key() == null ? null : new StaticScope.Each(address.key(), entry.forEach().get(address.key()));
            ValueChecker checker = load.checker(address.index(), each, references::check, sink);
            Object value = checker.convert(props, entry.type().schema().properties(), "", propertiesAt);
            @SuppressWarnings("unchecked")
            Map<String, Object> map = value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            instances.put(address, new Instance(address, entry, map));
            for (Entry.DependsOn d : entry.dependsOn()) dependOn(address, d, sink);
        }
        if (addresses.isEmpty()) {
            // No instance, but the declaration is still checked.
            StaticScope.Each none = entry.forEach() == null ? null : new StaticScope.Each(null, null);
            load.checker(entry.count() == null ? null : 0, none, ReferenceCheck.typesOnly(entries)::check, load.diagnostics)
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
        for (Address t : target.addresses()) {
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
