package dev.converge.graph;

import org.jgrapht.Graph;
import org.jgrapht.traverse.BreadthFirstIterator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Walks a DAG in parallel on a bounded pool: a vertex runs as soon as every predecessor has
 * finished. After the first failure, or once {@code stop} says so (the user pressed Ctrl-C),
 * nothing new starts; what is running finishes. Every vertex
 * ends in exactly one of done, failed, skipped (a descendant of a failure) or not started.
 * The graph must not change during the walk (JGraphT graphs are not thread-safe: only this
 * thread reads it).
 */
public final class ParallelWalker {

    private ParallelWalker() {
    }

    public record Result<V>(List<V> done, Map<V, Throwable> failed, Set<V> skipped, Set<V> notStarted) {
        public boolean succeeded() {
            return failed.isEmpty() && skipped.isEmpty() && notStarted.isEmpty();
        }
    }

    public static <V, E> Result<V> walk(Graph<V, E> graph, int parallelism, Comparator<V> order, Consumer<V> action) {
        return walk(graph, parallelism, order, action, () -> false);
    }

    public static <V, E> Result<V> walk(Graph<V, E> graph, int parallelism, Comparator<V> order, Consumer<V> action,
                                        BooleanSupplier stop) {
        Map<V, Integer> waitingOn = new HashMap<>();
        PriorityQueue<V> ready = new PriorityQueue<>(order);
        for (V v : graph.vertexSet()) {
            int n = graph.inDegreeOf(v);
            waitingOn.put(v, n);
            if (n == 0) ready.add(v);
        }
        List<V> done = new ArrayList<>();
        Map<V, Throwable> failed = new LinkedHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, parallelism), r -> {
            Thread t = new Thread(r, "converge-apply");
            t.setDaemon(true);
            return t;
        });
        CompletionService<V> completions = new ExecutorCompletionService<>(pool);
        Map<Future<V>, V> running = new HashMap<>();
        try {
            while (!ready.isEmpty() || !running.isEmpty()) {
                while (failed.isEmpty() && !stop.getAsBoolean() && !ready.isEmpty() && running.size() < parallelism) {
                    V v = ready.poll();
                    running.put(completions.submit(() -> {
                        action.accept(v);
                        return v;
                    }), v);
                }
                if (running.isEmpty()) break;
                Future<V> f = take(completions);
                V v = running.remove(f);
                try {
                    f.get();
                    done.add(v);
                    for (E e : graph.outgoingEdgesOf(v)) {
                        V next = graph.getEdgeTarget(e);
                        if (waitingOn.merge(next, -1, Integer::sum) == 0) ready.add(next);
                    }
                } catch (ExecutionException ex) {
                    failed.put(v, ex.getCause());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    failed.put(v, ex);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Set<V> skipped = new HashSet<>();
        for (V f : failed.keySet()) {
            BreadthFirstIterator<V, E> it = new BreadthFirstIterator<>(graph, f);
            while (it.hasNext()) {
                V d = it.next();
                if (!d.equals(f)) skipped.add(d);
            }
        }
        Set<V> notStarted = new HashSet<>(graph.vertexSet());
        // Removed one by one: Set.removeAll of a list as long as the set asks the list's contains()
        // for every element of the set, quadratic in the size of the graph.
        done.forEach(notStarted::remove);
        failed.keySet().forEach(notStarted::remove);
        skipped.forEach(notStarted::remove);
        return new Result<>(done, failed, skipped, notStarted);
    }

    private static <V> Future<V> take(CompletionService<V> completions) {
        try {
            return completions.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while applying", e);
        }
    }
}
