package dev.converge.stack;

import java.nio.file.Path;
import java.util.List;

/**
 * How a stack is loaded, beyond its file and variable values.
 *
 * @param allowedFiles      paths (files, or directory trees) that {@code file()} may read outside the
 *                          stack file's directory: given by the person running Converge ({@code --allow-file}),
 *                          never by the stack file
 * @param variablesOptional for commands that only read the state (output, state ...): they need the
 *                          stack's name, region and backend, not its variables, so a variable without a
 *                          value is left unknown instead of being an error; values that are given are still checked
 */
public record LoadOptions(List<Path> allowedFiles, boolean variablesOptional) {

    public static final LoadOptions DEFAULT = new LoadOptions(List.of(), false);

    public LoadOptions {
        allowedFiles = List.copyOf(allowedFiles);
    }

    public LoadOptions allowingFiles(List<Path> paths) {
        return new LoadOptions(paths, variablesOptional);
    }

    public LoadOptions withOptionalVariables() {
        return new LoadOptions(allowedFiles, true);
    }
}
