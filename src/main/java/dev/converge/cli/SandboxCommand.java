package dev.converge.cli;

import dev.converge.sandbox.Sandbox;
import dev.converge.sandbox.SandboxInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code converge sandbox start|stop|status}: the local AWS (moto) for trying Converge without an account. */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = {"Manage the local sandbox: a moto server on 127.0.0.1 that stands in for AWS.",
                "plan/apply/destroy use it with --sandbox (starting it if needed). Stopping it forgets everything in it."},
        footer = {"%nExamples:", "  converge sandbox start", "  converge sandbox status", "  converge sandbox stop"})
public final class SandboxCommand implements Callable<Integer> {

    enum Verb { start, stop, status }

    @Spec
    CommandSpec spec;

    @Mixin
    GlobalOptions global;

    @Parameters(index = "0", paramLabel = "start|stop|status")
    Verb verb;

    @Option(names = "--port", defaultValue = "4566", description = "Port for start. Default: ${DEFAULT-VALUE}.")
    int port;

    @Override
    public Integer call() {
        Sandbox sandbox = new Sandbox(Workspace.sandboxDirectory());
        var out = spec.commandLine().getOut();
        switch (verb) {
            case start -> {
                SandboxInfo info = sandbox.start(port);
                out.println("Sandbox running at " + info.endpoint() + " (pid " + info.pid() + "). Use it with --sandbox.");
            }
            case stop -> {
                boolean stopped = sandbox.stop();
                out.println(stopped ? "Sandbox stopped; everything in it is gone." : "No sandbox was running.");
            }
            case status -> {
                Optional<SandboxInfo> info = sandbox.status();
                out.println(info.map(i -> "Sandbox running at " + i.endpoint() + " (pid " + i.pid() + ", since " + i.since() + ")")
                        .orElse("No sandbox running. Start one with `converge sandbox start` or use --sandbox."));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }
}
