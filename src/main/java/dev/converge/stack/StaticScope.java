package dev.converge.stack;

import dev.converge.expr.EvalException;
import dev.converge.expr.Expr;
import dev.converge.expr.FileAccess;
import dev.converge.expr.Scope;
import dev.converge.expr.Template;
import dev.converge.schema.Unknown;
import dev.converge.schema.Values;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What is known while loading: variables, {@code count.index}, {@code each.key|value},
 * {@code stack.name|region} and the outputs of module calls. References to resources and lookups
 * are left for plan and apply (in a module, renamed to the module's entries: {@link Namespace}).
 * A variable given a module input that refers to resources, and a module output that does, are
 * {@link Template}s: the evaluator puts their parts in place of the reference.
 */
final class StaticScope implements Scope {

    static final Set<String> ROOTS = Set.of("var", "resources", "data", "count", "each", "module", "stack");

    /** {@code each.key} and {@code each.value} of one forEach instance. */
    record Each(String key, Object value) {
    }

    private final Path baseDirectory;
    private final Map<String, Object> variables;
    private final String stackName;
    private final String region;
    private final Integer countIndex;
    private final Each each;
    private final Namespace namespace;
    private final Set<String> failedVariables;
    private final Set<String> pendingVariables;
    private final FileAccess files;

    StaticScope(Path baseDirectory, Map<String, Object> variables, String stackName, String region, Integer countIndex) {
        this(FileAccess.within(baseDirectory), variables, stackName, region, countIndex, null, Namespace.root(), Set.of(), Set.of());
    }

    /**
     * @param failedVariables declared variables that have no valid value because their declaration or
     *                        value was wrong (already reported): they evaluate to {@link Unknown}, so
     *                        their uses are not reported a second time as "unknown variable"
     * @param pendingVariables declared variables not read yet (the one being read and those after it),
     *                        which a default cannot use
     */
    StaticScope(FileAccess files, Map<String, Object> variables, String stackName, String region, Integer countIndex,
                Each each, Namespace namespace, Set<String> failedVariables, Set<String> pendingVariables) {
        this.files = files;
        this.baseDirectory = files.baseDirectory();
        this.variables = variables;
        this.stackName = stackName;
        this.region = region;
        this.countIndex = countIndex;
        this.each = each;
        this.namespace = namespace;
        this.failedVariables = failedVariables;
        this.pendingVariables = pendingVariables;
    }

    @Override
    public FileAccess files() {
        return files;
    }

    @Override
    public boolean bindsResources() {
        return false;
    }

    @Override
    public Path baseDirectory() {
        return baseDirectory;
    }

    @Override
    public Object resolve(Expr.Ref ref) {
        List<Expr.Segment> segs = ref.segments();
        String root = ref.root();
        switch (root) {
            case "resources", "data" -> {
                if (!namespace.isModule() || segs.size() < 2 || !segs.get(1).isName()) return null;
                Expr.Ref own = namespace.qualify(ref);
                if (own == null) {
                    throw new EvalException(segs.get(1).location(), "unknown " + (root.equals("data") ? "data lookup" : "resource") + " '"
                            + segs.get(1).name() + "' in " + ref + " (a module sees only its own resources and lookups)",
                            hintOr(Suggest.hint(segs.get(1).name(), namespace.ids.keySet()), "pass other values in through the call's `inputs:`"));
                }
                return own;
            }
            case "each" -> {
                Expr.Segment name = segment(ref, 1, "each.key or each.value");
                if (!name.name().equals("key") && !name.name().equals("value")) {
                    throw new EvalException(name.location(), "unknown attribute each." + name.name(), "each.key and each.value exist");
                }
                if (each == null) {
                    throw new EvalException(ref.location(), "each." + name.name() + " is only available in a resource with `forEach`");
                }
                if (each.key() == null) return Unknown.VALUE; // a forEach with no keys: only types are checked
                return name.name().equals("key") ? navigate(each.key(), segs.subList(2, segs.size()), ref)
                        : navigate(each.value(), segs.subList(2, segs.size()), ref);
            }
            case "module" -> {
                return ModuleOutputs.resolve(ref, namespace);
            }
            case "var" -> {
                Expr.Segment name = segment(ref, 1, "var.NAME");
                if (failedVariables.contains(name.name()) && !variables.containsKey(name.name())) return Unknown.VALUE;
                if (pendingVariables.contains(name.name())) {
                    throw new EvalException(name.location(), "variable '" + name.name() + "' is not known yet here",
                            "a variable's default can use only variables declared above it");
                }
                if (!variables.containsKey(name.name())) {
                    throw new EvalException(name.location(), "unknown variable '" + name.name() + "'",
                            hintOr(Suggest.hint(name.name(), variables.keySet()), "declare it under `variables:`"));
                }
                return navigate(variables.get(name.name()), segs.subList(2, segs.size()), ref);
            }
            case "count" -> {
                Expr.Segment name = segment(ref, 1, "count.index");
                if (!name.name().equals("index")) {
                    throw new EvalException(name.location(), "unknown attribute count." + name.name(), "did you mean `count.index`?");
                }
                if (countIndex == null) {
                    throw new EvalException(ref.location(), "count.index is only available in a resource with `count`");
                }
                return (long) countIndex;
            }
            case "stack" -> {
                Expr.Segment name = segment(ref, 1, "stack.name or stack.region");
                return switch (name.name()) {
                    case "name" -> stackName;
                    case "region" -> region;
                    default -> throw new EvalException(name.location(), "unknown attribute stack." + name.name(),
                            hintOr(Suggest.hint(name.name(), List.of("name", "region")), "stack.name and stack.region exist"));
                };
            }
            default -> throw new EvalException(ref.location(), "unknown reference '" + ref + "'",
                    hintOr(Suggest.hint(root, ROOTS), "references start with var., resources., data., module., count., each. or stack."));
        }
    }

    static Expr.Segment segment(Expr.Ref ref, int i, String form) {
        if (ref.segments().size() <= i || !ref.segments().get(i).isName()) {
            throw new EvalException(ref.location(), "incomplete reference '" + ref + "'", "write " + form);
        }
        return ref.segments().get(i);
    }

    /** Follows map keys and list indexes into a variable's value. */
    static Object navigate(Object value, List<Expr.Segment> rest, Expr.Ref ref) {
        Object v = value;
        for (Expr.Segment s : rest) {
            if (v instanceof Unknown) return v;
            if (v instanceof Template) {
                throw new EvalException(s.location(), "'" + ref + "' is known only when the plan is made, as a whole: "
                        + "its parts cannot be selected while the stack loads", "pass the part itself as the module's input");
            }
            if ((s.isName() || s.isKey()) && v instanceof Map<?, ?> m) {
                String k = s.isName() ? s.name() : s.key();
                if (!m.containsKey(k)) {
                    throw new EvalException(s.location(), "'" + ref + "': no key '" + k + "'");
                }
                v = m.get(k);
            } else if (s.isIndex() && v instanceof List<?> l) {
                if (s.index() >= l.size()) {
                    throw new EvalException(s.location(), "'" + ref + "': index " + s.index() + " out of range (size " + l.size() + ")");
                }
                v = l.get(s.index());
            } else {
                throw new EvalException(s.location(), "'" + ref + "': cannot select into a " + Values.kindOf(v));
            }
        }
        return v;
    }

    private static String hintOr(String hint, String fallback) {
        return hint != null ? hint : fallback;
    }
}
