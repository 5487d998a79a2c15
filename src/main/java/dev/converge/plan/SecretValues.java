package dev.converge.plan;

import dev.converge.secrets.SensitiveStrings;
import dev.converge.stack.Stack;
import dev.converge.stack.Variable;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plan entries sensitive values flow into. Marking follows values, not references: a property or
 * output whose value contains a sensitive string (a sensitive variable's value, or anything the
 * evaluator computed from one, see {@link SensitiveStrings}) is shown as {@code (sensitive)},
 * whatever expression put it there.
 */
public final class SecretValues {

    private SecretValues() {
    }

    /** The stack's sensitive variables are registered when it loads; this makes sure of it. */
    public static SecretValues of(Stack stack) {
        for (Variable v : stack.variables().values()) {
            if (v.sensitive()) SensitiveStrings.addVariable(v.name(), stack.variableValues().get(v.name()));
        }
        return new SecretValues();
    }

    public boolean appearIn(Object value) {
        return SensitiveStrings.appearIn(value);
    }

    /** The change with every property that carries a secret, and its attribute changes, marked sensitive. */
    ResourceChange redact(ResourceChange c) {
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
                changes, c.reason(), c.notes(), c.dependsOn(), List.copyOf(sensitive), c.releasedBy(), c.movedFrom(),
                c.importing());
    }
}
