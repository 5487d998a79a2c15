package dev.converge.cli;

import dev.converge.json.Json;
import dev.converge.schema.Values;
import dev.converge.stack.Output;
import dev.converge.plan.SecretValues;
import dev.converge.secrets.ScrubbingWriter;
import dev.converge.stack.Stack;
import dev.converge.state.State;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/** {@code converge output STACK [NAME]}: the outputs of the last apply, from the state. */
@Command(name = "output", mixinStandardHelpOptions = true,
        description = "Print the outputs recorded by the last apply. Sensitive outputs are hidden unless --show-sensitive.",
        footer = {"%nExamples:", "  converge output stacks/elb-https.yaml", "  converge output stacks/elb-https.yaml url --json"})
public final class OutputCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Mixin
    StackOptions stackOptions;

    @Mixin
    AwsOptions aws;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "One output only.")
    String name;

    @Option(names = "--show-sensitive", description = "Show sensitive values.")
    boolean showSensitive;

    @Option(names = "--json", description = "Print as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Stack stack = StackLoading.loadForState(stackOptions, aws);
        try (Workspace ws = Workspace.openToRead(stack, aws, global, spec.commandLine().getErr())) {
            State state = ws.readState();
            Map<String, Object> shown = new TreeMap<>();
            SecretValues secrets = SecretValues.of(stack);
            state.outputs().forEach((k, v) -> {
                Output o = stack.outputs().get(k);
                boolean hide = ((o != null && o.sensitive()) || secrets.appearIn(v)) && !showSensitive;
                shown.put(k, hide ? "(sensitive)" : v);
            });
            // The CLI's writer masks sensitive strings; --show-sensitive asked for them.
            PrintWriter out = showSensitive ? ScrubbingWriter.unscrubbed(spec.commandLine().getOut()) : spec.commandLine().getOut();
            if (name != null) {
                if (!shown.containsKey(name)) throw new UserException("no output '" + name + "' in the state of " + stack.name());
                out.println(json ? Json.write(shown.get(name)) : shown.get(name) instanceof String s ? s : Values.display(shown.get(name)));
            } else if (json) {
                out.println(Json.write(shown));
            } else {
                if (shown.isEmpty()) out.println("No outputs recorded: run `converge apply` first.");
                shown.forEach((k, v) -> out.println(k + " = " + Values.display(v)));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
