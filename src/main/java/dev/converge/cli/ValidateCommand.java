package dev.converge.cli;

import dev.converge.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code converge validate STACK}: every problem in the file, with line and column; no AWS call. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check a stack file (syntax, types, properties, references, cycles) without calling AWS.",
        footer = {"%nExamples:", "  converge validate stacks/elb-https.yaml",
                "  converge validate stacks/elb-https.yaml --var domain=www.example.org"})
public final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stack;

    @Override
    public Integer call() {
        Stack s = StackLoading.load(stack);
        long resources = s.resourceInstances().size();
        long data = s.dataInstances().size();
        spec.commandLine().getOut().printf("%s: valid (stack %s, %d %s, %d data %s, region %s)%n",
                stack.stackFile, s.name(), resources, resources == 1 ? "resource" : "resources", data,
                data == 1 ? "lookup" : "lookups", s.region());
        return ExitCodes.OK;
    }
}
