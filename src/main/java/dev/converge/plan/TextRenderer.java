package dev.converge.plan;

import dev.converge.schema.Unknown;
import dev.converge.schema.Values;
import dev.converge.secrets.SensitiveStrings;
import dev.converge.terminal.Terminal;
import dev.converge.terminal.Terminal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * The human plan: one block per changed resource, property-level old → new, replacements with the
 * property that forces them, drift listed apart from changes in the file, and a summary line.
 */
public final class TextRenderer {

    private final Terminal t;

    public TextRenderer(Terminal terminal) {
        this.t = terminal;
    }

    public String render(Plan plan) {
        StringBuilder sb = new StringBuilder();
        List<String> drift = drift(plan);
        if (!drift.isEmpty()) {
            sb.append(t.bold("Changed outside Converge since the last apply (this plan puts them back):")).append('\n');
            for (String d : drift) sb.append("  ").append(t.yellow("~")).append(' ').append(d).append('\n');
            sb.append('\n');
        }
        if (plan.scopeOrFull().partial()) sb.append(t.yellow(plan.scopeOrFull().warning())).append("\n\n");
        for (String line : OwnershipNotes.lines(plan)) sb.append(t.yellow("# " + line)).append('\n');
        for (String w : plan.warnings()) sb.append(t.yellow("# warning: " + w)).append('\n');
        if (!plan.warnings().isEmpty()) sb.append('\n');
        if (!OwnershipNotes.lines(plan).isEmpty()) sb.append('\n');
        List<ResourceChange> changes = plan.changes().stream().filter(ResourceChange::isChange).toList();
        if (changes.isEmpty()) {
            sb.append(t.green("No changes.")).append(plan.destroy() ? " Nothing owned by stack " + plan.stack() + " exists."
                    : " The account matches " + plan.stack() + ".").append('\n');
            return SensitiveStrings.scrub(sb.toString());
        }
        sb.append("Converge will perform these actions (").append(plan.stack()).append(", ").append(plan.region()).append("):\n\n");
        for (ResourceChange c : changes) block(sb, c);
        sb.append(summary(plan)).append('\n');
        return SensitiveStrings.scrub(sb.toString());
    }

    public static String summary(Plan plan) {
        long moved = plan.changes().stream().filter(ResourceChange::moved).count();
        long forgotten = plan.count(Action.FORGET);
        long imported = plan.changes().stream().filter(ResourceChange::imported).count();
        return String.format("Plan: %d to add, %d to change, %d to replace, %d to destroy%s%s%s.",
                plan.count(Action.CREATE), plan.count(Action.UPDATE), plan.count(Action.REPLACE), plan.count(Action.DELETE),
                moved == 0 ? "" : ", " + moved + " to move", imported == 0 ? "" : ", " + imported + " to import",
                forgotten == 0 ? "" : ", " + forgotten + " to forget");
    }

    private void block(StringBuilder sb, ResourceChange c) {
        String header = switch (c.action()) {
            case CREATE -> "will be created";
            case UPDATE -> "will be updated in place";
            case REPLACE -> "must be replaced (" + (c.order() == ReplaceOrder.CREATE_BEFORE_DESTROY
                    ? "create the new one, switch dependents to it, then destroy the old one"
                    : "destroy the old one first, then create the new one") + ")";
            case DELETE -> "will be destroyed" + afterReleases(c.releasedBy());
            case FORGET -> Forgets.verb();
            default -> "";
        };
        // A destroy plan's reason is "destroy", which the header already says.
        boolean saysItAll = c.reason() == null || c.action() == Action.DELETE && c.reason().equals(Action.DELETE.verb())
                || c.action() == Action.FORGET;
        if (c.imported()) {
            // As Terraform says it: the import first, then whatever the stack file asks of the resource.
            String then = c.action() == Action.NO_OP ? "" : ", then " + (c.action() == Action.UPDATE ? "updated in place"
                    : "replaced" + header.substring("must be replaced".length()));
            sb.append("  ").append(t.dim("# " + c.address() + " will be imported (id " + c.importing() + ")" + then
                    + (saysItAll ? "" : ": " + c.reason()))).append('\n');
            if (c.moved()) sb.append("  ").append(t.dim("# (moved from " + c.movedFrom() + ")")).append('\n');
        } else if (c.moved() && c.action() == Action.NO_OP) {
            // Nothing but the address changes: said as Terraform says it, and nothing in AWS but Converge's own tags.
            sb.append("  ").append(t.dim("# " + c.movedFrom() + " has moved to " + c.address())).append('\n');
        } else {
            sb.append("  ").append(t.dim("# " + c.address() + " " + header + (saysItAll ? "" : ": " + c.reason()))).append('\n');
            if (c.moved()) sb.append("  ").append(t.dim("# (moved from " + c.movedFrom() + ")")).append('\n');
            // A removed: entry's own words, under the header that already says what happens.
            if (c.action() == Action.FORGET && c.reason() != null) sb.append("  ").append(t.dim("# (" + c.reason() + ")")).append('\n');
        }
        for (String note : c.notes()) sb.append("  ").append(t.yellow("# warning: " + note)).append('\n');
        sb.append(color(c.action(), String.format("%3s", c.action().symbol()))).append(' ').append(t.bold(c.address())).append(" (").append(c.type()).append(')');
        if (c.physicalId() != null) sb.append(' ').append(t.dim("[id=" + c.physicalId() + "]"));
        sb.append('\n');
        switch (c.action()) {
            case CREATE -> attributes(sb, c.after(), c.sensitive());
            case UPDATE, REPLACE -> {
                for (AttributeChange a : c.changes()) change(sb, a);
                if (c.changes().isEmpty() && c.reason() != null) sb.append("      ").append(t.dim("(" + c.reason() + ")")).append('\n');
            }
            default -> { }
        }
        sb.append('\n');
    }

    /** " after targets stops using it", " after a, b and c stop using it": the wait a delete has. */
    private static String afterReleases(List<String> releasers) {
        if (releasers.isEmpty()) return "";
        String names = releasers.size() == 1 ? releasers.get(0)
                : String.join(", ", releasers.subList(0, releasers.size() - 1)) + " and " + releasers.get(releasers.size() - 1);
        return " after " + names + (releasers.size() == 1 ? " stops" : " stop") + " using it";
    }

    private void attributes(StringBuilder sb, Map<String, Object> values, List<String> sensitive) {
        if (values == null) return;
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(0);
        for (var e : values.entrySet()) {
            String lead = "      + " + e.getKey() + " ".repeat(width - e.getKey().length()) + " = ";
            String shown = sensitive.contains(e.getKey()) ? "(sensitive)" : show(e.getValue(), lead.length(), 8);
            sb.append("      ").append(t.green("+")).append(' ')
                    .append(e.getKey()).append(" ".repeat(width - e.getKey().length())).append(" = ").append(shown).append('\n');
        }
    }

    private void change(StringBuilder sb, AttributeChange a) {
        List<String[]> lines = new ArrayList<>();
        flatten(a.path(), a.before(), a.after(), lines);
        for (String[] l : lines) {
            String before = a.sensitive() ? "(sensitive)" : l[1];
            String after = a.sensitive() ? "(sensitive)" : l[2];
            sb.append("      ").append(t.yellow("~")).append(' ').append(l[0]).append(" = ").append(before).append(" → ").append(after);
            List<String> marks = new ArrayList<>();
            if (a.forcesReplacement() != null) marks.add(t.red("forces replacement: " + a.forcesReplacement()));
            if (a.drift()) marks.add(t.yellow("changed outside Converge"));
            if (!marks.isEmpty()) sb.append("  # ").append(String.join("; ", marks));
            sb.append('\n');
        }
    }

    /** Nested maps are shown key by key, so a changed health check interval reads as healthCheck.intervalSeconds. */
    private void flatten(String path, Object before, Object after, List<String[]> out) {
        if (before instanceof Map<?, ?> b && after instanceof Map<?, ?> a) {
            TreeSet<String> keys = new TreeSet<>();
            b.keySet().forEach(k -> keys.add(String.valueOf(k)));
            a.keySet().forEach(k -> keys.add(String.valueOf(k)));
            for (String k : keys) {
                Object bv = b.get(k);
                Object av = a.get(k);
                if (!a.containsKey(k)) continue; // not managed by the stack
                if (!Objects.equals(Values.canonicalString(bv), Values.canonicalString(av)) || av instanceof Unknown) {
                    flatten(path + "." + k, bv, av, out);
                }
            }
            return;
        }
        // old → new share a line: the old value opens first when the pair does not fit, then the new one after the arrow.
        int column = "      ~ ".length() + path.length() + " = ".length();
        String old = before == null ? "null" : show(before, column, 8);
        int lastLine = old.length() - old.lastIndexOf('\n') - 1;
        out.add(new String[] {path, old, show(after, (old.contains("\n") ? lastLine : column + old.length()) + " → ".length(), 8)});
    }

    /** A value laid out from {@code column}, continuation lines indented under the attribute ({@link ValueLayout}). */
    private String show(Object v, int column, int indent) {
        return v instanceof Unknown ? t.dim(Values.display(v)) : ValueLayout.layout(v, column, indent);
    }

    private String color(Action a, String s) {
        return switch (a) {
            case CREATE -> t.green(s);
            case UPDATE -> t.yellow(s);
            case REPLACE, DELETE -> t.red(s);
            default -> s;
        };
    }

    private static List<String> drift(Plan plan) {
        List<String> out = new ArrayList<>();
        for (ResourceChange c : plan.changes()) {
            for (AttributeChange a : c.changes()) {
                if (a.drift()) out.add(c.address() + "." + a.path() + " is now " + (a.sensitive() ? "(sensitive)" : Values.display(a.before())));
            }
        }
        return out;
    }
}
