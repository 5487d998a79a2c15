package dev.converge.plan;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostic;
import dev.converge.diag.Diagnostics;
import dev.converge.provider.CheckContext;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.stack.Instance;
import dev.converge.stack.PropertyLocator;
import dev.converge.stack.ResolvedValueCheck;
import dev.converge.stack.Stack;
import dev.converge.stack.StackException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@link PlanChecked} checks of a plan's creates, updates and replacements, type by type,
 * and fails the plan with every problem found, reported as {@code validate} reports a stack's:
 * {@code file:line:column: message}, the line, a caret, a hint. Unchanged resources are not checked:
 * nothing will be written for them, and an unchanged plan costs no extra reads.
 */
public final class PlanChecks {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{\\s*var\\.([A-Za-z0-9_-]+)\\s*}");

    private PlanChecks() {
    }

    /**
     * @param changes the plan's changes; a change whose checks could not be made (no permission for a
     *                read) gets a warning note in place
     * @throws StackException listing every problem, if there is one
     */
    public static void run(TypeRegistry registry, Stack stack, List<ResourceChange> changes) {
        Map<String, List<PlanChecked.Planned>> byType = new TreeMap<>();
        for (ResourceChange c : changes) {
            boolean writes = c.action() == Action.CREATE || c.action() == Action.UPDATE || c.action() == Action.REPLACE;
            if (writes && c.after() != null) {
                byType.computeIfAbsent(c.type(), t -> new ArrayList<>()).add(new PlanChecked.Planned(c.address(), c.after(),
                        c.action() == Action.UPDATE ? changing(c) : null));
            }
        }
        Diagnostics found = new Diagnostics();
        byType.values().forEach(planned -> planned.forEach(p -> {
            Instance instance = stack.instance(Address.parse(p.address()));
            if (instance != null) ResolvedValueCheck.check(instance, p.desired(), p::sets, found);
        }));
        CheckContext context = new CheckContext();
        List<PlanChecked.Problem> problems = new ArrayList<>();
        byType.forEach((typeName, planned) -> {
            ResourceType type = registry.find(typeName).orElse(null);
            if (type instanceof PlanChecked checked) problems.addAll(checked.check(planned, context));
        });
        diagnostics(stack, problems).forEach(found::add);
        if (found.hasErrors()) throw new StackException(found.sorted());
        Map<String, List<String>> skipped = context.skipped();
        if (!skipped.isEmpty()) changes.replaceAll(c -> withNotes(c, skipped.getOrDefault(c.address(), List.of())));
    }

    /** The top-level properties an update changes ({@code healthCheck} for {@code healthCheck.path}). */
    private static Set<String> changing(ResourceChange c) {
        Set<String> out = new TreeSet<>();
        for (AttributeChange a : c.changes()) out.add(a.path().split("[.\\[]", 2)[0]);
        return out;
    }

    private static ResourceChange withNotes(ResourceChange c, List<String> more) {
        if (more.isEmpty()) return c;
        List<String> notes = new ArrayList<>(c.notes());
        notes.addAll(more);
        return new ResourceChange(c.address(), c.type(), c.action(), c.order(), c.physicalId(), c.before(), c.after(), c.changes(),
                c.reason(), List.copyOf(notes), c.dependsOn(), c.sensitive(), c.releasedBy(), c.movedFrom());
    }

    static List<Diagnostic> diagnostics(Stack stack, List<PlanChecked.Problem> problems) {
        // Copies of a counted resource share their declaration: one mistake, one message naming them all.
        Map<List<Object>, List<String>> addressesByProblem = new LinkedHashMap<>();
        PropertyLocator locator = new PropertyLocator(stack);
        Map<List<Object>, PropertyLocator.Located> places = new LinkedHashMap<>();
        for (PlanChecked.Problem p : problems) {
            PropertyLocator.Located at = locator.locate(Address.parse(p.address()), p.property());
            List<Object> key = Arrays.asList(at.location(), p.property(), p.message(), p.hint());
            addressesByProblem.computeIfAbsent(key, k -> new ArrayList<>()).add(p.address());
            places.putIfAbsent(key, at);
        }
        Diagnostics out = new Diagnostics();
        addressesByProblem.forEach((key, addresses) -> {
            PropertyLocator.Located at = places.get(key);
            String property = (String) key.get(1);
            String subject = addresses.size() == 1 ? addresses.get(0) + "." + property
                    : property + " of " + String.join(", ", addresses);
            out.error(at.location(), subject + ": " + key.get(2), hint((String) key.get(3), at.written()));
        });
        return out.sorted();
    }

    /** The problem's hint, and where the value came from when a variable gave it (--var or a var file). */
    private static String hint(String hint, String written) {
        List<String> variables = new ArrayList<>();
        Matcher m = VARIABLE.matcher(written == null ? "" : written);
        while (m.find()) if (!variables.contains(m.group(1))) variables.add(m.group(1));
        if (variables.isEmpty()) return hint;
        String from = "the value comes from variable" + (variables.size() > 1 ? "s " : " ") + String.join(", ", variables);
        return hint == null ? from : hint + " (" + from + ")";
    }
}
