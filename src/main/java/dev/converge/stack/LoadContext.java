package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.expr.FileAccess;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What every section of one load shares: the file, its text, the options, the one collector of
 * problems, the stack's name and region once read, and the variables. It makes the scope that
 * expressions are evaluated in at load time, which needs all of these. Discarded after the load.
 */
final class LoadContext {

    final Path file;
    final LoadOptions options;
    final Diagnostics diagnostics = new Diagnostics();
    final VariableSection variables;
    SourceLines source;
    String stackName = "stack";
    String region = StackLoader.DEFAULT_REGION;

    LoadContext(Path file, LoadOptions options, VariableInputs inputs) {
        this.file = file;
        this.options = options;
        this.variables = new VariableSection(this, inputs);
    }

    /** What is known now: the variables read so far (and those that failed), the name and the region. */
    StaticScope scope(Integer countIndex) {
        Set<String> failed = new HashSet<>(variables.declared());
        failed.removeAll(variables.values().keySet());
        return new StaticScope(new FileAccess(file.getParent(), options.allowedFiles()), variables.values(), stackName, region,
                countIndex, Set.copyOf(failed), Set.copyOf(variables.pending()));
    }

    /** A checker for what may use variables but no resource or lookup (defaultTags, budget, variables). */
    ValueChecker variablesOnly() {
        return new ValueChecker(source, scope(null), (ref, d) -> {
            d.error(ref.location(), "'" + ref + "' cannot be used here: only variables are known at this point");
            return null;
        }, diagnostics);
    }

    /** A checker whose references to resources and lookups are checked by {@code references}. */
    ValueChecker checker(Integer countIndex, ValueChecker.References references, Diagnostics sink) {
        return new ValueChecker(source, scope(countIndex), references, sink);
    }
}
