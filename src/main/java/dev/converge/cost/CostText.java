package dev.converge.cost;

import dev.converge.plan.Action;
import dev.converge.terminal.Terminal;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

/**
 * The text of money in plans, apply, destroy and {@code converge cost}: one line per resource,
 * the summary line, what is assumed and what is not included, and unknown prices said as such.
 */
public final class CostText {

    private final Terminal t;

    public CostText(Terminal terminal) {
        this.t = terminal;
    }

    /** The cost section printed after a plan's changes (for a destroy plan: what stops costing). */
    public String plan(PlanCost cost, boolean destroy, LocalDate today) {
        StringBuilder sb = new StringBuilder();
        cost.catalogue().staleWarning(today).ifPresent(w -> sb.append(t.yellow(w)).append('\n'));
        sb.append('\n').append(t.bold(heading(cost))).append('\n');
        int width = cost.entries().stream().mapToInt(e -> e.address().length()).max().orElse(0);
        for (PlanCost.Entry e : cost.entries()) {
            String pad = e.address() + " ".repeat(width - e.address().length());
            String symbol = String.format("%3s", e.action().symbol());
            String figures = switch (e.action()) {
                case NO_OP -> Money.amount(monthly(e.after()));
                case CREATE -> Money.amount(monthly(e.after())) + change(e);
                case DELETE -> Money.amount(monthly(e.before())) + " stops" + change(e);
                case FORGET -> Money.amount(monthly(e.before())) + " leaves the stack, still billed to the account" + change(e);
                default -> Money.amount(monthly(e.before())) + " → " + Money.amount(monthly(e.after())) + change(e);
            };
            sb.append(symbol).append(' ').append(pad).append("  ").append(figures).append('\n');
            unknownReasons(sb, e.action() == Action.DELETE || e.action() == Action.FORGET ? e.before() : e.after());
        }
        sb.append(destroy ? destroyLine(cost) : summary(cost)).append('\n');
        for (Charge c : cost.keepsCosting()) {
            sb.append(t.yellow("Still costing " + (destroy ? "after destroy" : "outside this stack") + ": " + c.item()
                    + " (looked up, not owned by the stack): " + Money.amount(c.monthly()) + "/month")).append('\n');
        }
        sb.append(t.dim("Assumed: " + String.join("; ", cost.assumptions().describe()))).append('\n');
        sb.append(t.dim("Not included (usage-dependent): " + String.join(", ", cost.notIncluded()))).append('\n');
        return sb.toString();
    }

    /** "Cost: $51.20/month → $60.70/month (+$9.50/month)", with the resources whose price is unknown. */
    public static String summary(PlanCost cost) {
        PlanCost.Total b = cost.before();
        PlanCost.Total a = cost.after();
        String line = (cost.estimate() ? "Cost estimate: " : "Cost: ") + Money.amount(b.known()) + "/month → "
                + Money.amount(a.known()) + "/month (" + (cost.delta() != null ? Money.signed(cost.delta()) + "/month)"
                : Money.signed(a.known().subtract(b.known())) + "/month for what has a price)");
        if (!a.complete() || !b.complete()) line += ", not counting " + unknownList(a.complete() ? b : a) + " (price unknown)";
        return line;
    }

    /** What apply leaves running, for its last lines. */
    public String runRate(PlanCost cost) {
        PlanCost.Total a = cost.after();
        String line = "Run-rate now: " + Money.amount(a.known()) + "/month" + (cost.estimate() ? " (estimate; the sandbox bills nothing)" : "");
        if (!a.complete()) line += ", not counting " + unknownList(a) + " (price unknown)";
        return t.bold(line) + "\n";
    }

    /** {@code converge cost}: every resource that exists, item by item. */
    public String breakdown(PlanCost cost, LocalDate today) {
        StringBuilder sb = new StringBuilder();
        cost.catalogue().staleWarning(today).ifPresent(w -> sb.append(t.yellow(w)).append('\n'));
        sb.append(t.bold(heading(cost))).append('\n');
        for (PlanCost.Entry e : cost.entries()) {
            if (e.before() == null) continue;
            sb.append("  ").append(t.bold(e.address())).append(" (").append(e.type()).append("): ")
                    .append(Money.amount(e.before().monthly())).append('\n');
            for (Charge c : e.before().charges()) {
                sb.append("      ").append(c.item()).append(": ").append(Money.amount(c.monthly())).append("  ")
                        .append(t.dim(c.detail())).append('\n');
            }
        }
        for (Charge c : cost.keepsCosting()) {
            sb.append("  ").append(c.item()).append(" (looked up, not owned by the stack): ").append(Money.amount(c.monthly())).append('\n');
        }
        PlanCost.Total b = cost.before();
        sb.append(t.bold("Total: " + Money.amount(b.known()) + "/month" + (b.complete() ? "" : ", not counting " + unknownList(b)
                + " (price unknown)"))).append('\n');
        sb.append(t.dim("Assumed: " + String.join("; ", cost.assumptions().describe()))).append('\n');
        sb.append(t.dim("Not included (usage-dependent): " + String.join(", ", cost.notIncluded()))).append('\n');
        return sb.toString();
    }

    private static String heading(PlanCost cost) {
        return (cost.estimate() ? "Cost estimate (sandbox: AWS list prices for " + cost.region() + "; nothing here is billed)"
                : "Cost (AWS on-demand list prices for " + cost.region() + ")") + ", USD per month of "
                + cost.catalogue().hoursPerMonth() + " hours, price catalogue of " + cost.catalogue().asOf() + ":";
    }

    private String destroyLine(PlanCost cost) {
        BigDecimal stops = cost.before().known();
        String line = (cost.estimate() ? "Destroy stops an estimated " : "Destroy stops ") + Money.amount(stops) + "/month";
        if (!cost.before().complete()) line += ", plus " + unknownList(cost.before()) + " (price unknown)";
        return t.bold(line + ".");
    }

    /** "  (+$9.50)"; nothing for a free resource; "(change unknown)" when a side has no price. */
    private static String change(PlanCost.Entry e) {
        BigDecimal d = e.delta();
        if (d == null) return "  (change unknown)";
        return d.signum() == 0 ? "" : "  (" + Money.signed(d) + ")";
    }

    private void unknownReasons(StringBuilder sb, ResourceCost c) {
        if (c == null) return;
        for (Charge u : c.unknown()) sb.append("      ").append(t.dim("unknown: " + u.item() + ": " + u.detail())).append('\n');
    }

    private static BigDecimal monthly(ResourceCost c) {
        return c == null ? BigDecimal.ZERO : c.monthly();
    }

    private static String unknownList(PlanCost.Total total) {
        List<String> u = total.unknown();
        return u.size() <= 4 ? String.join(", ", u) : String.join(", ", u.subList(0, 4)) + " and " + (u.size() - 4) + " more";
    }
}
