package dev.converge.testing.fake;

import dev.converge.provider.LiveResource;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.schema.Values;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * An in-memory cloud for engine tests: objects per type with tags, a log of calls (to assert order
 * and overlap), idempotency tokens honoured as AWS does, and injectable failures and delays.
 */
public final class FakeCloud {

    /** One call the engine made, with start and end times to prove ordering and parallelism. */
    public record Call(String operation, String type, String address, long startNanos, long endNanos) {
    }

    private final Map<String, Map<String, Map<String, Object>>> objects = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger sequence = new AtomicInteger();
    private final InMemoryOwnershipKeys keys = new InMemoryOwnershipKeys();
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private final Map<String, ProviderException> failureKinds = new ConcurrentHashMap<>();
    private volatile long delayMillis;
    private volatile Predicate<Call> beforeCall = c -> true;

    public String newId(String prefix) {
        return prefix + "-" + String.format("%04d", sequence.incrementAndGet());
    }

    public Map<String, Map<String, Object>> objects(String type) {
        return objects.computeIfAbsent(type, t -> new ConcurrentHashMap<>());
    }

    /** Every object of every type owned by {@code stack}. */
    public List<String> owned(String stack) {
        List<String> out = new ArrayList<>();
        objects.forEach((type, byId) -> byId.forEach((id, o) -> {
            if (stack.equals(tag(o, Ownership.STACK_TAG))) out.add(type + " " + id);
        }));
        return out;
    }

    public int count(String type) {
        return objects(type).size();
    }

    public List<Call> calls() {
        synchronized (calls) {
            return List.copyOf(calls);
        }
    }

    public List<String> mutations() {
        return calls().stream().filter(c -> !c.operation().equals("read")).map(c -> c.operation() + " " + c.address()).toList();
    }

    public void clearCalls() {
        calls.clear();
    }

    /** Each operation sleeps this long (to make parallelism observable). */
    public void delay(long millis) {
        this.delayMillis = millis;
    }

    /** The next {@code times} calls of {@code operation} on {@code address} fail with {@code error}. */
    public void fail(String operation, String address, int times, ProviderException error) {
        failures.put(operation + " " + address, times);
        failureKinds.put(operation + " " + address, error);
    }

    /** Runs before each call; returning false aborts the call (simulates a crash right before it). */
    public void beforeCall(Predicate<Call> hook) {
        this.beforeCall = hook;
    }

    <T> T record(String operation, String type, String address, java.util.function.Supplier<T> body) {
        long start = System.nanoTime();
        Call pending = new Call(operation, type, address, start, start);
        if (!beforeCall.test(pending)) throw new Crash(operation + " " + address);
        String key = operation + " " + address;
        Integer left = failures.get(key);
        if (left != null && left > 0) {
            failures.put(key, left - 1);
            calls.add(new Call(operation + "-failed", type, address, start, System.nanoTime()));
            throw failureKinds.get(key);
        }
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        T result = body.get();
        calls.add(new Call(operation, type, address, start, System.nanoTime()));
        return result;
    }

    /** The id an idempotency token already produced, if any (AWS returns the first resource again). */
    String idForToken(String token) {
        return token == null ? null : tokens.get(token);
    }

    /** The idempotency token that created {@code id}, as the client that sent it would know it. */
    public String tokenFor(String id) {
        return tokens.entrySet().stream().filter(e -> e.getValue().equals(id)).map(Map.Entry::getKey).findFirst().orElse(null);
    }

    void rememberToken(String token, String id) {
        if (token != null) tokens.put(token, id);
    }

    /** The fake cloud's ownership keys (its "SSM"). */
    public InMemoryOwnershipKeys keys() {
        return keys;
    }

    static String tag(Map<String, Object> o, String key) {
        Object tags = o.get("allTags");
        return tags instanceof Map<?, ?> m ? (String) m.get(key) : null;
    }

    @SuppressWarnings("unchecked")
    static LiveResource toLive(String id, Map<String, Object> o) {
        Map<String, Object> values = new LinkedHashMap<>();
        o.forEach((k, v) -> {
            if (!k.equals("allTags")) values.put(k, Values.deepCopy(v));
        });
        Map<String, String> userTags = new LinkedHashMap<>();
        ((Map<String, String>) o.getOrDefault("allTags", Map.of())).forEach((k, v) -> {
            if (!k.startsWith("converge:")) userTags.put(k, v);
        });
        values.put("tags", userTags);
        values.put("id", id);
        // As AwsTags reads it: the tag form (web:0) back to the address (web[0]).
        return new LiveResource(id, Ownership.address(tag(o, Ownership.ID_TAG)), values, tag(o, Ownership.PROOF_TAG));
    }

    /** Thrown by a beforeCall hook that refuses: stands for the process dying mid-apply. */
    public static final class Crash extends RuntimeException {
        public Crash(String what) {
            super("simulated crash before " + what);
        }
    }
}
