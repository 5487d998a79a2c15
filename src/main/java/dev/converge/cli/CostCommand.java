package dev.converge.cli;

import dev.converge.cost.CostText;
import dev.converge.cost.PlanCost;
import dev.converge.engine.PlanOptions;
import dev.converge.engine.Planned;
import dev.converge.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.util.concurrent.Callable;

/** {@code converge cost STACK}: what the stack's resources cost now, read from the target, item by item. */
@Command(name = "cost", mixinStandardHelpOptions = true,
        description = {"Show what everything the stack owns costs per month, read from the target (its live resources), item by item.",
                "Prices come from the catalogue in Converge (docs/cost.md); nothing is changed."},
        footer = {"%nExamples:", "  converge cost stacks/elb-https.yaml --sandbox",
                "  converge cost stacks/elb-https.yaml --assume-lcu 3"})
public final class CostCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stackOptions;

    @Mixin
    AwsOptions aws;

    @Mixin
    CostOptions costOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Stack stack = StackLoading.load(stackOptions, aws);
        try (Workspace ws = Workspace.open(stack, aws, global, out)) {
            // The destroy plan lists every live resource the stack owns, with what AWS reports of it.
            Planned all = ws.engine().plan(stack, ws.readState(), PlanOptions.of(true).readingLookups());
            PlanCost cost = costOptions.costing(ws).cost(all.plan(), stack, all.live());
            out.print(new CostText(ws.terminal).breakdown(cost, LocalDate.now()));
            out.println(ws.terminal.dim(ws.apiCalls()));
            return ExitCodes.OK;
        }
    }
}
