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
import dev.converge.provider.SharedReads;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.Fingerprint;
import dev.converge.schema.Values;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads what the stack owns: one batched read per resource type (in parallel), matched to addresses
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

    /** @param stack the loaded stack; its lookups are read when {@code readData} */
    public LiveState refresh(Stack stack, State state, boolean readData) {
        return refresh(stack, state, readData, Set.of());
    }

    /**
     * @param alsoRead types to read besides those the stack declares and the state records: after a
     *                 destroy, the types it deleted, whose resources the state no longer names
     */
    public LiveState refresh(Stack stack, State state, boolean readData, Set<String> alsoRead) {
        Set<String> typeNames = new TreeSet<>(alsoRead);
        for (Instance i : stack.resourceInstances()) typeNames.add(i.entry().type().name());
        for (ResourceState r : state.resources().values()) typeNames.add(r.type());
        Map<String, List<LiveResource>> byType = readAll(stack.name(), typeNames, state);

        byte[] key = registry.ownershipKeys().read(stack.name()).orElse(null);
        OwnershipClassifier.Result owned = new OwnershipClassifier(stack.name(), key, state).classify(byType);
        if (!owned.ambiguous().isEmpty()) throw new AmbiguousOwnershipException(owned.ambiguous());
        Map<Address, Tracked> resources = owned.resources();
        List<Tracked> duplicates = owned.duplicates();
        Map<Address, Map<String, Object>> data = readData ? readData(stack, resources) : Map.of();
        return new LiveState(resources, duplicates, owned.unproven(), owned.rememberedWithoutProof(), data,
                fingerprint(resources, duplicates, owned.unproven(), data));
    }

    private Map<String, List<LiveResource>> readAll(String stackName, Set<String> typeNames, State state) {
        Map<String, List<LiveResource>> out = new TreeMap<>();
        if (typeNames.isEmpty()) return out;
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(settings.parallelism(), typeNames.size())),
                r -> {
                    Thread t = new Thread(r, "converge-refresh");
                    t.setDaemon(true);
                    return t;
                });
        try {
            Map<String, Future<List<LiveResource>>> futures = new TreeMap<>();
            SharedReads reads = new SharedReads();
            for (String name : typeNames) {
                ManagedType type = managed(name);
                List<String> known = new ArrayList<>();
                state.resources().values().forEach(r -> {
                    if (r.type().equals(name)) known.add(r.id());
                });
                futures.put(name, pool.submit(() -> type.read(stackName, known,
                        new ActionContext(settings, progress, "refresh " + name, reads))));
            }
            for (var f : futures.entrySet()) out.put(f.getKey(), get(f.getValue()));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private ManagedType managed(String name) {
        ResourceType t = registry.find(name).orElseThrow(() -> new ProviderException("UnknownType",
                "the state holds a resource of type " + name + ", which this version of Converge does not know", false));
        if (!(t instanceof ManagedType m)) throw new ProviderException("UnknownType", name + " is not a managed type", false);
        return m;
    }

    /** Lookups in dependency order: a lookup may use another's attributes, or an existing resource's. */
    private Map<Address, Map<String, Object>> readData(Stack stack, Map<Address, Tracked> resources) {
        Map<Address, Map<String, Object>> data = new TreeMap<>();
        Resolver resolver = new Resolver(stack, a -> a.data() ? data.get(a)
                : resources.containsKey(a) ? resources.get(a).resource().values() : null);
        for (Address a : stack.graph().creationOrder()) {
            if (!a.data()) continue;
            Instance instance = stack.instance(a);
            Map<String, Object> inputs = resolver.resolve(instance.properties());
            if (Values.containsUnknown(inputs) || containsTemplate(inputs)) {
                throw new ProviderException("LookupNotReady", a + " needs values that exist only after apply; lookups are read "
                        + "before planning, so they may use variables, other lookups and existing resources only", false);
            }
            DataType type = (DataType) registry.find(instance.entry().type().name()).orElseThrow();
            Map<String, Object> values = type.read(inputs, new ActionContext(settings, progress, a.toString()));
            data.put(a, values);
        }
        return data;
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

    private static <T> T get(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted", "interrupted while reading", false);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException(e.getCause());
        }
    }
}
