package dev.converge.docs;

import dev.converge.addr.Address;
import dev.converge.graph.Dependency;
import dev.converge.graph.ResourceGraph;
import dev.converge.stack.Check;
import dev.converge.stack.Stack;

import java.util.Comparator;
import java.util.List;

/** Prints a resource graph, with the stack's checks after what they refer to, as Mermaid (renders in GitHub Markdown) or Graphviz DOT. */
public final class GraphRenderer {

    private GraphRenderer() {
    }

    public static String mermaid(Stack stack) {
        StringBuilder sb = new StringBuilder("flowchart LR\n");
        for (Address a : stack.graph().addresses()) {
            sb.append("  ").append(nodeId(a)).append("[\"").append(label(stack, a).replace("\"", "#quot;")).append("\"]\n");
        }
        for (Dependency d : sortedEdges(stack.graph())) {
            sb.append("  ").append(nodeId(d.dependency())).append(" --> ").append(nodeId(d.dependent())).append('\n');
        }
        // Checks run after apply: they depend on what they refer to, and nothing depends on them.
        for (Check c : stack.checks().values()) {
            sb.append("  ").append(checkId(c)).append("{{\"check ").append(c.name()).append("\"}}\n");
            for (Address a : c.dependsOn()) sb.append("  ").append(nodeId(a)).append(" -.-> ").append(checkId(c)).append('\n');
        }
        return sb.toString();
    }

    public static String dot(Stack stack) {
        StringBuilder sb = new StringBuilder("digraph \"" + stack.name() + "\" {\n  rankdir=LR;\n  node [shape=box];\n");
        for (Address a : stack.graph().addresses()) {
            sb.append("  \"").append(dotText(a)).append("\" [label=\"").append(dotText(label(stack, a)).replace("<br/>", "\\n")).append("\"");
            if (a.data()) sb.append(", style=dashed");
            sb.append("];\n");
        }
        for (Dependency d : sortedEdges(stack.graph())) {
            sb.append("  \"").append(dotText(d.dependency())).append("\" -> \"").append(dotText(d.dependent())).append("\";\n");
        }
        for (Check c : stack.checks().values()) {
            sb.append("  \"check ").append(c.name()).append("\" [shape=hexagon];\n");
            for (Address a : c.dependsOn()) sb.append("  \"").append(dotText(a)).append("\" -> \"check ").append(c.name()).append("\" [style=dotted];\n");
        }
        return sb.append("}\n").toString();
    }

    private static List<Dependency> sortedEdges(ResourceGraph g) {
        return g.edges().stream()
                .sorted(Comparator.comparing(Dependency::dependency).thenComparing(Dependency::dependent))
                .toList();
    }

    private static String label(Stack stack, Address a) {
        var instance = stack.instance(a);
        String type = instance == null ? "" : instance.entry().type().name();
        return a + "<br/>" + type;
    }

    private static String checkId(Check c) {
        return "check_" + c.name().replace('-', '_');
    }

    /** A forEach key's quotes (and backslashes) escaped for a DOT string. */
    private static String dotText(Object text) {
        return String.valueOf(text).replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** Mermaid ids must be plain words: a module's name and a forEach key (in hex, for any key) are spelled into it. */
    private static String nodeId(Address a) {
        StringBuilder id = new StringBuilder(a.data() ? "data_" : "r_");
        if (a.module() != null) id.append("m_").append(a.module().replace('-', '_')).append("__");
        id.append(a.name().replace('-', '_')).append(a.index() == null ? "" : "_" + a.index());
        if (a.key() != null) {
            id.append("_k");
            for (byte b : a.key().getBytes(java.nio.charset.StandardCharsets.UTF_8)) id.append(String.format("%02x", b & 0xff));
        }
        return id.toString();
    }
}
