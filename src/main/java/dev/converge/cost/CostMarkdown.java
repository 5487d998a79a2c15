package dev.converge.cost;

/** The cost part of the pull-request comment: the summary line and a table of what changes the bill. */
public final class CostMarkdown {

    private CostMarkdown() {
    }

    public static String of(PlanCost cost) {
        StringBuilder sb = new StringBuilder("\n**").append(CostText.summary(cost)).append("**\n\n");
        sb.append("| Resource | Before | After | Change |\n|---|---|---|---|\n");
        for (PlanCost.Entry e : cost.entries()) {
            if (e.action() == dev.converge.plan.Action.NO_OP) continue;
            sb.append("| `").append(e.address()).append("` | ").append(e.before() == null ? "–" : Money.amount(e.before().monthly()))
                    .append(" | ").append(e.after() == null ? "–" : Money.amount(e.after().monthly())).append(" | ")
                    .append(Money.signed(e.delta())).append(" |\n");
        }
        for (Charge c : cost.keepsCosting()) {
            sb.append("\nStill costing outside the stack: ").append(c.item()).append(" (looked up): ").append(Money.amount(c.monthly())).append("/month");
        }
        sb.append("\n\nUSD per month (").append(cost.catalogue().hoursPerMonth()).append(" h), ")
                .append(cost.estimate() ? "estimate for the sandbox, " : "").append("price catalogue of ").append(cost.catalogue().asOf())
                .append(". Assumed: ").append(String.join("; ", cost.assumptions().describe()))
                .append(". Not included: ").append(String.join(", ", cost.notIncluded())).append(".\n");
        return sb.toString();
    }
}
