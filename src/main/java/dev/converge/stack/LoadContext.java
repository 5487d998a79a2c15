package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.expr.FileAccess;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * What every section of one load shares: the file, its text, the options, the one collector of
 * problems, the stack's name and region once read, and the variables. It makes the scope that
 * expressions are evaluated in at load time, which needs all of these. Discarded after the load.
 */
final class LoadContext {

    final Path file;
    /** The stack file's directory: file() and module sources may read its tree (and what --allow-file allows). */
    final Path root;
    final LoadOptions options;
    final Diagnostics diagnostics;
    final VariableSection variables;
    final Namespace namespace;
    SourceLines source;
    String stackName = "stack";
    String region = StackLoader.DEFAULT_REGION;

    /** For the stack file, whose variables come from outside. */
    LoadContext(Path file, LoadOptions options, VariableInputs inputs) {
        this(file, file.getParent(), options, new Diagnostics(), Namespace.root(), d -> new VariableSources(inputs, d));
    }

    private LoadContext(Path file, Path root, LoadOptions options, Diagnostics diagnostics, Namespace namespace,
                        Function<Diagnostics, VariableSection.Supplied> inputs) {
        this.file = file;
        this.root = root;
        this.options = options;
        this.diagnostics = diagnostics;
        this.namespace = namespace;
        this.variables = new VariableSection(this, inputs);
    }

    /**
     * For a module file called from this one: its own file, text, names and variables (the call's
     * inputs), the caller's stack name and region, and problems reported with the call site named.
     */
    LoadContext module(Path moduleFile, Namespace moduleNamespace, VariableSection.Supplied inputs) {
        LoadContext m = new LoadContext(moduleFile, root, options, diagnostics.within(moduleNamespace.callSite()),
                moduleNamespace, d -> inputs);
        m.stackName = stackName;
        m.region = region;
        return m;
    }

    /** What is known now: the variables read so far (and those that failed), the name and the region. */
    StaticScope scope(Integer countIndex) {
        return scope(countIndex, null);
    }

    StaticScope scope(Integer countIndex, StaticScope.Each each) {
        Set<String> failed = new HashSet<>(variables.declared());
        failed.removeAll(variables.values().keySet());
        List<Path> allowed = new ArrayList<>(options.allowedFiles());
        if (!root.equals(file.getParent())) allowed.add(root); // a module's file() may read the stack's tree
        return new StaticScope(new FileAccess(file.getParent(), allowed), variables.values(), stackName, region,
                countIndex, each, namespace, Set.copyOf(failed), Set.copyOf(variables.pending()));
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
        return checker(countIndex, null, references, sink);
    }

    ValueChecker checker(Integer countIndex, StaticScope.Each each, ValueChecker.References references, Diagnostics sink) {
        return new ValueChecker(source, scope(countIndex, each), references, sink);
    }
}
