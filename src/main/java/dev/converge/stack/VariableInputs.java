package dev.converge.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Variable values from outside the stack file, in increasing precedence: environment
 * ({@code CONVERGE_VAR_name}), then {@code --var-file}s in order, then {@code --var name=value}.
 */
public record VariableInputs(Map<String, String> cli, List<Path> files, Map<String, String> environment) {

    public static final String ENV_PREFIX = "CONVERGE_VAR_";

    public static VariableInputs none() {
        return new VariableInputs(Map.of(), List.of(), Map.of());
    }

    public static VariableInputs fromEnvironment(Map<String, String> cli, List<Path> files) {
        return new VariableInputs(cli, files, System.getenv());
    }
}
