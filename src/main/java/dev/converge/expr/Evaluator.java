package dev.converge.expr;

import dev.converge.schema.Unknown;
import dev.converge.schema.Values;
import dev.converge.secrets.SensitiveStrings;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates templates inside value trees. Evaluation may be partial: where the scope leaves a
 * reference unevaluated, the template is kept with everything else already folded to literals, so
 * that load time binds variables and {@code count.index} and plan/apply time binds resources.
 *
 * <p>Sensitivity flows like a mark on values, as in Terraform: a reference to a sensitive variable,
 * or to a value that contains a sensitive string (a resource attribute built from one), is
 * sensitive; so is every function result and every interpolated string computed from a sensitive
 * part. Each such result is registered with {@link SensitiveStrings}, so that its derived form
 * ({@code upper}, {@code base64encode}, ...) is masked wherever it shows up later.
 */
public final class Evaluator {

    /** Functions available in expressions, documented in docs/stack-files.md. */
    public static final Set<String> FUNCTIONS = Set.of("file", "join", "lower", "upper", "base64encode", "trimsuffix");

    private final Scope scope;
    /**
     * Folded literals that carry a sensitive mark (identity: equal values may differ in origin).
     * Made on first use: loading evaluates a template per property of every counted instance.
     */
    private Set<Expr.Literal> sensitive;

    public Evaluator(Scope scope) {
        this.scope = scope;
    }

    /** Evaluates every template in a tree of maps, lists and scalars. */
    public Object evaluateTree(Object value) {
        if (value instanceof Template t) return evaluate(t);
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(String.valueOf(k), evaluateTree(v)));
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>(list.size());
            for (Object o : list) out.add(evaluateTree(o));
            return out;
        }
        return value;
    }

    /** The template's value, or a smaller template if some reference stays unevaluated. */
    public Object evaluate(Template t) {
        List<Object> parts = new ArrayList<>(t.parts().size());
        boolean pending = false;
        boolean marked = false;
        for (Object p : t.parts()) {
            Object resolved = p instanceof Expr.Ref r ? scope.resolve(r) : null;
            if (resolved instanceof Template inner) {
                // A value known only at plan time, made of parts (a module's output or input): its
                // parts go where the reference was, already evaluated in the scope they come from.
                for (Object q : inner.parts()) {
                    parts.add(q);
                    pending |= q instanceof Expr;
                }
                continue;
            }
            if (p instanceof Expr e) {
                Expr folded = e instanceof Expr.Ref r ? foldRef(r, resolved) : fold(e);
                if (folded instanceof Expr.Literal lit) {
                    marked |= isSensitive(lit);
                    parts.add(lit.value());
                } else {
                    parts.add(folded);
                    pending = true;
                }
            } else {
                parts.add(p);
            }
        }
        if (pending) return new Template(List.copyOf(parts), t.location(), t.source());
        if (parts.size() == 1) return mark(parts.get(0), marked);
        StringBuilder sb = new StringBuilder();
        for (Object p : parts) {
            if (p instanceof Unknown) return Unknown.VALUE;
            sb.append(interpolate(p, t));
        }
        return mark(sb.toString(), marked);
    }

    private static Object mark(Object value, boolean sensitive) {
        if (sensitive) SensitiveStrings.add(value);
        return value;
    }

    private boolean isSensitive(Expr.Literal lit) {
        return (sensitive != null && sensitive.contains(lit)) || SensitiveStrings.appearIn(lit.value());
    }

    private void markSensitive(Expr.Literal lit) {
        if (sensitive == null) sensitive = Collections.newSetFromMap(new IdentityHashMap<>());
        sensitive.add(lit);
    }

    private static String interpolate(Object v, Template t) {
        if (v instanceof String s) return s;
        if (v instanceof Long || v instanceof Boolean) return v.toString();
        if (v instanceof BigDecimal d) return d.stripTrailingZeros().toPlainString();
        throw new EvalException(t.location(), "cannot insert a " + Values.kindOf(v) + " into a string",
                "a list or map can only be the whole value: write the ${...} alone, or use join(\", \", list)");
    }

    /** Folds an expression to a literal if everything it needs is known now. */
    private Expr fold(Expr e) {
        if (e instanceof Expr.Literal) return e;
        if (e instanceof Expr.Ref r) return foldRef(r, scope.resolve(r));
        Expr.Call c = (Expr.Call) e;
        List<Expr> args = new ArrayList<>();
        boolean allLiteral = true;
        for (Expr a : c.args()) {
            Expr f = fold(a);
            args.add(f);
            allLiteral &= f instanceof Expr.Literal;
        }
        if (!allLiteral) {
            if (c.function().equals("file") && !scope.bindsResources()) {
                // Read later, the file would escape the load-time checks: --allow-file and the fingerprint.
                throw new EvalException(c.location(), "file(): the path must be known when the stack loads",
                        "build it from text and variables, not from resources or lookups");
            }
            return new Expr.Call(c.function(), List.copyOf(args), c.location());
        }
        List<Object> values = args.stream().map(a -> ((Expr.Literal) a).value()).toList();
        Expr.Literal result = new Expr.Literal(call(c, values), c.location());
        if (args.stream().anyMatch(a -> isSensitive((Expr.Literal) a))) {
            markSensitive(result);
            SensitiveStrings.add(result.value());
        }
        return result;
    }

    /** A reference with {@code v}, what the scope resolved it to. */
    private Expr foldRef(Expr.Ref r, Object v) {
        if (v == null) return r;
        // The same reference under another name (a module's resources.web is module.site.web).
        if (v instanceof Expr.Ref renamed) return renamed;
        if (v instanceof Template inner) {
            if (inner.isSingleExpression()) return (Expr) inner.parts().get(0);
            throw new EvalException(r.location(), "'" + r + "' is a string built from resources: it can be used alone or "
                    + "inside a string, not as a function's argument");
        }
        Expr.Literal lit = new Expr.Literal(v, r.location());
        if (r.root().equals("var") && r.segments().size() > 1 && SensitiveStrings.isSensitiveVariable(r.segments().get(1).name())) {
            markSensitive(lit);
        }
        return lit;
    }

    private Object call(Expr.Call c, List<Object> args) {
        if (args.stream().anyMatch(Values::containsUnknown)) return Unknown.VALUE;
        return switch (c.function()) {
            case "file" -> scope.files().read(c, string(c, args, 0, 1));
            case "join" -> join(c, args);
            case "lower" -> string(c, args, 0, 1).toLowerCase(Locale.ROOT);
            case "upper" -> string(c, args, 0, 1).toUpperCase(Locale.ROOT);
            case "base64encode" -> Base64.getEncoder().encodeToString(string(c, args, 0, 1).getBytes(StandardCharsets.UTF_8));
            case "trimsuffix" -> {
                String s = string(c, args, 0, 2);
                String suffix = string(c, args, 1, 2);
                yield s.endsWith(suffix) ? s.substring(0, s.length() - suffix.length()) : s;
            }
            default -> throw new EvalException(c.location(), "unknown function '" + c.function() + "'",
                    "functions: " + String.join(", ", FUNCTIONS.stream().sorted().toList()));
        };
    }

    private static String join(Expr.Call c, List<Object> args) {
        String sep = string(c, args, 0, 2);
        if (!(args.get(1) instanceof List<?> list)) {
            throw new EvalException(c.location(), "join: second argument must be a list, got " + Values.kindOf(args.get(1)));
        }
        List<String> parts = new ArrayList<>();
        for (Object o : list) parts.add(o instanceof String s ? s : Values.display(o));
        return String.join(sep, parts);
    }

    private static String string(Expr.Call c, List<Object> args, int index, int arity) {
        if (args.size() != arity) {
            throw new EvalException(c.location(), c.function() + " takes " + arity + (arity == 1 ? " argument" : " arguments")
                    + ", got " + args.size());
        }
        Object v = args.get(index);
        if (v instanceof String s) return s;
        if (v instanceof Long || v instanceof BigDecimal || v instanceof Boolean) return Values.display(v);
        throw new EvalException(c.location(), c.function() + ": argument " + (index + 1) + " must be a string, got " + Values.kindOf(v));
    }
}
