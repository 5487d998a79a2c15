package dev.converge.engine;

import dev.converge.apply.Applier;
import dev.converge.apply.ApplyResult;
import dev.converge.apply.StateKeeper;
import dev.converge.plan.Plan;
import dev.converge.plan.Planner;
import dev.converge.provider.TypeRegistry;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Refresher;
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

/** Drives refresh → plan → apply against the fake cloud, the way the CLI does. */
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

    LiveState refresh(Stack stack, boolean destroy) {
        return new Refresher(registry, settings, progress::add).refresh(stack, state(), !destroy);
    }

    Plan plan(Stack stack) {
        return new Planner(registry).plan(stack, state(), refresh(stack, false), false);
    }

    Plan destroyPlan(Stack stack) {
        return new Planner(registry).plan(stack, state(), refresh(stack, true), true);
    }

    ApplyResult apply(Stack stack) {
        return run(stack, false);
    }

    ApplyResult destroy(Stack stack) {
        return run(stack, true);
    }

    private ApplyResult run(Stack stack, boolean destroy) {
        return apply(stack, destroy, store());
    }

    /** As the command line runs it: under the stack's lock, whose release folds the state's journal. */
    ApplyResult apply(Stack stack, boolean destroy, StateStore store) {
        try (StateLock lock = store.lock(destroy ? "destroy" : "apply", Duration.ofSeconds(5))) {
            State state = store.read().orElseGet(() -> State.empty(stack.name()));
            LiveState live = new Refresher(registry, settings, progress::add).refresh(stack, state, !destroy);
            Plan plan = new Planner(registry).plan(stack, state, live, destroy);
            return new Applier(registry, settings, progress::add).apply(stack, plan, live, new StateKeeper(store, state));
        }
    }
}
