package dev.converge.apply;

import dev.converge.execution.ActionContext;
import dev.converge.execution.EngineSettings;
import dev.converge.execution.Progress;
import dev.converge.provider.AwaitsReadiness;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.Wait;
import dev.converge.stack.Instance;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The last step of a successful apply, once everything is recorded in the state: waits until each
 * resource of the stack that can exist without serving ({@link AwaitsReadiness}: a target group whose
 * targets are still being health-checked) serves. Each such resource waits on its own thread, so
 * two target groups share the wait rather than adding theirs up. Progress lines carry each new
 * status ("targets: waiting for i-1 initial (Elb.InitialHealthChecking: ...) to pass health checks").
 */
public final class Readiness {

    /** One resource that did not become ready: its address, AWS's error code and message. */
    public record NotReady(String address, String code, String message) {
    }

    private final TypeRegistry registry;
    private final EngineSettings settings;
    private final Progress progress;

    public Readiness(TypeRegistry registry, EngineSettings settings, Progress progress) {
        this.registry = registry;
        this.settings = settings;
        this.progress = progress;
    }

    /** Waits for every resource of {@code stack} recorded in {@code state} that needs it; what is not ready, empty if all is. */
    public List<NotReady> await(Stack stack, State state) {
        List<Instance> waiting = new ArrayList<>();
        for (Instance i : stack.resourceInstances()) {
            if (registry.find(i.entry().type().name()).orElse(null) instanceof AwaitsReadiness
                    && state.resources().containsKey(i.address().toString())) {
                waiting.add(i);
            }
        }
        if (waiting.isEmpty()) return List.of();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(waiting.size(), Math.max(1, settings.parallelism())), r -> {
            Thread t = new Thread(r, "converge-readiness");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<NotReady>> results = new ArrayList<>();
            for (Instance i : waiting) results.add(pool.submit(() -> awaitOne(i, state.resources().get(i.address().toString()))));
            List<NotReady> out = new ArrayList<>();
            for (Future<NotReady> f : results) {
                try {
                    NotReady r = f.get();
                    if (r != null) out.add(r);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new ProviderException("Interrupted", "interrupted while waiting for readiness", false);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(e.getCause());
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    private NotReady awaitOne(Instance instance, ResourceState recorded) {
        String address = instance.address().toString();
        ResourceType type = registry.find(instance.entry().type().name()).orElseThrow();
        ActionContext ctx = ActionContext.echoing(settings, progress, address);
        Instant start = Instant.now();
        try {
            ((AwaitsReadiness) type).awaitReady(new LiveResource(recorded.id(), address, recorded.live()), ctx);
        } catch (ProviderException e) {
            return new NotReady(address, e.code(), e.getMessage());
        }
        // Said only when there was something to wait for, so an apply of a healthy site stays quiet.
        if (ctx.lastStatus() != null) progress.line(address + ": ready after " + Wait.format(Duration.between(start, Instant.now())));
        return null;
    }
}
