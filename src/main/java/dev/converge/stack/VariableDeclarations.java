package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.schema.AnyType;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.StringType;
import dev.converge.schema.Type;
import dev.converge.schema.Values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Reads a variable's declaration and validates values against it. */
final class VariableDeclarations {

    static final List<String> KEYS = List.of("type", "description", "default", "allowed", "pattern", "minimum", "maximum", "sensitive");

    private final Diagnostics diagnostics;
    private final ValueChecker checker;

    VariableDeclarations(Diagnostics diagnostics, ValueChecker checker) {
        this.diagnostics = diagnostics;
        this.checker = checker;
    }

    Variable declare(YNode.YEntry e) {
        if (!(e.value() instanceof YNode.YMap map)) {
            diagnostics.error(e.value().location(), "variable '" + e.key() + "': expected a mapping with type, description, default",
                    "for example:  " + e.key() + ": { type: string, default: \"...\" }");
            return null;
        }
        boolean ok = true;
        for (YNode.YEntry k : map.entries()) {
            if (!KEYS.contains(k.key())) {
                diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in variable " + e.key(),
                        Suggest.hint(k.key(), KEYS) != null ? Suggest.hint(k.key(), KEYS) : "keys: " + String.join(", ", KEYS));
                ok = false;
            }
        }
        Type type = AnyType.INSTANCE;
        YNode.YEntry t = map.get("type");
        if (t != null) {
            String name = t.value() instanceof YNode.YScalar s && s.value() instanceof String v ? v : null;
            Type resolved = name == null ? null : variableType(name);
            if (resolved == null) {
                diagnostics.error(t.value().location(), "variable type must be one of string, number, boolean, list, map",
                        name == null ? null : Suggest.hint(name, VARIABLE_TYPES));
                return null;
            }
            type = resolved;
        }
        Long min = longAt(map, "minimum");
        Long max = longAt(map, "maximum");
        if ((min != null || max != null)) {
            if (!(type instanceof NumberType)) {
                diagnostics.error(map.location(), "variable '" + e.key() + "': minimum and maximum need type: number");
                ok = false;
            } else {
                type = new NumberType(false, min, max);
            }
        }
        Pattern pattern = null;
        YNode.YEntry p = map.get("pattern");
        if (p != null) {
            try {
                pattern = Pattern.compile(p.value() instanceof YNode.YScalar s ? String.valueOf(s.value()) : "");
            } catch (PatternSyntaxException ex) {
                diagnostics.error(p.value().location(), "pattern is not a valid regular expression: " + ex.getDescription());
                ok = false;
            }
        }
        List<Object> allowed = new ArrayList<>();
        YNode.YEntry a = map.get("allowed");
        if (a != null) {
            if (a.value() instanceof YNode.YList list) {
                for (YNode item : list.items()) {
                    Object v = checker.convert(item, type, "allowed");
                    if (v != null) allowed.add(v);
                }
            } else {
                diagnostics.error(a.value().location(), "allowed: expected a list of values");
                ok = false;
            }
        }
        boolean sensitive = false;
        YNode.YEntry s = map.get("sensitive");
        if (s != null) {
            if (s.value() instanceof YNode.YScalar sc && sc.value() instanceof Boolean b) sensitive = b;
            else {
                diagnostics.error(s.value().location(), "sensitive: expected true or false");
                ok = false;
            }
        }
        String description = map.get("description") != null && map.get("description").value() instanceof YNode.YScalar ds
                ? String.valueOf(ds.value()) : null;
        YNode.YEntry d = map.get("default");
        Object defaultValue = null;
        if (d != null) {
            defaultValue = checker.convert(d.value(), type, "variable " + e.key() + " default");
            if (defaultValue == null) ok = false;
        }
        if (!ok) return null;
        Variable v = new Variable(e.key(), type, description, defaultValue, d != null, List.copyOf(allowed), pattern, sensitive, e.keyLocation());
        if (d != null && !validate(v, defaultValue, d.value().location(), diagnostics)) return null;
        return v;
    }

    /** Checks a value against the variable's type, allowed values, pattern and range. */
    static boolean validate(Variable v, Object value, Location at, Diagnostics diagnostics) {
        return validate(v, value, at, "variable " + v.name(), diagnostics);
    }

    /** {@code what} names the value in messages, e.g. "variable size (value from --var size)". */
    static boolean validate(Variable v, Object value, Location at, String what, Diagnostics diagnostics) {
        if (!ValueChecker.check(value, v.type(), at, what, diagnostics)) return false;
        if (!v.allowed().isEmpty() && v.allowed().stream().noneMatch(a -> Values.canonicalString(a).equals(Values.canonicalString(value)))) {
            diagnostics.error(at, what + ": " + Values.display(value) + " is not one of "
                    + String.join(", ", v.allowed().stream().map(Values::display).toList()),
                    value instanceof String str ? Suggest.hint(str, v.allowed().stream().map(String::valueOf).toList()) : null);
            return false;
        }
        if (v.pattern() != null && value instanceof String str && !v.pattern().matcher(str).matches()) {
            diagnostics.error(at, what + ": '" + str + "' does not match the pattern " + v.pattern().pattern());
            return false;
        }
        return true;
    }

    private Long longAt(YNode.YMap map, String key) {
        YNode.YEntry e = map.get(key);
        if (e == null) return null;
        if (e.value() instanceof YNode.YScalar s && s.value() instanceof Long l) return l;
        if (e.value() instanceof YNode.YScalar s && s.value() instanceof BigDecimal bd) return bd.longValue();
        diagnostics.error(e.value().location(), key + ": expected a number");
        return null;
    }

    static final Set<String> VARIABLE_TYPES = Set.of("string", "number", "boolean", "list", "map");

    /** The type behind each variable type name (`type: string` ...), or null for an unknown name. */
    static Type variableType(String name) {
        return switch (name) {
            case "string" -> StringType.ANY;
            case "number" -> NumberType.ANY;
            case "boolean" -> BoolType.INSTANCE;
            case "list" -> ListType.of(AnyType.INSTANCE);
            case "map" -> new MapType(AnyType.INSTANCE);
            default -> null;
        };
    }
}
