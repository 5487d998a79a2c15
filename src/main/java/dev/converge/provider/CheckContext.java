package dev.converge.provider;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What {@link PlanChecked} checks share during one plan: answers already read. Two types that ask
 * the same question (the name of a hosted zone, for a certificate and for a record) read it once.
 */
public final class CheckContext {

    private final Map<String, Object> answers = new ConcurrentHashMap<>();

    /** The answer to {@code question}, read with {@code read} the first time it is asked in this plan. */
    @SuppressWarnings("unchecked")
    public <T> T shared(String question, Supplier<T> read) {
        Object known = answers.get(question);
        if (known != null) return (T) known;
        T answer = read.get();
        answers.put(question, answer);
        return answer;
    }
}
