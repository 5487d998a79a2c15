package dev.converge.provider.aws.elbv2;

import dev.converge.provider.ProviderException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Runs the reads ELBv2 only offers one resource at a time (attributes, target health, listeners)
 * a few at a time, so their latency does not add up over a large stack, and independent reads
 * beside each other ({@link #beside}). The number of calls is unchanged; the SDK's retry strategy
 * absorbs throttling.
 */
final class PerResource {

    /** Enough to hide latency, few enough to stay far below ELBv2's describe rate limits. */
    private static final int PARALLELISM = 8;

    private PerResource() {
    }

    /**
     * Starts {@code read} on a thread of its own and returns what waits for its result, so that the
     * caller's own read runs beside it. Its failure is rethrown by the wait, as {@link #map} does.
     * If the caller's read fails first, nobody waits: the thread ends with its call.
     */
    static <R> Supplier<R> beside(Supplier<R> read) {
        FutureTask<R> task = new FutureTask<>(read::get);
        Thread t = new Thread(task, "converge-elbv2-read");
        t.setDaemon(true);
        t.start();
        return () -> result(task);
    }

    static <T, R> List<R> map(List<T> items, Function<T, R> read) {
        if (items.size() <= 1) return items.stream().map(read).toList();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLELISM, items.size()), r -> {
            Thread t = new Thread(r, "converge-elbv2-read");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<R>> futures = new ArrayList<>();
            for (T item : items) futures.add(pool.submit(() -> read.apply(item)));
            List<R> out = new ArrayList<>(items.size());
            for (Future<R> f : futures) out.add(result(f));
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /** The read's result, or its failure as the read threw it (a ProviderException stays one). */
    private static <R> R result(Future<R> read) {
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            throw new ProviderException("ReadFailed", String.valueOf(e.getCause()), false, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderException("Interrupted", "interrupted while reading", false, e);
        }
    }
}
