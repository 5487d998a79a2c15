package dev.converge.stack;

import dev.converge.diag.Location;
import dev.converge.secrets.SensitiveStrings;

import dev.converge.diag.Diagnostics;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The {@code variables:} section and the values given from outside (var files, {@code --var}, the
 * environment): each declaration, its value, and every value given for a variable the stack does not
 * declare. Keeps what the scope needs while later sections are read: the values, and which names are
 * declared (a failed one is not also "unknown") or not read yet (a default cannot use them).
 */
final class VariableSection {

    /** Where values come from: outside the stack (var files, --var, the environment) or a module call's inputs. */
    interface Supplied {
        Map<String, Object> collect();

        /** What gave the value, for messages ("--var size", "module site's inputs"). */
        String origin(String name);

        Optional<Location> nameLocation(String name);

        Optional<Location> valueLocation(String name);

        /** How to give a required variable its value. */
        String missingHint(String name);
    }

    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]{0,127}$");

    private final LoadContext load;
    private final Function<Diagnostics, Supplied> inputs;
    private final Map<String, Variable> declarations = new LinkedHashMap<>();
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Set<String> declared = new HashSet<>();
    private final Set<String> pending = new HashSet<>();

    VariableSection(LoadContext load, Function<Diagnostics, Supplied> inputs) {
        this.load = load;
        this.inputs = inputs;
    }

    /** Declared variables with a valid declaration. */
    Map<String, Variable> declarations() {
        return declarations;
    }

    /** The value of each variable that has a valid one; live, as the scope reads it while loading. */
    Map<String, Object> values() {
        return values;
    }

    /** Every name declared under variables:, read already, valid or not. */
    Set<String> declared() {
        return declared;
    }

    /** While variables are read: the names not read yet, including the one being read. */
    Set<String> pending() {
        return pending;
    }

    void read(YNode.YEntry section) {
        Supplied sources = inputs.apply(load.diagnostics);
        Map<String, Object> supplied = sources.collect();
        if (section != null) {
            if (!(section.value() instanceof YNode.YMap map)) {
                load.diagnostics.error(section.value().location(), "variables: expected a mapping of name → declaration");
            } else {
                for (YNode.YEntry e : map.entries()) pending.add(e.key());
                for (YNode.YEntry e : map.entries()) {
                    variable(e, supplied, sources);
                    pending.remove(e.key());
                    // After, not before: a default that refers to its own variable stays an error.
                    declared.add(e.key());
                }
            }
        }
        for (String name : supplied.keySet()) {
            if (!declared.contains(name)) {
                // In a var file: at the name there. From --var or the environment: at variables:.
                Location at = sources.nameLocation(name).orElse(new Location(load.file, section == null ? 1 : section.keyLocation().line(),
                        section == null ? 1 : section.keyLocation().column()));
                load.diagnostics.error(at, "a value was given for variable '" + name + "' (by " + sources.origin(name)
                                + "), which the " + (load.namespace.isModule() ? "module" : "stack") + " does not declare", Suggest.hint(name, declared));
            }
        }
    }

    private void variable(YNode.YEntry e, Map<String, Object> supplied, Supplied sources) {
        if (!NAME.matcher(e.key()).matches()) {
            load.diagnostics.error(e.keyLocation(), "variable name '" + e.key() + "' must be letters, digits, _ and -");
            return;
        }
        Variable v = new VariableDeclarations(load.diagnostics, load.variablesOnly()).declare(e);
        if (v == null) return;
        declarations.put(v.name(), v);
        Object value;
        Location at;
        // A value from outside is reported where it is written (in a var file) or else at the
        // declaration, naming where it came from.
        String what = "variable " + v.name();
        if (supplied.containsKey(v.name())) {
            value = supplied.get(v.name());
            at = sources.valueLocation(v.name()).orElse(v.location());
            what += " (value from " + sources.origin(v.name()) + ")";
        } else if (v.hasDefault()) {
            value = v.defaultValue();
            at = v.location();
        } else if (load.options.variablesOptional()) {
            return; // unknown: its uses evaluate to Unknown, like a variable whose value was wrong
        } else {
            load.diagnostics.error(v.location(), "variable '" + v.name() + "' has no value", sources.missingHint(v.name()));
            return;
        }
        if (v.sensitive()) SensitiveStrings.addVariable(v.name(), value); // before any message can echo it
        if (value instanceof dev.converge.schema.Unknown || ModuleOutputs.containsTemplate(value)) {
            // A module input computed from resources: checked where it is used, against the property's type.
            values.put(v.name(), value);
            return;
        }
        if (VariableDeclarations.validate(v, value, at, what, load.diagnostics)) values.put(v.name(), value);
    }
}
