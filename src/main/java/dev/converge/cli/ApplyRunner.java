package dev.converge.cli;

import dev.converge.apply.Applier;
import dev.converge.apply.ApplyResult;
import dev.converge.apply.Readiness;
import dev.converge.apply.StateKeeper;
import dev.converge.engine.EngineSettings;
import dev.converge.cost.CostText;
import dev.converge.cost.PlanCost;
import dev.converge.json.Json;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanFile;
import dev.converge.plan.Planner;
import dev.converge.plan.TextRenderer;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Refresher;
import dev.converge.schema.Values;
import dev.converge.secrets.SensitiveStrings;
import dev.converge.state.PlaintextStateMigration;
import dev.converge.state.State;
import dev.converge.state.StateLock;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The shared body of apply and destroy: lock, refresh, plan, check a saved plan still holds, show,
 * confirm, apply, report. Both commands differ only in what they plan.
 */
final class ApplyRunner {

    private final Workspace ws;
    private final PrintWriter out;
    private final Terminal t;

    private CostOptions costs = new CostOptions();
    private java.util.function.UnaryOperator<State> startingFrom = s -> s;

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
            EngineSettings settings = options.applyTo(ws.settings);
            Refresher refresher = new Refresher(ws.registry, settings, ws.progress);
            LiveState live = refresher.refresh(ws.stack, state, !destroy);
            Plan plan = new Planner(ws.registry).plan(ws.stack, state, live, destroy, UnprovenOption.toDelete(saved, options));
            if (saved != null) checkStillValid(saved, plan);
            out.print(new TextRenderer(t).render(plan));
            PlanCost cost = costs.costing(ws).cost(plan, ws.stack, live);
            out.print(new CostText(t).plan(cost, destroy, java.time.LocalDate.now()));
            if (!destroy) {
                costs.budget(ws.stack).flatMap(b -> b.exceededBy(cost)).ifPresent(m -> { throw new UserException(m + "; nothing was changed"); });
            }
            if (!plan.hasChanges()) {
                if (!destroy) {
                    // Nothing to change, but the state still catches up with the account: resources
                    // adopted by their tags (after a lost state or a crash), spent tokens, outputs.
                    StateKeeper keeper = new StateKeeper(ws.store, state);
                    Applier.catchUp(plan, live, keeper);
                    if (!plan.outputs().equals(keeper.current().outputs())) keeper.update(s -> s.withOutputs(plan.outputs()));
                    AfterApply afterApply = new AfterApply(ws, out, settings);
                    boolean ready = afterApply.finish(afterApply.awaitReadiness(keeper.current()), keeper.current(), live);
                    printOutputs(plan.outputs(), plan.sensitiveOutputs());
                    out.println(t.dim(ws.apiCalls()));
                    return ready ? ExitCodes.OK : ExitCodes.ERROR;
                } else {
                    UnprovenOption.deleteKey(ws, out); // nothing of the stack's exists: its key is no longer needed
                }
                out.println(t.dim(ws.apiCalls()));
                return ExitCodes.OK;
            }
            if (saved == null && !options.autoApprove()) confirm(destroy);
            StateKeeper keeper = new StateKeeper(ws.store, state);
            interrupts.applying(true);
            ApplyResult result = new Applier(ws.registry, settings, ws.progress)
                    .apply(ws.stack, plan, live, keeper, interrupts::stopRequested);
            interrupts.applying(false);
            return report(result, plan, destroy, refresher, keeper, new AfterApply(ws, out, settings), live, cost);
        }
    }

    private void checkStillValid(Plan saved, Plan now) {
        if (!saved.stackFingerprint().equals(now.stackFingerprint())) {
            throw new UserException("the stack file, a file it reads, or a variable changed since this plan was made; "
                    + "make a new plan with `converge plan " + saved.stackFile() + " --out FILE`");
        }
        // A stack with no state yet gets a fresh lineage on every run: two empty states are the same state.
        boolean bothEmpty = saved.stateSerial() == 0 && now.stateSerial() == 0;
        if (!bothEmpty && (!java.util.Objects.equals(saved.stateLineage(), now.stateLineage()) || saved.stateSerial() != now.stateSerial())) {
            throw new UserException("the state changed since this plan was made (serial " + saved.stateSerial() + " → "
                    + now.stateSerial() + "): another apply ran; make a new plan");
        }
        if (!saved.liveFingerprint().equals(now.liveFingerprint()) || !PlanFile.sameChanges(saved, now)) {
            throw new UserException("the resources in AWS changed since this plan was made; make a new plan");
        }
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

    private int report(ApplyResult result, Plan plan, boolean destroy, Refresher refresher, StateKeeper keeper, AfterApply afterApply,
                       LiveState live, PlanCost cost) {
        // Part of the apply: its waiting lines go with the others, before the summary.
        List<Readiness.NotReady> notReady = result.succeeded() && !result.interrupted() && !destroy
                ? afterApply.awaitReadiness(keeper.current()) : List.of();
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
            LiveState after = refresher.refresh(ws.stack, keeper.current(), false);
            if (!after.resources().isEmpty() || !after.duplicates().isEmpty()) {
                out.println(t.error("error:") + " these resources owned by " + plan.stack() + " still exist: "
                        + String.join(", ", after.resources().keySet().stream().map(Object::toString).toList()));
                return ExitCodes.ERROR;
            }
            out.printf("%s %d destroyed in %s. Nothing owned by stack %s remains.%n", t.green("Destroy complete:"),
                    result.destroyed(), elapsed(result), plan.stack());
            UnprovenOption.deleteKey(ws, out);
        } else {
            out.printf("%s %d added, %d changed, %d destroyed in %s.%n", t.green("Apply complete:"), result.added(),
                    result.changed(), result.destroyed(), elapsed(result));
            boolean ready = afterApply.finish(notReady, keeper.current(), live);
            printOutputs(result.outputs(), plan.sensitiveOutputs());
            out.print(new CostText(t).runRate(cost));
            out.println(t.dim(ws.apiCalls()));
            return ready ? ExitCodes.OK : ExitCodes.ERROR;
        }
        out.println(t.dim(ws.apiCalls()));
        return ExitCodes.OK;
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

    private static String elapsed(ApplyResult r) {
        long s = r.elapsed().toSeconds();
        return s >= 60 ? (s / 60) + "m" + (s % 60) + "s" : s + "s";
    }

    /** Variable values of a saved plan as --var text (JSON is YAML, so types survive). */
    static Map<String, String> asVarArguments(Map<String, Object> values) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Json.write(v).replaceAll("\\s*\\n\\s*", " ")));
        return out;
    }
}
