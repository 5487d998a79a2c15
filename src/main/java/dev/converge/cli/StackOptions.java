package dev.converge.cli;

import picocli.CommandLine.Parameters;

import java.nio.file.Path;

/** The stack file and its variables. */
public final class StackOptions extends VariableOptions {

    @Parameters(index = "0", paramLabel = "STACK", description = "The stack file (YAML).")
    Path stackFile;

    public StackOptions() {
    }

    /** The same options for a file a command found by other means (destroy's optional STACK). */
    StackOptions(Path stackFile, VariableOptions variables) {
        this.stackFile = stackFile;
        this.vars = variables.vars;
        this.varFiles = variables.varFiles;
        this.allowedFiles = variables.allowedFiles;
    }
}
