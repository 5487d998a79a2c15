package dev.converge.apply;

import dev.converge.addr.Address;
import dev.converge.desired.DesiredProperties;
import dev.converge.desired.Resolver;
import dev.converge.execution.ActionContext;
import dev.converge.execution.EngineSettings;
import dev.converge.execution.Progress;
import dev.converge.expr.Template;
import dev.converge.graph.ParallelWalker;
import dev.converge.plan.Action;
import dev.converge.plan.ApplyOrder;
import dev.converge.plan.AttributeChange;
import dev.converge.plan.DeleteInputs;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.plan.Step;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipProof;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.Updatable;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Tracked;
import dev.converge.refresh.Unproven;
import dev.converge.schema.Values;
import dev.converge.stack.Instance;
import dev.converge.stack.Output;
import dev.converge.stack.Stack;
import dev.converge.state.PendingCreate;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.state.WorkingState;
import org.jgrapht.Graph;
import org.jgrapht.graph.DefaultEdge;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Carries out a plan: steps in parallel in dependency order, each resolved against what has really
 * been created so far, each checkpointed to the state as it finishes. On the first failure nothing
 * new starts and what is running finishes; rerunning apply continues from there.
 */
public final class Applier {

    private final TypeRegistry registry;
    private final EngineSettings settings;
    private final Progress progress;

    public Applier(TypeRegistry registry, EngineSettings settings, Progress progress) {
        this.registry = registry;
        this.settings = settings;
        this.progress = progress;
    }

    public ApplyResult apply(Stack stack, Plan plan, LiveState live, StateKeeper state) {
        return apply(stack, plan, live, state, () -> false);
    }

    /**
     * @param stop polled before each action starts: once true, nothing new starts, what is running
     *             finishes and is recorded, and the result says the apply was interrupted
     */
    public ApplyResult apply(Stack stack, Plan plan, LiveState live, StateKeeper state, BooleanSupplier stop) {
        Instant start = Instant.now();
        Graph<Step, DefaultEdge> graph = ApplyOrder.build(plan);
        Map<String, Tracked> liveById = new HashMap<>();
        for (Tracked t : live.resources().values()) liveById.put(t.type() + " " + t.resource().id(), t);
        for (Tracked t : live.duplicates()) liveById.put(t.type() + " " + t.resource().id(), t);
        for (Unproven u : live.unproven()) liveById.put(u.claim().type() + " " + u.claim().resource().id(), u.claim());
        catchUp(plan, live, state);
        Run run = new Run(stack, live, state, liveById);
        ParallelWalker.Result<Step> result;
        try (ProgressTicker ticker = new ProgressTicker(progress, settings.progressEvery())) {
            run.ticker = ticker;
            ApplyResult.Failure moveFailed = run.moves(plan);
            if (moveFailed == null) moveFailed = run.imports(plan);
            if (moveFailed != null) {
                List<String> notStarted = new ArrayList<>();
                graph.vertexSet().forEach(s -> notStarted.add(s.key()));
                notStarted.sort(String::compareTo);
                return new ApplyResult(0, 0, 0, Duration.between(start, Instant.now()), List.of(moveFailed), notStarted, false, Map.of());
            }
            result = ParallelWalker.walk(graph, settings.parallelism(), Step::compareTo, run::execute, stop);
        }
        List<ApplyResult.Failure> failures = new ArrayList<>();
        result.failed().forEach((step, error) -> failures.add(failure(step, error)));
        List<String> skipped = new ArrayList<>();
        for (Step s : result.skipped()) skipped.add(s.key());
        for (Step s : result.notStarted()) skipped.add(s.key());
        skipped.sort(String::compareTo);
        boolean interrupted = failures.isEmpty() && !result.notStarted().isEmpty() && stop.getAsBoolean();
        // Outputs are recorded by a complete apply only; a stopped one keeps those of the last.
        Map<String, Object> outputs = Map.of();
        if (failures.isEmpty() && !interrupted) {
            Map<String, Object> values = plan.destroy() ? Map.of() : outputs(stack, state, live);
            state.update(s -> s.setOutputs(values));
            outputs = values;
        }
        return new ApplyResult(run.added.get(), run.changed.get(), run.destroyed.get(),
                Duration.between(start, Instant.now()), failures, skipped, interrupted, outputs, run.forgotten.get(),
                run.imported.get());
    }

    /**
     * Before any change, the state catches up with the refresh. A resource found by its ownership
     * tags but missing from the state (a lost state, or a create whose answer a crash lost) is
     * recorded. The pending create of an address the refresh found is complete, so its idempotency
     * token is spent: reused for a later create of that address (a replacement, or a create after a
     * destroy), AWS would hand back the old resource instead of making a new one.
     */
    public static void catchUp(Plan plan, LiveState live, StateKeeper state) {
        // Before any change the whole state costs nothing to read: it is the planned one.
        State current = state.current();
        // A resource the state records under another address is being moved there: the move records it.
        Set<String> recorded = new java.util.HashSet<>();
        current.resources().values().forEach(r -> recorded.add(r.type() + " " + r.id()));
        // What an import takes in is recorded by the import, after its claim: recorded first, a crash
        // before the claim would leave the state owning a resource that carries no proof of it.
        for (ResourceChange c : plan.changes()) if (c.imported()) recorded.add(c.type() + " " + c.physicalId());
        boolean behind = live.resources().values().stream().anyMatch(t -> {
            String a = t.address().toString();
            boolean unrecorded = !current.resources().containsKey(a) && !recorded.contains(t.type() + " " + t.resource().id());
            return unrecorded || current.pending().containsKey(a);
        });
        if (!behind) return;
        Map<String, List<String>> dependsOn = new HashMap<>();
        for (ResourceChange c : plan.changes()) dependsOn.put(c.address(), c.dependsOn());
        String now = Instant.now().toString();
        state.update(s -> {
            for (Tracked t : live.resources().values()) {
                String a = t.address().toString();
                if (s.resource(a) == null && !recorded.contains(t.type() + " " + t.resource().id())) {
                    s.putResource(a, new ResourceState(t.type(), t.resource().id(), Map.of(), t.resource().values(),
                            dependsOn.getOrDefault(a, List.of()), now));
                }
                s.removePending(a);
            }
        });
    }

    private static ApplyResult.Failure failure(Step step, Throwable error) {
        String verb = step.kind() == Step.Kind.DESTROY ? "destroying" : step.change().action() == Action.UPDATE ? "updating"
                : step.change().action() == Action.FORGET ? "forgetting" : "creating";
        return failure(verb + " " + step.change().address() + " (" + step.change().type() + ")", error);
    }

    private static ApplyResult.Failure failure(String what, Throwable error) {
        if (error instanceof ProviderException p) return new ApplyResult.Failure(what, p.code(), p.getMessage());
        return new ApplyResult.Failure(what, error.getClass().getSimpleName(), String.valueOf(error.getMessage()));
    }

    private Map<String, Object> outputs(Stack stack, StateKeeper state, LiveState live) {
        Resolver resolver = resolver(stack, state, live);
        Map<String, Object> out = new TreeMap<>();
        for (Output o : stack.outputs().values()) out.put(o.name(), resolver.resolveValue(o.value()));
        return out;
    }

    /**
     * What a reference sees during apply: the state as each action records it, else the refresh.
     * A resource found by its ownership tags but never recorded (adopted after a lost state or a
     * crash between its create and the checkpoint) is only in the refresh until an action records it.
     */
    private static Resolver resolver(Stack stack, StateKeeper state, LiveState live) {
        return new Resolver(stack, a -> {
            if (a.data()) return live.data().get(a);
            ResourceState r = state.resource(a.toString());
            if (r != null) return r.live();
            Tracked found = live.resources().get(a);
            return found == null ? null : found.resource().values();
        });
    }

    /** The mutable part of one apply. */
    private final class Run {
        final Stack stack;
        final LiveState live;
        final StateKeeper state;
        final Map<String, Tracked> liveById;
        final AtomicInteger added = new AtomicInteger();
        final AtomicInteger changed = new AtomicInteger();
        final AtomicInteger destroyed = new AtomicInteger();
        final AtomicInteger forgotten = new AtomicInteger();
        final AtomicInteger imported = new AtomicInteger();
        final Retry retry = new Retry(settings);
        final ProofSigner signer;
        ProgressTicker ticker;

        Run(Stack stack, LiveState live, StateKeeper state, Map<String, Tracked> liveById) {
            this.stack = stack;
            this.live = live;
            this.state = state;
            this.liveById = liveById;
            this.signer = new ProofSigner(registry.ownershipKeys(), stack.name());
        }

        void execute(Step step) {
            ResourceChange c = step.change();
            if (step.kind() == Step.Kind.DESTROY) destroy(step);
            else if (c.action() == Action.UPDATE) update(c);
            else if (c.action() == Action.FORGET) forget(c);
            else create(c);
        }

        private void create(ResourceChange c) {
            Address address = Address.parse(c.address());
            ManagedType type = managed(c.type());
            Instance instance = stack.instance(address);
            Map<String, Object> desired = resolve(type, instance);
            // Write-ahead: the token is written before the call, so a rerun after a crash reuses it. A
            // resource made with its claim (tags in the create, a companion record) is found again by
            // its proof if a power loss takes the token; one claimed after its create is not, so its
            // token is synced before the call.
            PendingCreate pending = state.pending(c.address());
            String token = pending != null && pending.type().equals(type.name()) ? pending.idempotencyToken()
                    : UUID.randomUUID().toString().replace("-", "");
            if (pending == null || !pending.idempotencyToken().equals(token)) {
                Consumer<WorkingState> writeAhead = s -> s.putPending(c.address(), new PendingCreate(type.name(), token, Instant.now().toString()));
                if (type.ownership().atomicWithCreate()) state.update(writeAhead);
                else state.updateDurably(writeAhead);
            }
            ActionContext ctx = new ActionContext(settings, progress, c.address());
            String verb = c.action() == Action.REPLACE ? "replacing" : "creating";
            LiveResource created = track(c.address(), verb, ctx, () -> retry.run(() -> type.create(
                    new ManagedType.CreateRequest(stack.name(), c.address(), desired,
                            signer.withProof(DesiredProperties.tags(stack, address, desired), c.address(), token), token), ctx),
                    e -> ctx.status("retrying after " + e.code())));
            List<String> deps = c.dependsOn();
            state.update(s -> s.putResource(c.address(), new ResourceState(type.name(), created.id(), desired, created.values(),
                    deps, Instant.now().toString())).removePending(c.address()));
            added.incrementAndGet();
        }

        /**
         * The moves, first and one by one: each is one tagging call, and what follows expects the new
         * addresses. Returns the failure that stopped them, or null.
         */
        ApplyResult.Failure moves(Plan plan) {
            for (ResourceChange c : plan.changes()) {
                if (!c.moved()) continue;
                try {
                    move(c);
                } catch (RuntimeException e) {
                    return failure("moving " + c.movedFrom() + " to " + c.address() + " (" + c.type() + ")", e);
                }
            }
            return null;
        }

        /**
         * The imports, after the moves and one by one, before anything else: each is one tagging call,
         * and the updates and replacements that follow expect the resource to be the stack's. Returns
         * the failure that stopped them, or null.
         */
        ApplyResult.Failure imports(Plan plan) {
            for (ResourceChange c : plan.changes()) {
                if (!c.imported()) continue;
                try {
                    ManagedType type = managed(c.type());
                    Tracked found = liveById.get(type.name() + " " + c.physicalId());
                    ActionContext ctx = new ActionContext(settings, progress, c.address());
                    LiveResource claimed = track(c.address(), "importing", ctx, () -> retry.run(() -> ImportClaims.take(
                            registry.ownershipKeys(), stack, c, type, found.resource(), ctx, state), e -> ctx.status("retrying after " + e.code())));
                    // What follows (an update, a replacement) starts from the resource as it now is.
                    liveById.put(type.name() + " " + c.physicalId(), new Tracked(found.address(), type.name(), claimed));
                    imported.incrementAndGet();
                } catch (RuntimeException e) {
                    return failure("importing " + c.physicalId() + " as " + c.address() + " (" + c.type() + ")", e);
                }
            }
            return null;
        }

        /**
         * Gives a resource its new address: its ownership tag and a proof signed for the new address
         * first, then the state entry. Interrupted between the two, the state still names the old
         * address and the next plan moves it again; with the state lost, the new proof adopts it at
         * the new address. The old proof is retired: a copy of it must not prove the old address.
         */
        void move(ResourceChange c) {
            ManagedType type = managed(c.type());
            Tracked current = liveById.get(type.name() + " " + c.physicalId());
            ActionContext ctx = new ActionContext(settings, progress, c.address());
            Address to = Address.parse(c.address());
            LiveResource claimed = track(c.movedFrom() + " → " + c.address(), "moving", ctx, () -> retry.run(() -> OwnershipClaims.write(
                    registry.ownershipKeys(), stack, to, type, current.resource(), ctx, false), e -> ctx.status("retrying after " + e.code())));
            Optional<String> oldNonce = OwnershipProof.nonce(current.resource().proof());
            String now = Instant.now().toString();
            // Synced: which proof is retired is known only here (AWS no longer shows the old one).
            state.updateDurably(s -> {
                ResourceState old = s.resource(c.movedFrom());
                boolean same = old != null && old.id().equals(c.physicalId());
                if (same) s.removeResource(c.movedFrom());
                Map<String, Object> applied = same ? old.applied() : Map.of();
                s.putResource(c.address(), new ResourceState(type.name(), claimed.id(), applied, claimed.values(), c.dependsOn(), now));
                oldNonce.ifPresent(s::retireProof);
            });
        }

        /**
         * A {@code removed:} entry's resource: its claim is dropped in AWS first, then its state entry,
         * and its proof is retired. Interrupted between the two, the state still names it and the next
         * plan forgets it again (disowning what carries no claim changes nothing); with the state lost
         * afterwards, nothing proves it is the stack's, so no later plan adopts it, let alone deletes
         * it; and a copy of its proof on another resource proves nothing either.
         */
        private void forget(ResourceChange c) {
            ManagedType type = managed(c.type());
            Tracked current = liveById.get(type.name() + " " + c.physicalId());
            ActionContext ctx = new ActionContext(settings, progress, c.address());
            track(c.address(), "forgetting", ctx, () -> retry.run(() -> {
                type.disown(stack.name(), current.resource(), ctx);
                return null;
            }, e -> ctx.status("retrying after " + e.code())));
            release(c.address(), c.physicalId(), current.resource());
            forgotten.incrementAndGet();
        }

        private void update(ResourceChange c) {
            Address address = Address.parse(c.address());
            ManagedType type = managed(c.type());
            if (!(type instanceof Updatable updatable)) throw new IllegalStateException(type.name() + " cannot update in place");
            Map<String, Object> desired = resolve(type, stack.instance(address));
            Tracked current = liveById.get(type.name() + " " + c.physicalId());
            Set<String> changedNames = new LinkedHashSet<>();
            for (AttributeChange a : c.changes()) changedNames.add(a.path());
            ActionContext ctx = new ActionContext(settings, progress, c.address());
            LiveResource updated = track(c.address(), "updating", ctx, () -> retry.run(() -> updatable.update(current.resource(),
                    desired, changedNames, DesiredProperties.tags(stack, address, desired), ctx), e -> ctx.status("retrying after " + e.code())));
            state.update(s -> s.putResource(c.address(), new ResourceState(type.name(), updated.id(), desired, updated.values(),
                    c.dependsOn(), Instant.now().toString())));
            changed.incrementAndGet();
        }

        private void destroy(Step step) {
            ResourceChange c = step.change();
            Tracked old = findOld(c, step.physicalId());
            ManagedType type = managed(old.type());
            ActionContext ctx = new ActionContext(settings, progress, c.address());
            String label = c.action() == Action.DELETE ? c.address() : c.address() + " (old " + step.physicalId() + ")";
            track(label, "destroying", ctx, () -> {
                retry.run(() -> {
                    type.delete(DeleteInputs.of(type, old.resource(), stack.instance(old.address()), resolver(stack, state, live),
                            state.resource(c.address())), ctx);
                    return null;
                }, e -> ctx.status("waiting: " + e.code() + " (" + e.getMessage() + ")"));
                return null;
            });
            release(c.address(), step.physicalId(), old.resource());
            // As in the plan's summary of a replacement: one added, one destroyed.
            destroyed.incrementAndGet();
        }

        /**
         * The stack is done with {@code resource} (deleted or forgotten): its state entry goes, if the
         * state still records this very resource there, and its proof is retired with it, so a copy
         * somebody made of it must not prove anything later.
         */
        private void release(String address, String physicalId, LiveResource resource) {
            Optional<String> nonce = OwnershipProof.nonce(resource.proof());
            Consumer<WorkingState> released = s -> {
                ResourceState r = s.resource(address);
                if (r != null && r.id().equals(physicalId)) s.removeResource(address);
                nonce.ifPresent(s::retireProof);
            };
            // Synced when there is a proof to retire: AWS cannot tell it again once the resource is
            // gone or disowned, and a copy of the proof must not prove the address later.
            if (nonce.isPresent()) state.updateDurably(released);
            else state.update(released);
        }

        private Tracked findOld(ResourceChange c, String physicalId) {
            for (Tracked t : liveById.values()) {
                if (t.resource().id().equals(physicalId) && t.address().toString().equals(c.address())) return t;
            }
            throw new IllegalStateException("no live resource " + physicalId + " for " + c.address());
        }

        private Map<String, Object> resolve(ResourceType type, Instance instance) {
            Map<String, Object> resolved = resolver(stack, state, live).resolve(instance.properties());
            if (Values.containsUnknown(resolved) || containsTemplate(resolved)) {
                throw new ProviderException("Unresolved", instance.address() + ": some values are still unknown after its "
                        + "dependencies were applied (a referenced attribute is missing)", false);
            }
            return DesiredProperties.of(stack, type, resolved);
        }

        private ManagedType managed(String name) {
            ResourceType t = registry.find(name).orElseThrow(() -> new IllegalStateException("unknown type " + name));
            return (ManagedType) t;
        }

        private <T> T track(String label, String verb, ActionContext ctx, java.util.function.Supplier<T> work) {
            progress.line(label + ": " + verb + "…");
            long started = System.nanoTime();
            ProgressTicker.Handle h = ticker.start(label, verb, ctx);
            try {
                T result = work.get();
                long secs = Duration.ofNanos(System.nanoTime() - started).toSeconds();
                String done = switch (verb) {
                    case "creating" -> "created";
                    case "replacing" -> "replaced";
                    case "updating" -> "updated";
                    case "moving" -> "moved";
                    case "forgetting" -> "forgotten";
                    case "importing" -> "imported";
                    default -> "destroyed";
                };
                String id = result instanceof LiveResource lr ? " [id=" + lr.id() + "]" : "";
                progress.line(label + ": " + done + " after " + secs + "s" + id);
                return result;
            } finally {
                h.close();
            }
        }
    }

    private static boolean containsTemplate(Object v) {
        if (v instanceof Template) return true;
        if (v instanceof Map<?, ?> m) return m.values().stream().anyMatch(Applier::containsTemplate);
        if (v instanceof List<?> l) return l.stream().anyMatch(Applier::containsTemplate);
        return false;
    }
}
