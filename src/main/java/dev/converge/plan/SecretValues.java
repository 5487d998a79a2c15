package dev.converge.plan;

import dev.converge.stack.Stack;
import dev.converge.stack.Variable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The values of the stack's sensitive variables, and the plan entries they flow into. Marking
 * follows values, not references: a property or output whose value contains a sensitive
 * variable's value (a password inside user data, a token in a tag) is shown as {@code (sensitive)},
 * whatever expression put it there.
 */
public final class SecretValues {

    private static final int MIN_LENGTH = 4;
    private final List<String> secrets;

    private SecretValues(List<String> secrets) {
        this.secrets = secrets;
    }

    public static SecretValues of(Stack stack) {
        List<String> secrets = new ArrayList<>();
        for (Variable v : stack.variables().values()) {
            if (!v.sensitive()) continue;
            collect(stack.variableValues().get(v.name()), secrets);
        }
        return new SecretValues(secrets);
    }

    /**
     * Values shorter than four characters are not matched: a sensitive "5" or "on" would mark half
     * the plan sensitive and hide what the plan is for; such a value is not a secret anyway.
     */
    private static void collect(Object value, List<String> into) {
        if (value instanceof Map<?, ?> m) m.values().forEach(v -> collect(v, into));
        else if (value instanceof List<?> l) l.forEach(v -> collect(v, into));
        else if (value != null && String.valueOf(value).length() >= MIN_LENGTH) into.add(String.valueOf(value));
    }

    public boolean appearIn(Object value) {
        if (secrets.isEmpty() || value == null) return false;
        if (value instanceof Map<?, ?> m) return m.values().stream().anyMatch(this::appearIn);
        if (value instanceof List<?> l) return l.stream().anyMatch(this::appearIn);
        String text = String.valueOf(value);
        return secrets.stream().anyMatch(text::contains);
    }

    /** The change with every property that carries a secret, and its attribute changes, marked sensitive. */
    ResourceChange redact(ResourceChange c) {
        if (secrets.isEmpty()) return c;
        Set<String> sensitive = new LinkedHashSet<>(c.sensitive());
        for (Map<String, Object> values : java.util.Arrays.asList(c.before(), c.after())) {
            if (values == null) continue;
            values.forEach((name, value) -> {
                if (appearIn(value)) sensitive.add(name);
            });
        }
        if (sensitive.size() == c.sensitive().size()) return c;
        List<AttributeChange> changes = new ArrayList<>();
        for (AttributeChange a : c.changes()) {
            String root = a.path().split("\\.", 2)[0];
            changes.add(sensitive.contains(root) && !a.sensitive()
                    ? new AttributeChange(a.path(), a.before(), a.after(), a.forcesReplacement(), true, a.drift()) : a);
        }
        return new ResourceChange(c.address(), c.type(), c.action(), c.order(), c.physicalId(), c.before(), c.after(),
                changes, c.reason(), c.notes(), c.dependsOn(), List.copyOf(sensitive));
    }
}
