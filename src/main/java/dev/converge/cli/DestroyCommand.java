package dev.converge.cli;

import dev.converge.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code converge destroy STACK}: delete everything the stack owns, found by ownership even without state. */
@Command(name = "destroy", mixinStandardHelpOptions = true,
        description = {"Delete everything the stack owns, in reverse dependency order, so nothing keeps costing money.",
                "Resources are found by their ownership tags, so this works even if the state file is lost.",
                "At the end it checks that nothing owned by the stack remains."},
        footer = {"%nExamples:", "  converge destroy stacks/elb-https.yaml --sandbox --auto-approve",
                "  converge destroy stacks/elb-https.yaml --profile staging"})
public final class DestroyCommand implements Callable<Integer> {

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
    CostOptions costOptions;

    @Override
    public Integer call() {
        ApplyOptions.Checked options = run.checked(StackLoading.schemas());
        Stack stack = StackLoading.load(stackOptions, aws);
        try (Workspace ws = Workspace.open(stack, aws, global, spec.commandLine().getOut())) {
            return new ApplyRunner(ws, spec.commandLine().getOut()).costs(costOptions).run(true, null, options, lockOptions.lockTimeout());
        }
    }
}
