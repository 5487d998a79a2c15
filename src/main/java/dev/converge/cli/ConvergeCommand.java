package dev.converge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The top-level {@code converge} command. */
@Command(name = "converge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Declarative infrastructure for AWS: plan and apply YAML stack files.",
        subcommands = {ValidateCommand.class, GraphCommand.class, PlanCommand.class, ApplyCommand.class, DestroyCommand.class,
                CostCommand.class, SweepCommand.class, OutputCommand.class, CheckCommand.class, StateCommand.class, ImportCommand.class,
                SandboxCommand.class, SchemaCommand.class, InitCommand.class, CompletionCommand.class,
                picocli.CommandLine.HelpCommand.class},
        footer = {"%nExamples:",
                "  converge validate stacks/elb-https.yaml",
                "  converge plan stacks/elb-https.yaml --sandbox",
                "  converge apply stacks/elb-https.yaml --sandbox --auto-approve",
                "  converge destroy stacks/elb-https.yaml --sandbox"})
public final class ConvergeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
