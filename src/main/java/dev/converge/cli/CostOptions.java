package dev.converge.cli;

import dev.converge.cost.Assumptions;
import dev.converge.cost.Budget;
import dev.converge.cost.Costing;
import dev.converge.cost.LivePrices;
import dev.converge.cost.PriceCatalogue;
import dev.converge.cost.PriceListApi;
import dev.converge.cost.PriceSource;
import dev.converge.state.Target;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.Optional;

/** The money options of plan, apply, destroy and cost: the usage assumed, and a budget to stay under. */
public final class CostOptions {

    @Option(names = "--assume-lcu", paramLabel = "N",
            description = "Load balancer capacity units each load balancer is assumed to use per hour in cost figures (default: ${DEFAULT-VALUE}).")
    BigDecimal lcu = BigDecimal.ONE;

    @Option(names = "--max-monthly-cost", paramLabel = "USD",
            description = "Exit 1 (before apply changes anything) when the stack would cost more than USD per month, naming the biggest items.")
    BigDecimal maxMonthlyCost;

    /** Where prices come from: the catalogue in the jar (no network), or the Price List API, cached for a day. */
    enum Pricing { catalogue, live }

    @Option(names = "--pricing", paramLabel = "SOURCE",
            description = "Where cost figures' prices come from: catalogue (in Converge, no network; the default) or live (AWS's Price List API, "
                    + "pricing:GetProducts with your AWS credentials, cached for a day in .converge/pricing; the catalogue if it cannot be asked).")
    Pricing pricing = Pricing.catalogue;

    Costing costing(Workspace ws) {
        if (lcu.signum() < 0) throw new UserException("--assume-lcu must be 0 or more, not " + lcu);
        // The sandbox bills nothing: its figures are AWS's prices for the stack's region, labelled as estimates.
        boolean estimate = !ws.target.kind().equals(Target.AWS);
        PriceCatalogue bundled = PriceCatalogue.bundled();
        PriceSource prices = pricing == Pricing.live
                ? new LivePrices(PriceListApi.forProfile(ws.session.settings().profile(), null), Workspace.sandboxDirectory().resolve("pricing"), bundled,
                        Clock.systemUTC(), ws.progress::line)
                : PriceSource.of(bundled);
        return new Costing(prices, Assumptions.DEFAULT.withLcu(lcu), estimate);
    }

    /** --max-monthly-cost, else the stack's {@code budget.monthly}, else none. */
    Optional<Budget> budget(dev.converge.stack.Stack stack) {
        if (maxMonthlyCost != null && maxMonthlyCost.signum() < 0) throw new UserException("--max-monthly-cost must be 0 or more");
        return Optional.ofNullable(maxMonthlyCost != null ? maxMonthlyCost : stack.monthlyBudget()).map(Budget::new);
    }
}
