package dev.converge.refresh;

import dev.converge.addr.Address;
import dev.converge.desired.Resolver;
import dev.converge.execution.ActionContext;
import dev.converge.execution.EngineSettings;
import dev.converge.execution.Progress;
import dev.converge.expr.Template;
import dev.converge.provider.DataType;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceType;
import dev.converge.provider.ScopedRead;
import dev.converge.provider.SharedReads;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.Fingerprint;
import dev.converge.schema.Values;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Reads what the stack owns: one batched read per resource type, the lookups beside them, matched to addresses
 * by the physical id the state remembers, or by an ownership claim whose proof verifies with the
 * stack's key ({@link OwnershipClassifier}). The cloud is the source of truth: a proven resource
 * missing from the state is adopted; a state entry whose resource is gone is dropped; a claim
 * without proof is reported and left alone.
 */
public final class Refresher {

    private final TypeRegistry registry;
    private final EngineSettings settings;
    private final Progress progress;

    public Refresher(TypeRegistry registry, EngineSettings settings, Progress progress) {
        this.registry = registry;
        this.settings = settings;
        this.progress = progress;
    }

    /**
     * Every read is scheduled as soon as what it needs is known, on one bounded pool: the per-type
     * reads, the stack's ownership key and the lookups that use only variables and other lookups
     * start at once; a lookup that uses an existing resource waits for the reads and the
     * classification. A failure is reported as the sequential order would meet it: types by name,
     * then the key, then lookups in dependency order.
     *
     * @param stack the loaded stack; its lookups are read when {@code readData}
     */
    public LiveState refresh(Stack stack, State state, boolean readData) {
        return refresh(stack, state, readData, Set.of());
    }

    /**
     * @param alsoRead types to read besides those the stack declares and the state records: after a
     *                 destroy, the types it deleted, whose resources the state no longer names
     */
    public LiveState refresh(Stack stack, State state, boolean readData, Set<String> alsoRead) {
        return refresh(stack, state, readData, alsoRead, true);
    }

    /**
     * @param refuseAmbiguity throw {@link AmbiguousOwnershipException} when several resources carry one proof for an
     *                        address the state does not hold (what a plan must do); false for {@code converge import},
     *                        which settles them one at a time: they are then reported as unproven claims
     */
    public LiveState refresh(Stack stack, State state, boolean readData, Set<String> alsoRead, boolean refuseAmbiguity) {
        Set<String> typeNames = new TreeSet<>(alsoRead);
        for (Instance i : stack.resourceInstances()) typeNames.add(i.entry().type().name());
        for (ResourceState r : state.resources().values()) typeNames.add(r.type());
        List<Address> lookups = readData ? stack.graph().creationOrder().stream().filter(Address::data).toList() : List.of();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.parallelism(), typeNames.size() + lookups.size() + 1)),
                r -> {
                    Thread t = new Thread(r, "converge-refresh");
                    t.setDaemon(true);
                    return t;
                });
        try {
            // The lookups go to the pool first: each starts a chain (a hosted zone's id, then its name
            // servers; a lookup that uses another), while a type's read is mostly one batched call.
            // When the pool is smaller than what could start at once, the chains are not the ones that wait.
            CompletableFuture<OwnershipClassifier.Result> owned = new CompletableFuture<>();
            Map<Address, CompletableFuture<Map<String, Object>>> data = readData(stack, lookups, owned, pool);
            CompletableFuture<byte[]> key = CompletableFuture.supplyAsync(() -> registry.ownershipKeys().read(stack.name()).orElse(null), pool);
            Map<String, CompletableFuture<List<LiveResource>>> reads = readAll(stack, typeNames, state, key, pool);
            CompletableFuture.allOf(all(reads.values(), List.of(key)))
                    .thenApply(done -> {
                        Map<String, List<LiveResource>> byType = new TreeMap<>();
                        reads.forEach((name, f) -> byType.put(name, f.join()));
                        Map<Address, String> imports = new TreeMap<>();
                        stack.imports().forEach(i -> imports.put(i.to(), i.id()));
                        return new OwnershipClassifier(stack.name(), key.join(), state).choosing(imports).classify(byType);
                    })
                    .whenComplete((result, failure) -> {
                        if (failure != null) owned.completeExceptionally(failure);
                        else owned.complete(result);
                    });

            // Everything settles before anything is reported, so no read is left running behind an error.
            awaitQuietly(all(reads.values(), List.of(key, owned), data.values()));
            reads.values().forEach(Refresher::get);
            get(key);
            OwnershipClassifier.Result result = get(owned);
            if (refuseAmbiguity && !result.ambiguous().isEmpty()) throw new AmbiguousOwnershipException(result.ambiguous());
            Map<Address, Map<String, Object>> values = new TreeMap<>();
            for (Address a : lookups) values.put(a, get(data.get(a)));
            Map<Address, Tracked> resources = result.resources();
            List<Tracked> duplicates = result.duplicates();
            return new LiveState(resources, duplicates, result.unproven(), result.rememberedWithoutProof(), values,
                    fingerprint(resources, duplicates, result.unproven(), values));
        } finally {
            pool.shutdownNow();
        }
    }

    private Map<String, CompletableFuture<List<LiveResource>>> readAll(Stack stack, Set<String> typeNames, State state,
                                                                       CompletableFuture<byte[]> key, ExecutorService pool) {
        Map<String, CompletableFuture<List<LiveResource>>> futures = new TreeMap<>();
        SharedReads reads = new SharedReads();
        for (String name : typeNames) {
            ManagedType type = managed(name);
            List<String> known = new ArrayList<>();
            state.resources().values().forEach(r -> {
                if (r.type().equals(name)) known.add(r.id());
            });
            ActionContext context = new ActionContext(settings, progress, "refresh " + name, reads);
            if (!(type instanceof ScopedRead scoped)) {
                futures.put(name, CompletableFuture.supplyAsync(() -> type.read(stack.name(), known, context), pool));
                continue;
            }
            // A state that records something narrows the read. One that records nothing is a lost
            // state, after which what the stack owned may be anywhere and only a full read finds it
            // again, or that of a stack never applied, which has no ownership key, so that no claim
            // anywhere can prove to be its own: its plans read only where its resources go. (The
            // key's own failure is reported as the key's.)
            CompletableFuture<Boolean> narrowed = !state.resources().isEmpty() ? CompletableFuture.completedFuture(true)
                    : key.handle((found, failed) -> failed == null && found == null);
            futures.put(name, narrowed.thenApplyAsync(narrow -> narrow ? scoped.read(stack.name(), known, beforeReads(stack, name), context)
                    : type.read(stack.name(), known, context), pool));
        }
        return futures;
    }

    /** The stack's resources of {@code type}, resolved as far as they are known before anything is read. */
    private static List<Map<String, Object>> beforeReads(Stack stack, String type) {
        Resolver nothingRead = new Resolver(stack, a -> null);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Instance i : stack.resourceInstances()) {
            if (i.entry().type().name().equals(type)) out.add(nothingRead.resolve(i.properties()));
        }
        return out;
    }

    private ManagedType managed(String name) {
        ResourceType t = registry.find(name).orElseThrow(() -> new ProviderException("UnknownType",
                "the state holds a resource of type " + name + ", which this version of Converge does not know", false));
        if (!(t instanceof ManagedType m)) throw new ProviderException("UnknownType", name + " is not a managed type", false);
        return m;
    }

    /**
     * Each lookup starts when the lookups it uses are read, and, if it uses an existing resource,
     * once the resources are read and classified.
     */
    private Map<Address, CompletableFuture<Map<String, Object>>> readData(Stack stack, List<Address> lookups,
                                                                           CompletableFuture<OwnershipClassifier.Result> owned,
                                                                           ExecutorService pool) {
        Map<Address, CompletableFuture<Map<String, Object>>> data = new LinkedHashMap<>();
        Map<Address, Map<String, Object>> read = new ConcurrentHashMap<>();
        LookupUses uses = lookups.isEmpty() ? null : LookupUses.of(stack);
        Resolver resolver = new Resolver(stack, a -> a.data() ? read.get(a)
                : owned.isDone() && owned.join().resources().containsKey(a) ? owned.join().resources().get(a).resource().values() : null);
        for (Address a : lookups) {
            List<CompletableFuture<?>> needs = new ArrayList<>();
            for (Address d : stack.graph().dependenciesOf(a)) needs.add(d.data() ? data.get(d) : owned);
            CompletableFuture<Map<String, Object>> f = CompletableFuture.allOf(needs.toArray(CompletableFuture[]::new))
                    .thenApplyAsync(ready -> {
                        Map<String, Object> values = readLookup(stack, a, resolver, uses);
                        read.put(a, values);
                        return values;
                    }, pool);
            data.put(a, f);
        }
        return data;
    }

    private Map<String, Object> readLookup(Stack stack, Address a, Resolver resolver, LookupUses uses) {
        Instance instance = stack.instance(a);
        Map<String, Object> inputs = resolver.resolve(instance.properties());
        if (Values.containsUnknown(inputs) || containsTemplate(inputs)) {
            throw new ProviderException("LookupNotReady", a + " needs values that exist only after apply; lookups are read "
                    + "before planning, so they may use variables, other lookups and existing resources only", false);
        }
        DataType type = (DataType) registry.find(instance.entry().type().name()).orElseThrow();
        return type.read(inputs, uses.of(instance.entry()), new ActionContext(settings, progress, a.toString()));
    }

    @SafeVarargs
    private static CompletableFuture<?>[] all(Collection<? extends CompletableFuture<?>>... groups) {
        List<CompletableFuture<?>> out = new ArrayList<>();
        for (var g : groups) out.addAll(g);
        return out.toArray(CompletableFuture[]::new);
    }

    private static void awaitQuietly(CompletableFuture<?>[] futures) {
        try {
            CompletableFuture.allOf(futures).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted", "interrupted while reading", false);
        } catch (ExecutionException failedOne) {
            // reported below, in a stable order
        }
    }

    private static boolean containsTemplate(Object v) {
        if (v instanceof Template) return true;
        if (v instanceof Map<?, ?> m) return m.values().stream().anyMatch(Refresher::containsTemplate);
        if (v instanceof Collection<?> c) return c.stream().anyMatch(Refresher::containsTemplate);
        return false;
    }

    private static String fingerprint(Map<Address, Tracked> resources, List<Tracked> duplicates, List<Unproven> unproven,
                                      Map<Address, Map<String, Object>> data) {
        Map<String, Object> all = new TreeMap<>();
        resources.forEach((a, t) -> all.put(a.toString(), List.of(t.type(), t.resource().id(), t.resource().values())));
        for (Tracked d : duplicates) all.put("duplicate " + d.type() + " " + d.resource().id(), d.resource().values());
        for (Unproven u : unproven) all.put("unproven " + u.claim().type() + " " + u.claim().resource().id(), u.claim().resource().values());
        data.forEach((a, v) -> all.put(a.toString(), v));
        return Fingerprint.sha256(Values.canonicalString(all));
    }

    private static <T> T get(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }
}
