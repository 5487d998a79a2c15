package dev.converge.stack;

import dev.converge.diag.Location;
import dev.converge.schema.Unknown;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A module call's {@code inputs:}, the values of the module's variables. Each is evaluated where it
 * is written, in the calling file: it may use the caller's variables, resources, lookups and the
 * outputs of calls declared above. A value computed from resources stays a template; the module's
 * resources that use it then depend on what it refers to.
 */
final class ModuleInputs implements VariableSection.Supplied {

    private final YNode.YEntry call;
    private final Map<String, YNode.YEntry> inputs;
    private final LoadContext caller;
    private final Map<String, Entry> all;

    ModuleInputs(YNode.YEntry call, Map<String, YNode.YEntry> inputs, LoadContext caller, Map<String, Entry> all) {
        this.call = call;
        this.inputs = inputs;
        this.caller = caller;
        this.all = all;
    }

    @Override
    public Map<String, Object> collect() {
        ValueChecker checker = caller.checker(null, ReferenceCheck.typesOnly(all)::check, caller.diagnostics);
        Map<String, Object> out = new LinkedHashMap<>();
        inputs.forEach((name, e) -> {
            Object value = checker.plain(e.value());
            // A mistake in the value is reported in the calling file; the variable is then merely unknown.
            out.put(name, value == null ? Unknown.VALUE : value);
        });
        return out;
    }

    @Override
    public String origin(String name) {
        return "module " + call.key() + "'s inputs";
    }

    @Override
    public Optional<Location> nameLocation(String name) {
        return Optional.ofNullable(inputs.get(name)).map(YNode.YEntry::keyLocation);
    }

    @Override
    public Optional<Location> valueLocation(String name) {
        return Optional.ofNullable(inputs.get(name)).map(e -> e.value().location());
    }

    @Override
    public String missingHint(String name) {
        return "give it a value in the call's inputs: " + name + ": VALUE";
    }
}
