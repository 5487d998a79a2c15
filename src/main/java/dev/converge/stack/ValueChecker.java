package dev.converge.stack;

import dev.converge.diag.Diagnostic;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.expr.EvalException;
import dev.converge.expr.Evaluator;
import dev.converge.expr.Expr;
import dev.converge.expr.Template;
import dev.converge.expr.TemplateParser;
import dev.converge.schema.AnyType;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Type;
import dev.converge.schema.Values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Turns YAML nodes into runtime values while checking them against a {@link Type}: unknown and
 * missing properties, wrong types, ranges, enums, CIDR syntax. Strings with {@code ${...}} are
 * parsed and evaluated as far as loading allows; what remains refers to resources or lookups and is
 * checked by {@link References}.
 */
final class ValueChecker {

    /** Checks a reference to a resource or lookup; returns its type, or null once reported. */
    interface References {
        Type check(Expr.Ref ref, Diagnostics diagnostics);
    }

    /** Hints that fix how a literal is written; see {@link #check}. */
    private static final List<String> LITERAL_HINTS = List.of("quote it", "remove the quotes", "write [ value ]");

    private final SourceLines source;
    private final StaticScope scope;
    private final References references;
    private final Diagnostics diagnostics;

    ValueChecker(SourceLines source, StaticScope scope, References references, Diagnostics diagnostics) {
        this.source = source;
        this.scope = scope;
        this.references = references;
        this.diagnostics = diagnostics;
    }

    /** The checked value, or null if the node was wrong (already reported). */
    Object convert(YNode node, Type type, String path) {
        return convert(node, type, path, null);
    }

    /**
     * @param owner where the key that holds this value is written (null if none): what is missing
     *              from a mapping is reported there, at "properties:" or "health:", rather than at
     *              whichever key happens to come first in the mapping
     */
    Object convert(YNode node, Type type, String path, Location owner) {
        if (node instanceof YNode.YScalar s && s.value() instanceof String text && TemplateParser.hasInterpolation(text)) {
            return template(s, type, path);
        }
        if (type instanceof AnyType) return plain(node);
        if (type instanceof ObjectType o) return object(node, o, path, owner);
        if (type instanceof ListType l) return list(node, l, path);
        if (type instanceof MapType m) return map(node, m, path);
        if (!(node instanceof YNode.YScalar s)) {
            mismatch(node.location(), path, type, node.kind());
            return null;
        }
        if (s.value() == null) {
            diagnostics.error(s.location(), path + ": expected " + article(type) + ", got null",
                    "remove the key to leave it unset, or give it a value");
            return null;
        }
        if (!checkValue(s.value(), type, s.location(), path)) return null;
        // A plain scalar that YAML read as a number but the schema wants as text keeps its source
        // spelling: an owner id 099720109477 must not lose its leading zero, nor 1.10 become 1.1.
        if (type instanceof StringType && !(s.value() instanceof String)) return s.text();
        return coerce(s.value(), type);
    }

    private Object template(YNode.YScalar s, Type type, String path) {
        Diagnostics syntax = new Diagnostics();
        Object parsed = TemplateParser.parse(s.text(), offset -> source.locate(s, offset), syntax);
        if (parsed == null) {
            // "${join(" then ", ...)": a " inside the expression ended the double-quoted YAML string.
            boolean cutByQuote = source.isDoubleQuoted(s) && s.text().matches("(?s).*\\$\\{[^}\"]*\\($");
            for (Diagnostic d : syntax.sorted()) diagnostics.add(cutByQuote ? d.withHint(YamlSyntaxErrors.QUOTE_IN_EXPRESSION_HINT) : d);
            return null;
        }
        if (!(parsed instanceof Template t)) return convertPlainString((String) parsed, s, type, path);
        Object value;
        try {
            value = new Evaluator(scope).evaluate(t);
        } catch (EvalException e) {
            diagnostics.error(e.location(), e.getMessage(), e.hint());
            return null;
        }
        if (!(value instanceof Template rest)) {
            // Fully known at load time (variables, count.index, files): check it like a literal, but
            // a hint about how the literal is written ("quote it") does not apply to ${...}.
            Diagnostics found = new Diagnostics();
            boolean ok = check(value, type, s.location(), path, found);
            for (Diagnostic d : found.sorted()) {
                diagnostics.add(d.hint() != null && LITERAL_HINTS.stream().anyMatch(d.hint()::startsWith)
                        ? d.withHint("the value comes from " + s.text().strip()) : d);
            }
            return ok ? coerce(value, type) : null;
        }
        boolean ok = true;
        for (Expr.Ref ref : rest.references()) {
            Type refType = references.check(ref, diagnostics);
            if (refType == null) {
                ok = false;
            } else if (rest.isSingleExpression() && rest.parts().get(0) == ref && !compatible(refType, type)) {
                diagnostics.error(ref.location(), path + ": expected " + article(type) + ", but " + ref + " is "
                        + article(refType), refType instanceof ListType && !(type instanceof ListType)
                        ? "select one element with [0], or join(\",\", ...) it into a string" : null);
                ok = false;
            }
        }
        if (!rest.isSingleExpression() && !(type instanceof StringType || type instanceof AnyType)) {
            diagnostics.error(s.location(), path + ": expected " + article(type) + ", got a string with interpolations");
            ok = false;
        }
        return ok ? rest : null;
    }

    private Object convertPlainString(String value, YNode.YScalar s, Type type, String path) {
        // Only $${ escapes: a literal string.
        return checkValue(value, type, s.location(), path) ? value : null;
    }

    /** A list or map value can only go where a list or map is expected, and a scalar where a scalar is. */
    private static boolean compatible(Type actual, Type expected) {
        if (actual instanceof AnyType || expected instanceof AnyType) return true;
        boolean actualList = actual instanceof ListType;
        boolean expectedList = expected instanceof ListType;
        if (actualList != expectedList) return false;
        boolean actualMap = actual instanceof MapType || actual instanceof ObjectType;
        boolean expectedMap = expected instanceof MapType || expected instanceof ObjectType;
        return actualMap == expectedMap;
    }

    private Object object(YNode node, ObjectType type, String path, Location owner) {
        if (!(node instanceof YNode.YMap map)) {
            mismatch(node.location(), path, type, node.kind());
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        List<String> names = type.inputs().stream().map(Property::name).toList();
        boolean ok = true;
        for (YNode.YEntry e : map.entries()) {
            String p = path.isEmpty() ? e.key() : path + "." + e.key();
            Property prop = type.property(e.key()).orElse(null);
            if (prop == null) {
                diagnostics.error(e.keyLocation(), "unknown property '" + e.key() + "'" + (path.isEmpty() ? "" : " in " + path),
                        hintOrList(Suggest.hint(e.key(), names), names));
                ok = false;
                continue;
            }
            if (prop.computed()) {
                diagnostics.error(e.keyLocation(), "'" + e.key() + "' is set by AWS and cannot be written",
                        "it can be referenced by other resources");
                ok = false;
                continue;
            }
            Object v = convert(e.value(), prop.type(), p, e.keyLocation());
            if (v == null) ok = false;
            else out.put(e.key(), v);
        }
        for (Property prop : type.inputs()) {
            if (prop.required() && map.get(prop.name()) == null) {
                diagnostics.error(owner != null ? owner : map.location(), "missing required property '" + prop.name() + "'"
                        + (path.isEmpty() ? "" : " in " + path), prop.description().isEmpty() ? null : prop.name() + ": " + prop.description());
                ok = false;
            }
        }
        for (List<String> group : type.exactlyOneOfGroups()) {
            List<String> set = group.stream().filter(n -> map.get(n) != null).toList();
            if (set.size() != 1) {
                String where = path.isEmpty() ? "" : path + ": ";
                Location at = set.size() > 1 ? map.get(set.get(1)).keyLocation() : owner != null ? owner : map.location();
                diagnostics.error(at, where + (set.isEmpty() ? "one of " : "only one of ")
                        + String.join(", ", group) + " must be set" + (set.size() > 1 ? " (found " + String.join(" and ", set) + ")" : ""));
                ok = false;
            }
        }
        for (List<String> group : type.ascendingGroups()) {
            Optional<List<String>> wrong = ObjectType.outOfOrder(group, out);
            if (wrong.isPresent()) {
                String low = wrong.get().get(0);
                String high = wrong.get().get(1);
                String where = path.isEmpty() ? "" : path + ": ";
                diagnostics.error(map.get(high).keyLocation(), where + high + " (" + Values.display(out.get(high)) + ") is less than "
                        + low + " (" + Values.display(out.get(low)) + ")", String.join(" ≤ ", group) + " must hold");
                ok = false;
            }
        }
        return ok ? out : null;
    }

    private Object list(YNode node, ListType type, String path) {
        if (!(node instanceof YNode.YList list)) {
            mismatch(node.location(), path, type, node.kind());
            return null;
        }
        List<Object> out = new ArrayList<>(list.items().size());
        boolean ok = true;
        for (int i = 0; i < list.items().size(); i++) {
            Object v = convert(list.items().get(i), type.element(), path + "[" + i + "]");
            if (v == null) ok = false;
            else out.add(v);
        }
        if (ok) ok = checkSize(out.size(), type, list.location(), path);
        return ok ? out : null;
    }

    private Object map(YNode node, MapType type, String path) {
        if (!(node instanceof YNode.YMap map)) {
            mismatch(node.location(), path, type, node.kind());
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        boolean ok = true;
        for (YNode.YEntry e : map.entries()) {
            Object v = convert(e.value(), type.value(), path + "." + e.key());
            if (v == null) ok = false;
            else out.put(e.key(), v);
        }
        return ok ? out : null;
    }

    /** A YAML node as a plain value (for untyped places), still evaluating templates. */
    Object plain(YNode node) {
        if (node instanceof YNode.YScalar s) {
            if (s.value() instanceof String text && TemplateParser.hasInterpolation(text)) return template(s, AnyType.INSTANCE, "value");
            return s.value();
        }
        if (node instanceof YNode.YList l) {
            List<Object> out = new ArrayList<>();
            for (YNode item : l.items()) out.add(plain(item));
            return out;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (YNode.YEntry e : ((YNode.YMap) node).entries()) out.put(e.key(), plain(e.value()));
        return out;
    }

    /**
     * Checks a runtime value (from a literal, a variable or an evaluated template) against a type,
     * reporting at {@code at}. Shared with variable validation so both say the same things.
     */
    boolean checkValue(Object v, Type type, Location at, String path) {
        return check(v, type, at, path, diagnostics);
    }

    static boolean check(Object v, Type type, Location at, String path, Diagnostics diagnostics) {
        if (type instanceof AnyType) return true;
        if (v instanceof dev.converge.schema.Unknown) return true;
        if (type instanceof StringType st) {
            if (v instanceof Boolean || v instanceof List || v instanceof Map || v == null) {
                diagnostics.error(at, path + ": expected a string, got " + article(Values.kindOf(v)),
                        v instanceof Boolean ? "quote it: \"" + v + "\"" : null);
                return false;
            }
            return checkString(v instanceof String s ? s : Values.display(v), st, at, path, diagnostics);
        }
        if (type instanceof NumberType nt) {
            if (!(v instanceof Long || v instanceof BigDecimal)) {
                diagnostics.error(at, path + ": expected " + article(nt) + ", got " + article(Values.kindOf(v)),
                        v instanceof String s && s.matches("-?\\d+") ? "remove the quotes: " + s : null);
                return false;
            }
            if (nt.integer() && v instanceof BigDecimal d && d.stripTrailingZeros().scale() > 0) {
                diagnostics.error(at, path + ": expected an integer, got " + d.toPlainString());
                return false;
            }
            BigDecimal n = v instanceof Long l ? BigDecimal.valueOf(l) : (BigDecimal) v;
            if ((nt.min() != null && n.compareTo(BigDecimal.valueOf(nt.min())) < 0)
                    || (nt.max() != null && n.compareTo(BigDecimal.valueOf(nt.max())) > 0)) {
                diagnostics.error(at, path + ": " + n.toPlainString() + " is out of range "
                        + (nt.min() == null ? "" : nt.min()) + "–" + (nt.max() == null ? "" : nt.max()));
                return false;
            }
            return true;
        }
        if (type instanceof BoolType) {
            if (!(v instanceof Boolean)) {
                diagnostics.error(at, path + ": expected true or false, got " + article(Values.kindOf(v)),
                        v instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) ? "remove the quotes" : null);
                return false;
            }
            return true;
        }
        if (type instanceof ListType lt) {
            if (!(v instanceof List<?> list)) {
                diagnostics.error(at, path + ": expected " + article(lt) + ", got " + article(Values.kindOf(v)),
                        v instanceof Map ? null : "write [ value ] for a list of one");
                return false;
            }
            boolean ok = true;
            for (int i = 0; i < list.size(); i++) ok &= check(list.get(i), lt.element(), at, path + "[" + i + "]", diagnostics);
            return ok && checkSizeStatic(list.size(), lt, at, path, diagnostics);
        }
        if (type instanceof MapType mt) {
            if (!(v instanceof Map<?, ?> map)) {
                diagnostics.error(at, path + ": expected " + article(mt) + ", got " + article(Values.kindOf(v)));
                return false;
            }
            boolean ok = true;
            for (Map.Entry<?, ?> e : map.entrySet()) ok &= check(e.getValue(), mt.value(), at, path + "." + e.getKey(), diagnostics);
            return ok;
        }
        ObjectType ot = (ObjectType) type;
        if (!(v instanceof Map<?, ?> map)) {
            diagnostics.error(at, path + ": expected an object, got " + article(Values.kindOf(v)));
            return false;
        }
        boolean ok = true;
        for (Map.Entry<?, ?> e : map.entrySet()) {
            Property p = ot.property(String.valueOf(e.getKey())).orElse(null);
            if (p == null || p.computed()) {
                diagnostics.error(at, path + ": unknown property '" + e.getKey() + "'");
                ok = false;
            } else {
                ok &= check(e.getValue(), p.type(), at, path + "." + e.getKey(), diagnostics);
            }
        }
        for (Property p : ot.inputs()) {
            if (p.required() && !map.containsKey(p.name())) {
                diagnostics.error(at, path + ": missing required property '" + p.name() + "'");
                ok = false;
            }
        }
        return ok;
    }

    private static boolean checkString(String s, StringType st, Location at, String path, Diagnostics diagnostics) {
        if (!st.allowed().isEmpty()) {
            boolean match = st.caseInsensitive() ? st.allowed().stream().anyMatch(a -> a.equalsIgnoreCase(s)) : st.allowed().contains(s);
            if (!match) {
                diagnostics.error(at, path + ": '" + s + "' is not one of " + String.join(", ", st.allowed()),
                        Suggest.hint(s, st.allowed()));
                return false;
            }
        }
        if (st.pattern() != null && !st.pattern().matcher(s).matches()) {
            if (st.rule() != null) {
                int length = s.codePointCount(0, s.length());
                diagnostics.error(at, path + ": '" + s + "' (" + length + (length == 1 ? " character" : " characters")
                        + ") must be " + st.rule(), "AWS's rule as a regular expression: " + st.pattern().pattern());
            } else {
                diagnostics.error(at, path + ": '" + s + "' does not match " + st.pattern().pattern());
            }
            return false;
        }
        String problem = Formats.check(st.format(), s);
        if (problem != null) {
            diagnostics.error(at, path + ": " + problem);
            return false;
        }
        return true;
    }

    private boolean checkSize(int size, ListType type, Location at, String path) {
        return checkSizeStatic(size, type, at, path, diagnostics);
    }

    private static boolean checkSizeStatic(int size, ListType type, Location at, String path, Diagnostics diagnostics) {
        if (size < type.minItems()) {
            diagnostics.error(at, path + ": needs at least " + type.minItems() + (type.minItems() == 1 ? " item" : " items"));
            return false;
        }
        if (type.maxItems() != null && size > type.maxItems()) {
            diagnostics.error(at, path + ": at most " + type.maxItems() + " items, got " + size);
            return false;
        }
        return true;
    }

    /** Numbers written where a string is expected become strings ("443"), as users expect. */
    private static Object coerce(Object v, Type type) {
        if (type instanceof StringType && !(v instanceof String)) return Values.display(v);
        return v;
    }

    private void mismatch(Location at, String path, Type expected, String got) {
        // The empty path is a resource's properties mapping itself.
        diagnostics.error(at, (path.isEmpty() ? "properties" : path) + ": expected " + article(expected) + ", got " + got,
                expected instanceof ListType && Set.of("a string", "a number", "a boolean").contains(got)
                        ? "write [ value ] for a list of one" : null);
    }

    private static String hintOrList(String hint, List<String> names) {
        if (hint != null) return hint;
        return names.isEmpty() ? "this type takes no properties" : "properties: " + String.join(", ", names);
    }

    static String article(Type t) {
        return article(t.describe());
    }

    static String article(String kind) {
        if (kind.startsWith("a ") || kind.startsWith("an ") || kind.equals("null") || kind.startsWith("true")) return kind;
        return (Set.of('a', 'e', 'i', 'o', 'u').contains(kind.charAt(0)) ? "an " : "a ") + kind;
    }
}
