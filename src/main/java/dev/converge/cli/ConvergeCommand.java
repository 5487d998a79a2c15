package dev.converge.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.List;

/**
 * The top-level {@code converge} command. Its subcommands are added by {@link Main#commandLine}, in
 * the order of {@link #SUBCOMMANDS}: all of them, or only the one a command line runs (picocli
 * reflects over every command it is given, which a run of one command need not pay for).
 */
@Command(name = "converge", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Declarative infrastructure for AWS: plan and apply YAML stack files.",
        footer = {"%nExamples:",
                "  converge validate stacks/elb-https.yaml",
                "  converge plan stacks/elb-https.yaml --sandbox",
                "  converge apply stacks/elb-https.yaml --sandbox --auto-approve",
                "  converge destroy stacks/elb-https.yaml --sandbox"})
public final class ConvergeCommand implements Runnable {

    /** Every subcommand, in the order help lists them. */
    static final List<Class<?>> SUBCOMMANDS = List.of(ValidateCommand.class, GraphCommand.class, PlanCommand.class, ApplyCommand.class,
            DestroyCommand.class, CostCommand.class, SweepCommand.class, OutputCommand.class, CheckCommand.class, StateCommand.class,
            ImportCommand.class, SandboxCommand.class, SchemaCommand.class, InitCommand.class, CompletionCommand.class,
            picocli.CommandLine.HelpCommand.class);

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
