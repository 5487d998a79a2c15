package dev.converge.cli;

import dev.converge.crypto.Envelope;
import dev.converge.engine.SavedPlans;
import dev.converge.json.Json;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanFile;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code converge apply STACK|PLANFILE}. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Make AWS match the stack: show the plan, ask, then create, update and delete in dependency order.",
                "Given a saved plan (from plan --out), apply exactly that plan, or refuse if anything changed since."},
        footer = {"%nExamples:",
                "  converge apply stacks/elb-https.yaml --sandbox",
                "  converge apply stacks/elb-https.yaml --auto-approve --parallelism 20",
                "  converge plan stacks/elb-https.yaml --out elb.plan && converge apply elb.plan"})
public final class ApplyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stackOptions;

    @Mixin
    AwsOptions aws;

    @Mixin
    LockOptions lockOptions;

    @Mixin
    ApplyOptions run;

    @Mixin
    ScopeOptions scopeOptions;

    @Option(names = "--replace", paramLabel = "ADDRESS",
            description = "Replace this resource even though nothing changed (repeatable).")
    List<String> replace = new ArrayList<>();

    @Mixin
    CostOptions costOptions;

    @Override
    public Integer call() throws IOException {
        ApplyOptions.Checked options = run.checked(StackLoading.schemas());
        Plan saved = isPlanFile(stackOptions.stackFile) ? PlanFile.read(stackOptions.stackFile) : null;
        Stack stack;
        if (saved != null) {
            SavedPlanTarget.checkBeforeConnecting(saved, stackOptions.stackFile, aws);
            if (scopeOptions.given() || !replace.isEmpty()) {
                throw new UserException("a saved plan is applied with the --target, --exclude and --replace it was made with: "
                        + "drop them, or make a new plan with them");
            }
            if (!stackOptions.vars.isEmpty() || !stackOptions.varFiles.isEmpty()) {
                throw new UserException("a saved plan is applied with the variables it was made with: drop --var and --var-file");
            }
            String region = StackLoading.oneRegion(aws);
            if (region != null && !region.equals(saved.region())) {
                throw new UserException("the saved plan was made for region " + saved.region()
                        + ": drop --region " + region + " or make a new plan for that region");
            }
            stack = new StackLoader(StackLoading.schemas(), stackOptions.loadOptions()).load(Path.of(saved.stackFile()),
                    // The environment supplies what a plan saved without encryption leaves out: sensitive variables.
                    new VariableInputs(asVarArguments(saved.variables()), List.of(), System.getenv()),
                    saved.region());
        } else {
            stack = StackLoading.load(stackOptions, aws);
        }
        dev.converge.plan.PlanScope scope = saved != null ? saved.scopeOrFull() : scopeOptions.scope(stack, replace, spec.commandLine());
        try (Workspace ws = Workspace.open(stack, aws, global, spec.commandLine().getOut())) {
            if (saved != null) SavedPlans.checkTarget(saved, ws.target);
            return new ApplyRunner(ws, spec.commandLine().getOut()).costs(costOptions).scoped(scope).run(saved != null && saved.destroy(), saved, options, lockOptions.lockTimeout());
        }
    }

    /** A plan file is JSON (starts with '{') or encrypted (starts with converge-encrypted:); a stack file is YAML. */
    static boolean isPlanFile(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return false;
        try (var in = Files.newInputStream(file)) {
            int c;
            do {
                c = in.read();
            } while (c == ' ' || c == '\n' || c == '\r' || c == '\t');
            return c == '{' || (c == Envelope.TEXT_PREFIX.charAt(0) && Files.readString(file).startsWith(Envelope.TEXT_PREFIX));
        }
    }

    /** Variable values of a saved plan as --var text (JSON is YAML, so types survive). */
    private static Map<String, String> asVarArguments(Map<String, Object> values) {
        Map<String, String> out = new LinkedHashMap<>();
        values.forEach((k, v) -> out.put(k, Json.write(v).replaceAll("\\s*\\n\\s*", " ")));
        return out;
    }
}
