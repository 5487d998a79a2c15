package dev.converge.cli;

import dev.converge.addr.Address;
import dev.converge.apply.Readiness;
import dev.converge.checks.CheckReport;
import dev.converge.checks.CheckResult;
import dev.converge.checks.CheckRunner;
import dev.converge.engine.Engine;
import dev.converge.refresh.LiveState;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.terminal.Terminal;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What apply does once every change is applied and recorded in the state, so that it ends when the
 * site answers: wait until what must serve serves (the load balancer's targets pass their health
 * checks, bounded by {@code --timeout targets=}), then run the stack's checks. Nothing here changes
 * AWS or the state, so a failure loses nothing: apply exits 1 and says what was received.
 */
final class AfterApply {

    private final Workspace ws;
    private final PrintWriter out;
    private final Engine engine;

    AfterApply(Workspace ws, PrintWriter out, Engine engine) {
        this.ws = ws;
        this.out = out;
        this.engine = engine;
    }

    /**
     * Waits until what must serve serves, printing progress lines as it goes (it is part of the apply,
     * so its lines come before the summary); what is not ready, empty if everything is.
     */
    List<Readiness.NotReady> awaitReadiness(State state) {
        return engine.awaitReadiness(ws.stack, state);
    }

    /** Reports what is not ready, then runs the checks; true if everything serves and no check failed. */
    boolean finish(List<Readiness.NotReady> notReady, State state, LiveState live) {
        for (Readiness.NotReady r : notReady) {
            out.println(ws.terminal.error("error:") + " " + r.address() + " is not ready: " + r.code() + ": " + r.message());
        }
        if (ws.stack.checks().isEmpty()) return notReady.isEmpty();
        if (!notReady.isEmpty()) {
            out.println("Checks not run: the load balancer has no healthy target to answer them.");
            return false;
        }
        return runChecks(ws, out, valuesOf(state, live));
    }

    /** Runs and prints the stack's checks; true if none failed. Shared with {@code converge check}. */
    static boolean runChecks(Workspace ws, PrintWriter out, Function<Address, Map<String, Object>> valuesOf) {
        out.println();
        out.println(ws.terminal.bold("Checks:"));
        out.flush();
        List<CheckResult> results = new CheckRunner(ws.stack, valuesOf, notAws(ws), ws.progress).runAll();
        Terminal t = ws.terminal;
        CheckReport.print(results, out, new CheckReport.Style() {
            public String passed(String s) {
                return t.green(s);
            }

            public String failed(String s) {
                return t.red(s);
            }

            public String skipped(String s) {
                return t.dim(s);
            }
        });
        return results.stream().noneMatch(CheckResult::failed);
    }

    /**
     * Where the AWS calls go when not to AWS: the sandbox, or an endpoint from --endpoint,
     * AWS_ENDPOINT_URL or the profile (which only a built client reports). Null for AWS itself.
     */
    private static CheckRunner.NotAws notAws(Workspace ws) {
        if (ws.settings.sandbox()) return CheckRunner.NotAws.SANDBOX;
        return ws.session.elbv2().serviceClientConfiguration().endpointOverride()
                .map(endpoint -> CheckRunner.NotAws.endpoint(endpoint.toString())).orElse(null);
    }

    /** Values as recorded by the apply; lookups from its refresh. */
    static Function<Address, Map<String, Object>> valuesOf(State state, LiveState live) {
        return a -> {
            if (a.data()) return live == null ? null : live.data().get(a);
            ResourceState r = state.resources().get(a.toString());
            return r == null ? null : r.live();
        };
    }
}
