package dev.converge.cli;

import dev.converge.docs.GraphRenderer;
import dev.converge.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code converge graph STACK}: the resource graph as Mermaid or DOT. */
@Command(name = "graph", mixinStandardHelpOptions = true,
        description = "Print the resource graph: an arrow from A to B means B needs A first (creation order).",
        footer = {"%nExamples:", "  converge graph stacks/elb-https.yaml > graph.mmd",
                "  converge graph stacks/elb-https.yaml --format dot | dot -Tpng > graph.png"})
public final class GraphCommand implements Callable<Integer> {

    enum Format { mermaid, dot }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stack;

    @Option(names = "--format", defaultValue = "mermaid", description = "mermaid (renders in GitHub Markdown) or dot (Graphviz). Default: ${DEFAULT-VALUE}.")
    Format format;

    @Override
    public Integer call() {
        Stack s = StackLoading.load(stack);
        spec.commandLine().getOut().print(format == Format.dot ? GraphRenderer.dot(s) : GraphRenderer.mermaid(s));
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
