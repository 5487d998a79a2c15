package dev.converge.cli;

import dev.converge.cost.CostJson;
import dev.converge.cost.CostMarkdown;
import dev.converge.cost.CostText;
import dev.converge.cost.PlanCost;
import dev.converge.engine.PlanOptions;
import dev.converge.plan.MarkdownRenderer;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanFile;
import dev.converge.plan.PlanRedaction;
import dev.converge.plan.TextRenderer;
import dev.converge.stack.Stack;
import dev.converge.stack.StackException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code converge plan STACK}: what apply would do, read-only. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Read what the stack owns in AWS and show what apply would change. Changes nothing.",
        footer = {"%nExamples:",
                "  converge plan stacks/elb-https.yaml --sandbox",
                "  converge plan stacks/elb-https.yaml --var instanceCount=3 --out elb.plan",
                "  converge plan stacks/elb-https.yaml --markdown > plan.md",
                "  converge plan stacks/elb-https.yaml --detailed-exitcode"})
public final class PlanCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stackOptions;

    @Mixin
    AwsOptions aws;

    @Option(names = "--out", paramLabel = "FILE", description = "Save the plan; `converge apply FILE` applies exactly it.")
    Path out;

    @Option(names = "--json", description = "Print the plan as JSON (docs/plan-format.md).")
    boolean json;

    @Option(names = "--markdown", description = "Print a pull-request-ready Markdown summary with the full plan collapsed.")
    boolean markdown;

    @Option(names = "--detailed-exitcode", description = "Exit 2 when there are changes, 0 when none, 1 on error.")
    boolean detailedExitCode;

    @Option(names = "--destroy", description = "Plan the destruction of everything the stack owns.")
    boolean destroy;

    @Option(names = "--delete-unproven", paramLabel = "ID",
            description = "Plan the deletion of this resource that claims to belong to the stack without proof (repeatable).")
    List<String> deleteUnproven = new ArrayList<>();

    @Mixin
    ScopeOptions scopeOptions;

    @Option(names = "--replace", paramLabel = "ADDRESS",
            description = "Plan replacing this resource even though nothing changed (repeatable).")
    List<String> replace = new ArrayList<>();

    @Mixin
    CostOptions costOptions;

    @Override
    public Integer call() throws IOException {
        PrintWriter stdout = spec.commandLine().getOut();
        Stack stack = StackLoading.load(stackOptions, aws);
        dev.converge.plan.PlanScope scope = scopeOptions.scope(stack, replace, spec.commandLine());
        boolean machine = json || markdown;
        // Progress and banners go to stderr when stdout carries JSON or Markdown.
        PrintWriter progressOut = machine ? spec.commandLine().getErr() : stdout;
        try (Workspace ws = Workspace.open(stack, aws, global, progressOut)) {
            PlanOptions planning = PlanOptions.of(destroy).deletingUnproven(Set.copyOf(deleteUnproven)).scoped(scope);
            Plan plan;
            try {
                plan = ws.engine().plan(stack, ws.readState(), planning).plan();
            } catch (StackException e) {
                // A plan-time check failed: show that it only read (the diagnostics follow on stderr).
                progressOut.println(ws.terminal.dim(ws.apiCalls()));
                throw e;
            }
            PlanCost cost = costOptions.costing(ws).cost(plan, stack, null);
            if (json) stdout.println(CostJson.withCost(PlanFile.toJson(plan), cost));
            else if (markdown) stdout.print(MarkdownRenderer.render(plan) + CostMarkdown.of(cost));
            else stdout.print(new TextRenderer(ws.terminal).render(plan) + new CostText(ws.terminal).plan(cost, destroy, LocalDate.now()));
            if (machine) cost.catalogue().staleWarning(LocalDate.now()).ifPresent(progressOut::println);
            if (out != null) {
                PlanFile.write(plan, out);
                String withheld = PlanRedaction.withheldNote(plan);
                if (withheld != null) progressOut.println(withheld);
                String options = ws.target.options().isEmpty() ? "" : " " + ws.target.options();
                progressOut.println("Saved the plan to " + out + " (for " + ws.target.describe() + "); apply exactly it with: converge apply "
                        + out + options);
            }
            progressOut.println(ws.terminal.dim(ws.apiCalls()));
            stdout.flush();
            if (!destroy) costOptions.budget(stack).flatMap(b -> b.exceededBy(cost)).ifPresent(m -> { throw new UserException(m); });
            return detailedExitCode && plan.hasChanges() ? ExitCodes.CHANGES : ExitCodes.OK;
        }
    }
}
