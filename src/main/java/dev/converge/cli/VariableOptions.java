package dev.converge.cli;

import dev.converge.stack.LoadOptions;
import dev.converge.stack.VariableInputs;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of a stack file and the files it may read: what loading needs besides the file.
 * Apart from {@link StackOptions} because destroy takes its stack file as optional ({@code --stack
 * NAME} needs none), while every other command requires it.
 */
public class VariableOptions {

    @Option(names = "--var", paramLabel = "NAME=VALUE", description = "Set a variable (repeatable). Wins over --var-file and CONVERGE_VAR_NAME.")
    Map<String, String> vars = new LinkedHashMap<>();

    @Option(names = "--var-file", paramLabel = "FILE", description = "Read variables from a YAML file (repeatable, later files win).")
    List<Path> varFiles = new ArrayList<>();

    @Option(names = "--allow-file", paramLabel = "PATH", description = {"Let file(\"...\") read PATH (a file, or a directory and "
            + "everything under it) outside the stack file's directory (repeatable). Without it, only files inside that directory's tree can be read."})
    List<Path> allowedFiles = new ArrayList<>();

    public LoadOptions loadOptions() {
        return LoadOptions.DEFAULT.allowingFiles(allowedFiles);
    }

    public VariableInputs variableInputs() {
        return VariableInputs.fromEnvironment(vars, varFiles);
    }

    /** True if any variable or file permission was given (they mean nothing when no file is loaded). */
    boolean anyGiven() {
        return !vars.isEmpty() || !varFiles.isEmpty() || !allowedFiles.isEmpty();
    }
}
