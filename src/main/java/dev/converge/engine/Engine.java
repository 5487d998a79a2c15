package dev.converge.engine;

import dev.converge.apply.Applier;
import dev.converge.apply.ApplyResult;
import dev.converge.apply.Readiness;
import dev.converge.apply.StateKeeper;
import dev.converge.execution.EngineSettings;
import dev.converge.execution.Progress;
import dev.converge.addr.Address;
import dev.converge.execution.ActionContext;
import dev.converge.plan.Imports;
import dev.converge.plan.Moves;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.plan.PlanScope;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanException;
import dev.converge.plan.Planner;
import dev.converge.provider.OwnershipKeys;
import dev.converge.provider.TypeRegistry;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Refresher;
import dev.converge.refresh.Tracked;
import dev.converge.stack.ImportEntry;
import dev.converge.stack.Stack;
import dev.converge.state.State;
import dev.converge.state.StateStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one way to run Converge's stages: {@link #plan} refreshes what the stack owns and plans against
 * it, {@link #apply} carries such a plan out. The command line and the tests all go through here, so
 * what every run must do happens for every caller: a saved plan is reproduced and checked before it is
 * applied, a plan without changes still brings the state up to date with the account, and a destroy
 * ends by checking that nothing of the stack's remains.
 *
 * <p>What is outside: reading the state (the caller knows where it is kept and holds its lock),
 * showing the plan, asking for approval, prices, and what to do about an apply's end: the engine
 * offers the {@linkplain #awaitReadiness readiness wait}, the caller reports it and runs the checks.
 */
public final class Engine {

    private final TypeRegistry registry;
    private final EngineSettings settings;
    private final Progress progress;

    public Engine(TypeRegistry registry, EngineSettings settings, Progress progress) {
        this.registry = registry;
        this.settings = settings;
        this.progress = progress;
    }

    /** What the stack owns in the account and its lookups, for commands that only read. */
    public LiveState refresh(Stack stack, State state) {
        return refresher().refresh(stack, state, true);
    }

    /**
     * Refreshes, then plans {@code stack} against {@code state} and what was found. With a saved plan
     * in {@code options}, its target is checked before anything is read, and the new plan must be the
     * saved one ({@link SavedPlanException} otherwise).
     */
    public Planned plan(Stack stack, State state, PlanOptions options) {
        Plan saved = options.saved();
        if (saved != null) SavedPlans.checkTarget(saved, state.target());
        checkScope(stack, state, options.scope());
        LiveState live = refresher().refresh(stack, state, options.readLookups());
        // A destroy deletes each resource where it is; a convergence first moves what `moved:` renames.
        List<String> problems = new ArrayList<>();
        Moves moves = options.destroy() ? Moves.none(state, live) : Moves.resolve(stack, state, live, problems);
        if (!problems.isEmpty()) throw new PlanException(problems);
        // And takes in what `import:` names, read by id, refused before anything changes if it cannot be.
        Imports imports = options.destroy() ? Imports.none(moves.live())
                : Imports.resolve(stack, moves.state(), moves.live(), (type, ids) -> readById(stack, type, ids), problems);
        if (!problems.isEmpty()) throw new PlanException(problems);
        Plan plan = new Planner(registry).plan(stack, moves.state(), imports.live(), options.destroy(), options.deleteUnproven(),
                moves.movedFrom(), options.scope(), imports.importing());
        if (saved != null) SavedPlans.checkStillHolds(saved, plan);
        return new Planned(stack, state, imports.forApply(moves.live(), plan), plan);
    }

    /**
     * {@code converge import ADDRESS ID}: the plan of one {@code import:} entry and nothing else, applied with
     * {@link #apply} like any plan. The resource is refused, read and claimed by the rules and code of the
     * stack's own entries; a resource the stack already holds there is claimed again (its missing proof
     * written). Only the address and what it needs are planned, so the rest of the stack neither blocks nor
     * slows the import.
     */
    public Planned planImport(Stack stack, State state, ImportEntry entry) {
        Stack one = stack.withImports(List.of(entry));
        // Resources sharing one proof at other addresses do not block it: importing the right ones settles them.
        LiveState live = refresher().refresh(one, state, true, java.util.Set.of(), false);
        List<String> problems = new ArrayList<>();
        Imports imports = Imports.resolve(one, state, live, (type, ids) -> readById(one, type, ids), problems, true);
        if (!problems.isEmpty()) throw new PlanException(problems);
        PlanScope scope = new PlanScope(List.of(entry.to().toString()), List.of(), List.of());
        Plan plan = new Planner(registry).plan(one, state, imports.live(), false, java.util.Set.of(), java.util.Map.of(), scope,
                imports.importing());
        return new Planned(one, state, imports.live(), Imports.only(plan, entry.to()));
    }

    /** The resources of {@code type} with these ids that exist (the type's read with known ids). */
    private List<LiveResource> readById(Stack stack, String type, List<String> ids) {
        ManagedType managed = (ManagedType) registry.find(type).orElseThrow();
        java.util.Set<String> wanted = new java.util.HashSet<>(ids);
        // The read also returns what the stack owns (a second look, as the SPI has no read by id alone):
        // only the ids asked for are of interest here.
        return managed.read(stack.name(), ids, new ActionContext(settings, progress, "import " + type)).stream()
                .filter(r -> wanted.contains(r.id())).toList();
    }

    /**
     * Every address of {@code --target}, {@code --exclude} and {@code --replace} must name something the
     * stack declares or its state records: a mistyped one would otherwise plan nothing, or everything.
     */
    private static void checkScope(Stack stack, State state, PlanScope scope) {
        if (scope.whole()) return;
        List<String> unknown = scope.unknown(knownAddresses(stack, state));
        if (!unknown.isEmpty()) {
            throw new PlanException(unknown.stream().map(a -> a + ": neither the stack nor its state has a resource of this address").toList());
        }
    }

    /** What scope addresses may name: the stack's resources and what its state records (removed ones too). */
    private static java.util.Set<Address> knownAddresses(Stack stack, State state) {
        java.util.Set<Address> known = new java.util.TreeSet<>();
        for (Address a : stack.graph().addresses()) if (!a.data()) known.add(a);
        for (String a : state.resources().keySet()) if (Address.isValid(a)) known.add(Address.parse(a));
        return known;
    }

    /**
     * Carries out a plan, recording each finished action through {@code store} (the store the
     * planned state was read from: it refuses to overwrite a state it has not seen).
     */
    public Applied apply(Planned planned, StateStore store, StopSignal stop) {
        Plan plan = planned.plan();
        if (!plan.hasChanges()) return catchUp(planned, store);
        ApplyResult result;
        State after;
        // Closing the keeper syncs every checkpoint: before the caller releases the lock, and before the key is retired.
        try (StateKeeper keeper = new StateKeeper(store, planned.state())) {
            stop.changing(true);
            try {
                result = new Applier(registry, settings, progress).apply(planned.stack(), plan, planned.live(), keeper, stop::requested);
            } finally {
                stop.changing(false);
            }
            after = keeper.current();
        }
        // A partial destroy leaves the rest of the stack, and the key that proves it is the stack's.
        if (!plan.destroy() || plan.scopeOrFull().partial() || !result.succeeded() || result.interrupted()) {
            return new Applied(result, after, List.of(), null);
        }
        List<String> remaining = remaining(planned.stack(), after, plan);
        return new Applied(result, after, remaining, remaining.isEmpty() ? retireKey(planned.stack()) : null);
    }

    /**
     * A plan without changes still brings the state up to date with the account: resources adopted
     * by their proofs (after a lost state or a crash), spent idempotency tokens, outputs. A destroy
     * with nothing to destroy leaves the state alone and retires the stack's key.
     */
    private Applied catchUp(Planned planned, StateStore store) {
        Plan plan = planned.plan();
        ApplyResult nothing = new ApplyResult(0, 0, 0, Duration.ZERO, List.of(), List.of(), false, plan.outputs());
        if (plan.destroy()) {
            return new Applied(nothing, planned.state(), List.of(), plan.scopeOrFull().partial() ? null : retireKey(planned.stack()));
        }
        try (StateKeeper keeper = new StateKeeper(store, planned.state())) {
            Applier.catchUp(plan, planned.live(), keeper);
            if (!plan.outputs().equals(keeper.current().outputs())) keeper.update(s -> s.setOutputs(plan.outputs()));
            return new Applied(nothing, keeper.current(), List.of(), null);
        }
    }

    /**
     * What refresh still finds of the stack's after its destroy: the addresses, duplicates included.
     * It reads every type the destroy deleted, as the state no longer names them (and a stand-in stack
     * of {@code destroy --stack} declares none).
     */
    private List<String> remaining(Stack stack, State state, Plan plan) {
        java.util.Set<String> types = new java.util.TreeSet<>();
        plan.changes().forEach(c -> types.add(c.type()));
        LiveState after = refresher().refresh(stack, state, false, types);
        List<String> out = new ArrayList<>();
        after.resources().keySet().forEach(a -> out.add(a.toString()));
        for (Tracked d : after.duplicates()) out.add(d.address() + " (duplicate " + d.resource().id() + ")");
        return out;
    }

    /**
     * Deletes the stack's ownership key, last, once nothing of the stack's remains: a key left behind
     * would let leftovers signed with it be adopted by a future stack of the same name, and a key
     * deleted earlier would leave the rest unprovable. Returns what was deleted, or null.
     */
    private String retireKey(Stack stack) {
        OwnershipKeys keys = registry.ownershipKeys();
        if (keys.read(stack.name()).isEmpty()) return null;
        keys.delete(stack.name());
        return keys.describe(stack.name());
    }

    /**
     * After an apply, waits until what must serve serves (load balancer targets healthy, bounded by
     * the {@code targets} timeout), printing progress as it goes; what is not ready, empty if all is.
     */
    public List<Readiness.NotReady> awaitReadiness(Stack stack, State state) {
        return new Readiness(registry, settings, progress).await(stack, state);
    }

    private Refresher refresher() {
        return new Refresher(registry, settings, progress);
    }
}
