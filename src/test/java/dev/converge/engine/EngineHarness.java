package dev.converge.engine;

import dev.converge.apply.ApplyResult;
import dev.converge.execution.EngineSettings;
import dev.converge.plan.Plan;
import dev.converge.provider.TypeRegistry;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import dev.converge.state.LocalStateStore;
import dev.converge.state.StateLock;
import dev.converge.state.StateStore;
import dev.converge.state.State;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeProvider;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Drives the {@link Engine} against the fake cloud, the way the CLI does. */
final class EngineHarness {

    final FakeCloud cloud = new FakeCloud();
    final TypeRegistry registry = FakeProvider.registry(cloud);
    final Path dir;
    final Path stackFile;
    final Path stateFile;
    final List<String> progress = Collections.synchronizedList(new ArrayList<>());
    EngineSettings settings = EngineSettings.forSandbox().withRetry(Duration.ofMillis(5), Duration.ofMillis(20), Duration.ofSeconds(2));

    EngineHarness(Path dir) {
        this.dir = dir;
        this.stackFile = dir.resolve("stack.yaml");
        this.stateFile = dir.resolve(".converge/state/test.json");
        FakeProvider.seedZone(cloud, "example.com");
    }

    Stack write(String yaml) throws IOException {
        Files.writeString(stackFile, yaml);
        return load(Map.of());
    }

    Stack load(Map<String, String> vars) {
        return new StackLoader(registry).load(stackFile, new VariableInputs(vars, List.of(), Map.of()));
    }

    LocalStateStore store() {
        return new LocalStateStore(stateFile);
    }

    State state() {
        return store().read().orElseGet(() -> State.empty("test"));
    }

    Engine engine() {
        return new Engine(registry, settings, progress::add);
    }

    Plan plan(Stack stack) {
        return engine().plan(stack, state(), PlanOptions.of(false)).plan();
    }

    Plan destroyPlan(Stack stack) {
        return engine().plan(stack, state(), PlanOptions.of(true)).plan();
    }

    ApplyResult apply(Stack stack) {
        return run(stack, PlanOptions.of(false)).result();
    }

    ApplyResult destroy(Stack stack) {
        return run(stack, PlanOptions.of(true)).result();
    }

    /** Plans and applies as the command line does: under the stack's lock, whose release folds the state's journal. */
    Applied run(Stack stack, PlanOptions options) {
        return run(stack, options, store());
    }

    /** The same against a given store (the benchmark's). */
    ApplyResult apply(Stack stack, boolean destroy, StateStore store) {
        return run(stack, PlanOptions.of(destroy), store).result();
    }

    private Applied run(Stack stack, PlanOptions options, StateStore store) {
        try (StateLock lock = store.lock(options.destroy() ? "destroy" : "apply", Duration.ofSeconds(5))) {
            State state = store.read().orElseGet(() -> State.empty(stack.name()));
            Engine engine = engine();
            return engine.apply(engine.plan(stack, state, options), store, StopSignal.NONE);
        }
    }
}
