package dev.converge.cli;

import dev.converge.cost.Assumptions;
import dev.converge.cost.PriceCatalogue;
import dev.converge.cost.TypePricing;
import dev.converge.stack.Stack;
import dev.converge.sweep.DeletionOrder;
import dev.converge.sweep.OwnedStack;
import dev.converge.sweep.Sweeper;
import picocli.CommandLine.Command;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code converge destroy STACK}: delete everything the stack owns, found by ownership even without
 * state; {@code converge destroy --stack NAME [STACK]}: the same without loading the stack file.
 */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Delete everything the stack owns, in reverse dependency order, so nothing keeps costing money.",
                "Resources are found by their ownership tags, so this works even if the state file is lost.",
                "With --stack NAME the stack file is not read (it may be broken or gone): what the target's state records",
                "and what carries the stack's proven ownership is deleted, in the order the state recorded.",
                "At the end it checks that nothing owned by the stack remains."},
        footer = {"%nExamples:", "  converge destroy stacks/elb-https.yaml --sandbox --auto-approve",
                "  converge destroy stacks/elb-https.yaml --profile staging",
                "  converge destroy --stack elb-https stacks/elb-https.yaml --region ap-northeast-2 --sandbox"})
public final class DestroyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", arity = "0..1", paramLabel = "STACK", description = {"The stack file (YAML). With --stack it is not "
            + "read, only where it is says where the state is kept (default: NAME.yaml in the current directory)."})
    Path stackFile;

    @Mixin
    VariableOptions variables;

    @Option(names = "--stack", paramLabel = "NAME", description = {"Destroy the stack of this name without loading its file, "
            + "from the target's state and the resources whose ownership by NAME is proven (needs --region)."})
    String stackName;

    @Mixin
    AwsOptions aws;

    @Mixin
    LockOptions lockOptions;

    @Mixin
    ApplyOptions run;

    @Mixin
    ScopeOptions scopeOptions;

    @Mixin
    CostOptions costOptions;

    @Override
    public Integer call() {
        ApplyOptions.Checked options = run.checked(StackLoading.schemas());
        if (stackName != null) return destroyByName(options);
        if (stackFile == null) {
            throw new MissingParameterException(spec.commandLine(), spec.positionalParameters().get(0),
                    "Missing required parameter: 'STACK'");
        }
        Stack stack = StackLoading.load(new StackOptions(stackFile, variables), aws);
        dev.converge.plan.PlanScope scope = scopeOptions.scope(stack, List.of(), spec.commandLine());
        try (Workspace ws = Workspace.open(stack, aws, global, spec.commandLine().getOut())) {
            return new ApplyRunner(ws, spec.commandLine().getOut()).costs(costOptions).scoped(scope).run(true, null, options, lockOptions.lockTimeout());
        }
    }

    /**
     * The stack file is not read: a stand-in stack of that name declares nothing, and the destroy starts,
     * under the state's lock, from the target's state plus what the account proves the stack owns
     * (found as sweep finds it, in every type). The state's recorded dependencies order the deletions;
     * a proven resource the state does not record is ordered by its type.
     */
    private int destroyByName(ApplyOptions.Checked options) {
        if (!dev.converge.stack.StackLoader.isStackName(stackName)) {
            throw new UserException("--stack '" + stackName + "' is not a stack name (letters, digits and dashes, starting with a letter)");
        }
        if (scopeOptions.given()) throw new UserException("--target and --exclude have no use with --stack: no stack file is read");
        if (variables.anyGiven()) throw new UserException("--var, --var-file and --allow-file have no use with --stack: no stack file is read");
        String region = StackLoading.checkedRegion(StackLoading.oneRegion(aws));
        if (region == null) {
            throw new UserException("destroy --stack needs --region: the region is written in the stack file, which is not read");
        }
        Path file = stackFile != null ? stackFile : Path.of(stackName + ".yaml");
        Stack stack = Stack.standIn(file.toAbsolutePath(), stackName, region);
        try (Workspace ws = Workspace.open(stack, aws, global, spec.commandLine().getOut())) {
            TypePricing pricing = new TypePricing(PriceCatalogue.bundled(), Assumptions.DEFAULT);
            List<OwnedStack.Resource> found = new Sweeper(ws.session, region, pricing, aws.sandbox).resources(stackName);
            return new ApplyRunner(ws, spec.commandLine().getOut()).costs(costOptions)
                    .startingFrom(state -> DeletionOrder.seed(state, found))
                    .run(true, null, options, lockOptions.lockTimeout());
        }
    }
}
