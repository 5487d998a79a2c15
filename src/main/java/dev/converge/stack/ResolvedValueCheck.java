package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.expr.Template;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The schema's string rules (names AWS rejects: length, characters, prefixes) for values that were
 * still expressions over resources or lookups when the stack was loaded, such as
 * {@code name: ${data.vpc.id}-web}: loading checked every other value, the plan knows these. A value
 * still unknown at plan time ({@code (known after apply)}) is skipped.
 */
public final class ResolvedValueCheck {

    private ResolvedValueCheck() {
    }

    /**
     * Reports each top-level string property of {@code instance} that breaks its rule, at its
     * expression; only those {@code checked} accepts (the ones the plan sets anew).
     */
    public static void check(Instance instance, Map<String, Object> desired, Predicate<String> checked, Diagnostics out) {
        instance.properties().forEach((name, written) -> {
            if (!(written instanceof Template template) || !checked.test(name)) return;
            Property property = instance.entry().type().schema().property(name).orElse(null);
            if (property == null || !(property.type() instanceof StringType type) || !constrains(type)) return;
            if (desired.get(name) instanceof String value) {
                // Named by the declaration, not the copy: counted copies with the same value report once.
                ValueChecker.check(value, type, template.location(), instance.entry().id() + "." + name, out);
            }
        });
    }

    private static boolean constrains(StringType type) {
        return type.pattern() != null || !type.allowed().isEmpty() || type.format() != StringType.Format.NONE;
    }
}
