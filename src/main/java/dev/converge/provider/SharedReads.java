package dev.converge.provider;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

/**
 * The answers the reads of one refresh share ({@link ProviderContext#shared}): reads of several
 * types that need the same listing (ELBv2's load balancers and target groups, whose tags one call
 * reads together) ask once. The types' reads run in parallel, so the first to ask reads and the
 * others wait for its answer (or its failure). Made fresh for every refresh: an answer never
 * outlives the refresh that read it.
 */
public final class SharedReads {

    private final ConcurrentMap<String, CompletableFuture<Object>> answers = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <T> T get(String question, Supplier<T> read) {
        CompletableFuture<Object> mine = new CompletableFuture<>();
        CompletableFuture<Object> asked = answers.putIfAbsent(question, mine);
        if (asked == null) {
            try {
                T answer = read.get();
                mine.complete(answer);
                return answer;
            } catch (RuntimeException | Error e) {
                mine.completeExceptionally(e);
                throw e;
            }
        }
        try {
            return (T) asked.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
