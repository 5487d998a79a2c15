package dev.converge.cli;

import dev.converge.refresh.LiveState;
import dev.converge.stack.Check;
import dev.converge.stack.Stack;
import dev.converge.state.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code converge check STACK}: runs the stack's {@code checks:} against what the last apply
 * recorded, without changing anything. Only a stack whose checks use data lookups costs AWS reads
 * (the lookups are not kept in the state).
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Run the stack's checks (HTTP GETs of its URLs, DNS names resolving to the load balancer) against "
                + "what the last apply recorded. Changes nothing.",
                "In the sandbox, and with --endpoint or AWS_ENDPOINT_URL, checks that do not point at a loopback address "
                        + "are skipped: the instances there serve nothing and the DNS names are not real."},
        footer = {"%nExamples:", "  converge check stacks/elb-https.yaml", "  converge check stacks/elb-https.yaml --var domain=www.example.org",
                "%nExit codes:%n  0  every check passed (or was skipped)%n  1  a check failed, or an error%n"})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stackOptions;

    @Mixin
    AwsOptions aws;

    @Override
    public Integer call() {
        Stack stack = StackLoading.load(stackOptions, aws);
        PrintWriter out = spec.commandLine().getOut();
        if (stack.checks().isEmpty()) {
            out.println("Stack " + stack.name() + " declares no checks: add a `checks:` section (see docs/stack-files.md).");
            out.flush();
            return ExitCodes.OK;
        }
        try (Workspace ws = Workspace.open(stack, aws, global, out)) {
            State state = ws.readState();
            boolean usesLookups = stack.checks().values().stream().map(Check::dependsOn).flatMap(java.util.List::stream)
                    .anyMatch(a -> a.data());
            LiveState live = usesLookups ? ws.engine().refresh(stack, state) : null;
            boolean passed = AfterApply.runChecks(ws, out, AfterApply.valuesOf(state, live));
            out.flush();
            return passed ? ExitCodes.OK : ExitCodes.ERROR;
        }
    }
}
