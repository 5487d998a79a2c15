package dev.converge.testing;

import dev.converge.apply.ApplyResult;
import dev.converge.engine.Engine;
import dev.converge.engine.PlanOptions;
import dev.converge.engine.StopSignal;
import dev.converge.execution.EngineSettings;
import dev.converge.plan.Plan;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Refresher;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import dev.converge.state.LocalStateStore;
import dev.converge.state.State;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The engine with the real AWS types against an endpoint (moto, or WireMock in front of it), the way
 * the CLI wires it, for tests that need to look between the steps.
 */
public final class AwsEngine implements AutoCloseable {

    public final AwsSession session;
    public final TypeRegistry registry;
    public final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    private final Path stateFile;
    public EngineSettings settings = EngineSettings.forSandbox()
            .withRetry(Duration.ofMillis(20), Duration.ofMillis(200), Duration.ofSeconds(20));

    public AwsEngine(URI endpoint, String region, Path stateFile) {
        this.session = new AwsSession(AwsSettings.defaults(region).withEndpoint(endpoint, true));
        this.registry = AwsProvider.registry(session);
        this.stateFile = stateFile;
    }

    public Stack load(Path stackFile, Map<String, String> vars) {
        return new StackLoader(AwsProvider.schemaRegistry()).load(stackFile, new VariableInputs(vars, List.of(), Map.of()));
    }

    public State state(Stack stack) {
        return new LocalStateStore(stateFile).read().orElseGet(() -> State.empty(stack.name()));
    }

    public Engine engine() {
        return new Engine(registry, settings, progress::add);
    }

    public Plan plan(Stack stack, boolean destroy) {
        return engine().plan(stack, state(stack), PlanOptions.of(destroy)).plan();
    }

    public ApplyResult apply(Stack stack, boolean destroy) {
        LocalStateStore store = new LocalStateStore(stateFile);
        // The store that writes must be the one that read: it refuses to overwrite a state it has not seen.
        State state = store.read().orElseGet(() -> State.empty(stack.name()));
        Engine engine = engine();
        return engine.apply(engine.plan(stack, state, PlanOptions.of(destroy)), store, StopSignal.NONE).result();
    }

    @Override
    public void close() {
        session.close();
    }
}
