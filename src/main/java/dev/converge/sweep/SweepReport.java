package dev.converge.sweep;

import dev.converge.cost.Money;
import dev.converge.terminal.Terminal;

import java.math.BigDecimal;
import java.util.List;

/** What sweep prints: stacks by region with their cost, the leaked ones marked, then the cost leaks. */
public final class SweepReport {

    private final Terminal t;

    public SweepReport(Terminal terminal) {
        this.t = terminal;
    }

    public String render(List<String> regions, List<OwnedStack> stacks, List<CostLeak> leaks, boolean estimate) {
        StringBuilder sb = new StringBuilder();
        sb.append(t.bold("Resources owned by Converge in " + regions.size() + (regions.size() == 1 ? " region" : " regions")
                + (estimate ? " (costs are estimates: the sandbox bills nothing)" : "") + ":")).append('\n');
        if (stacks.isEmpty()) sb.append("  none\n");
        BigDecimal total = BigDecimal.ZERO;
        BigDecimal leaked = BigDecimal.ZERO;
        for (OwnedStack s : stacks) {
            total = total.add(s.monthly());
            if (s.leaked()) leaked = leaked.add(s.monthly());
            String claim = s.leaked() ? t.red("LEAKED: no stack file here declares it") : t.dim("declared in " + s.claimedBy());
            sb.append('\n').append("  ").append(t.bold(s.name())).append(" (").append(s.region()).append("): ")
                    .append(s.resources().size()).append(s.resources().size() == 1 ? " resource, " : " resources, ")
                    .append(Money.amount(s.monthly())).append("/month  ").append(claim).append('\n');
            for (OwnedStack.Resource r : s.resources()) {
                sb.append("      ").append(r.address() == null ? "(no address)" : r.address()).append("  ").append(r.type())
                        .append("  ").append(r.id()).append("  ").append(Money.amount(r.cost().monthly()))
                        .append(r.proven() ? "" : "  " + t.dim("(claims the stack's tags, not proven: never deleted by sweep)")).append('\n');
            }
            if (s.leaked()) {
                sb.append("      ").append(t.dim("remove it: converge sweep --delete " + s.name() + " --region " + s.region())).append('\n');
            }
        }
        if (!leaks.isEmpty()) {
            sb.append('\n').append(t.bold("Cost leaks:")).append('\n');
            for (CostLeak l : leaks) {
                sb.append("  ").append(l.what()).append(" (stack ").append(l.stack()).append(", ").append(l.region()).append("): ")
                        .append(Money.amount(l.cost().monthly())).append("/month");
                if (!l.proven()) sb.append("  ").append(t.dim("(claims the stack's tags, not proven: never deleted by sweep)"));
                else if (l.volumeId() != null) sb.append("  ").append(t.dim("(deleted with the stack by sweep --delete " + l.stack() + ")"));
                sb.append('\n');
            }
        }
        sb.append('\n').append(t.bold("Total: " + Money.amount(total) + "/month, of which " + Money.amount(leaked)
                + "/month in stacks no stack file declares.")).append('\n');
        return sb.toString();
    }
}
