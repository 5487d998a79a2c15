package dev.converge.plan;

import dev.converge.secrets.SensitiveStrings;
import dev.converge.terminal.Terminal;

/**
 * A pull-request comment: the summary line, a table of what changes, and the full text plan in a
 * collapsible section (a diff block, so GitHub colors + and - lines).
 */
public final class MarkdownRenderer {

    private MarkdownRenderer() {
    }

    public static String render(Plan plan) {
        StringBuilder sb = new StringBuilder();
        sb.append("### Converge plan for `").append(plan.stack()).append("` (").append(plan.region()).append(")\n\n");
        if (plan.scopeOrFull().partial()) sb.append("> ⚠️ ").append(plan.scopeOrFull().warning()).append("\n\n");
        for (String line : OwnershipNotes.lines(plan)) sb.append("- ⚠️ ").append(line).append('\n');
        if (!OwnershipNotes.lines(plan).isEmpty()) sb.append('\n');
        for (String w : plan.warnings()) sb.append("- ⚠️ ").append(w).append('\n');
        if (!plan.warnings().isEmpty()) sb.append('\n');
        if (!plan.hasChanges()) {
            sb.append("**No changes.** The account matches the stack.\n");
            return SensitiveStrings.scrub(sb.toString());
        }
        sb.append("**").append(TextRenderer.summary(plan)).append("**\n\n");
        sb.append("| Action | Resource | Type | Why |\n|---|---|---|---|\n");
        for (ResourceChange c : plan.changes()) {
            if (!c.isChange()) continue;
            String why = c.moved() && c.action() == Action.NO_OP ? "moved from `" + c.movedFrom() + "`"
                    : c.action() == Action.FORGET ? "stays in AWS, no longer the stack's" + (c.reason() == null ? "" : ": " + c.reason())
                    : c.reason() != null ? c.reason() : String.join(", ", c.changes().stream()
                    .map(a -> a.path() + (a.forcesReplacement() != null ? " (forces replacement)" : "")).toList());
            if (c.imported()) why = "imports `" + c.importing() + "`" + (why.isEmpty() ? "" : ", then " + why);
            sb.append("| ").append(label(c)).append(" | `").append(c.address()).append("` | ").append(c.type()).append(" | ")
                    .append(why.replace("|", "\\|")).append(" |\n");
        }
        sb.append("\n<details><summary>Full plan</summary>\n\n```diff\n");
        String text = new TextRenderer(Terminal.plain()).render(plan);
        for (String line : text.split("\n", -1)) {
            // diff blocks color by the first character: move the action symbol to the front.
            String trimmed = line.stripLeading();
            if (trimmed.startsWith("-/+ ")) sb.append("! ").append(line).append('\n');
            else if (trimmed.startsWith("+ ")) sb.append("+ ").append(line).append('\n');
            else if (trimmed.startsWith("- ")) sb.append("- ").append(line).append('\n');
            else if (trimmed.startsWith("~ ")) sb.append("! ").append(line).append('\n');
            else sb.append("  ").append(line).append('\n');
        }
        sb.append("```\n\n</details>\n");
        return SensitiveStrings.scrub(sb.toString());
    }

    private static String label(ResourceChange c) {
        if (c.imported() && c.action() != Action.NO_OP) return "📥 import, then " + (c.action() == Action.UPDATE ? "update" : "replace");
        return switch (c.action()) {
            case CREATE -> "➕ create";
            case UPDATE -> "✏️ update";
            case REPLACE -> "♻️ replace";
            case DELETE -> "🗑️ destroy";
            case FORGET -> "👋 forget";
            case NO_OP -> c.imported() ? "📥 import" : c.moved() ? "🔀 move" : c.action().verb();
            default -> c.action().verb();
        };
    }
}
