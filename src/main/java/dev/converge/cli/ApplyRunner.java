package dev.converge.cli;

import dev.converge.apply.ApplyResult;
import dev.converge.apply.Readiness;
import dev.converge.cost.CostText;
import dev.converge.cost.PlanCost;
import dev.converge.engine.Applied;
import dev.converge.engine.Engine;
import dev.converge.engine.Planned;
import dev.converge.plan.Plan;
import dev.converge.plan.TextRenderer;
import dev.converge.refresh.LiveState;
import dev.converge.schema.Values;
import dev.converge.secrets.SensitiveStrings;
import dev.converge.state.PlaintextStateMigration;
import dev.converge.state.State;
import dev.converge.state.StateLock;
import dev.converge.terminal.Terminal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The shared body of apply and destroy: lock, plan (the engine refreshes, and checks a saved plan
 * still holds), show, confirm, apply, report. Both commands differ only in what they plan.
 */
final class ApplyRunner {

    private final Workspace ws;
    private final PrintWriter out;
    private final Terminal t;

    private CostOptions costs = new CostOptions();
    private java.util.function.UnaryOperator<State> startingFrom = s -> s;
    private dev.converge.plan.PlanScope scope = dev.converge.plan.PlanScope.FULL;

    ApplyRunner(Workspace ws, PrintWriter out) {
        this.ws = ws;
        this.out = out;
        this.t = ws.terminal;
    }

    /** The money options: plans show their cost, apply ends with the run-rate, a budget can refuse the plan. */
    ApplyRunner costs(CostOptions options) {
        this.costs = options;
        return this;
    }

    /** The part of the stack to plan and what to replace regardless (a saved plan's own scope for it). */
    ApplyRunner scoped(dev.converge.plan.PlanScope scope) {
        this.scope = scope;
        return this;
    }

    /**
     * The state to start from, derived from the stored one once the lock is held: sweep's stand-in
     * record of a leaked stack, so nothing is written to a state before its lock is taken.
     */
    ApplyRunner startingFrom(java.util.function.UnaryOperator<State> seed) {
        this.startingFrom = seed;
        return this;
    }

    /**
     * @param saved   a saved plan to apply exactly, or null to plan now
     * @param options {@code autoApprove} skips the question (always skipped for a saved plan: it was reviewed)
     */
    int run(boolean destroy, Plan saved, ApplyOptions.Checked options, java.time.Duration lockTimeout) {
        try (StateLock lock = ws.store.lock(destroy ? "destroy" : "apply", lockTimeout);
             Interrupts interrupts = Interrupts.install(out, lock::close)) {
            State state = startingFrom.apply(ws.readState());
            // A saved plan pins the serial it was made against; its apply writes the state anyway.
            if (saved == null) state = PlaintextStateMigration.encryptIfPlaintext(ws.store, state);
            Engine engine = ws.engine(options.applyTo(ws.settings));
            Planned planned = engine.plan(ws.stack, state, UnprovenOption.planOptions(destroy, saved, options).scoped(scope));
            Plan plan = planned.plan();
            out.print(new TextRenderer(t).render(plan));
            PlanCost cost = costs.costing(ws).cost(plan, ws.stack, planned.live());
            out.print(new CostText(t).plan(cost, destroy, java.time.LocalDate.now()));
            if (!destroy) {
                costs.budget(ws.stack).flatMap(b -> b.exceededBy(cost)).ifPresent(m -> { throw new UserException(m + "; nothing was changed"); });
            }
            if (plan.hasChanges() && saved == null && !options.autoApprove()) confirm(destroy);
            Applied applied = engine.apply(planned, ws.store, interrupts);
            AfterApply afterApply = new AfterApply(ws, out, engine);
            if (!plan.hasChanges()) return reportNoChanges(applied, plan, afterApply, planned.live());
            return report(applied, plan, destroy, afterApply, planned.live(), cost);
        }
    }

    /** Nothing changed; a convergence still ends when the site answers, a destroy with its key retired. */
    private int reportNoChanges(Applied applied, Plan plan, AfterApply afterApply, LiveState live) {
        if (plan.destroy()) {
            printRetiredKey(applied);
            out.println(t.dim(ws.apiCalls()));
            return ExitCodes.OK;
        }
        boolean ready = afterApply.finish(afterApply.awaitReadiness(applied.state()), applied.state(), live);
        printOutputs(plan.outputs(), plan.sensitiveOutputs());
        out.println(t.dim(ws.apiCalls()));
        return ready ? ExitCodes.OK : ExitCodes.ERROR;
    }

    private void confirm(boolean destroy) {
        if (System.console() == null) {
            // destroy itself takes no saved plan: a reviewed destroy plan is run by apply.
            throw new UserException(destroy
                    ? "refusing to destroy without confirmation: no terminal to ask on; pass --auto-approve, or save a destroy plan "
                    + "with `converge plan " + ws.stack.file() + " --destroy --out FILE` and run `converge apply FILE`"
                    : "refusing to apply without confirmation: no terminal to ask on; pass --auto-approve (e.g. in CI) or apply a saved plan");
        }
        out.print(t.bold(destroy ? "Destroy everything above? " : "Apply these changes? ") + "Only 'yes' is accepted: ");
        out.flush();
        try {
            String answer = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (!"yes".equals(answer == null ? null : answer.trim())) throw new UserException("cancelled: nothing was changed");
        } catch (IOException e) {
            throw new UserException("cancelled: could not read the answer (" + e.getMessage() + ")");
        }
    }

    private int report(Applied applied, Plan plan, boolean destroy, AfterApply afterApply, LiveState live, PlanCost cost) {
        ApplyResult result = applied.result();
        // Part of the apply: its waiting lines go with the others, before the summary.
        List<Readiness.NotReady> notReady = result.succeeded() && !result.interrupted() && !destroy
                ? afterApply.awaitReadiness(applied.state()) : List.of();
        out.println();
        if (result.interrupted()) {
            out.println("Not started because of the interrupt: " + String.join(", ", result.skipped()));
            out.printf("%s %d added, %d changed, %d destroyed in %s. Everything that finished is recorded; "
                    + "run the command again to continue.%n", t.error((destroy ? "Destroy" : "Apply") + " interrupted:"),
                    result.added(), result.changed(), result.destroyed(), elapsed(result));
            out.println(t.dim(ws.apiCalls()));
            return ExitCodes.INTERRUPTED;
        }
        if (!result.succeeded()) {
            for (ApplyResult.Failure f : result.failures()) {
                out.println(t.error("error:") + " " + f.action() + " failed: " + f.code() + ": " + f.message());
            }
            if (!result.skipped().isEmpty()) {
                out.println("Not attempted because of the failure: " + String.join(", ", result.skipped()));
            }
            out.printf("Apply stopped: %d added, %d changed, %d destroyed in %s. Everything that finished is recorded; "
                    + "run the command again to continue.%n", result.added(), result.changed(), result.destroyed(), elapsed(result));
            out.println(t.dim(ws.apiCalls()));
            return ExitCodes.ERROR;
        }
        if (destroy) {
            if (!applied.remaining().isEmpty()) {
                out.println(t.error("error:") + " these resources owned by " + plan.stack() + " still exist: "
                        + String.join(", ", applied.remaining()));
                return ExitCodes.ERROR;
            }
            out.printf("%s %d destroyed%s in %s. Nothing owned by stack %s remains.%n", t.green("Destroy complete:"),
                    result.destroyed(), forgotten(result), elapsed(result), plan.stack());
            printRetiredKey(applied);
        } else {
            out.printf("%s %s%d added, %d changed, %d destroyed%s in %s.%n", t.green("Apply complete:"),
                    result.imported() == 0 ? "" : result.imported() + " imported, ", result.added(), result.changed(),
                    result.destroyed(), forgotten(result), elapsed(result));
            boolean ready = afterApply.finish(notReady, applied.state(), live);
            printOutputs(result.outputs(), plan.sensitiveOutputs());
            out.print(new CostText(t).runRate(cost));
            out.println(t.dim(ws.apiCalls()));
            return ready ? ExitCodes.OK : ExitCodes.ERROR;
        }
        out.println(t.dim(ws.apiCalls()));
        return ExitCodes.OK;
    }

    private void printRetiredKey(Applied applied) {
        if (applied.retiredKey() != null) out.println("Deleted the stack's ownership key (" + applied.retiredKey() + ").");
    }

    private void printOutputs(Map<String, Object> outputs, List<String> sensitive) {
        if (outputs.isEmpty()) return;
        out.println();
        out.println(t.bold("Outputs:"));
        for (var e : outputs.entrySet()) {
            boolean hide = sensitive.contains(e.getKey()) || SensitiveStrings.appearIn(e.getValue()); // known only now
            String v = hide ? "(sensitive: converge output --show-sensitive)" : Values.display(e.getValue());
            out.println("  " + e.getKey() + " = " + v);
        }
    }

    /** ", 1 forgotten" when a removed: entry let resources go, else nothing: most applies forget none. */
    private static String forgotten(ApplyResult r) {
        return r.forgotten() == 0 ? "" : ", " + r.forgotten() + " forgotten";
    }

    private static String elapsed(ApplyResult r) {
        long s = r.elapsed().toSeconds();
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }
}
