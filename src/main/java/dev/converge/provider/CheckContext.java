package dev.converge.provider;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What {@link PlanChecked} checks share during one plan: answers already read (two types that ask
 * the same question, the name of a hosted zone for a certificate and for a record, read it once),
 * and the checks that could not be made, which the plan shows as warnings on the resources.
 */
public final class CheckContext {

    private final Map<String, Object> answers = new ConcurrentHashMap<>();
    private final Map<String, List<String>> skipped = new TreeMap<>();

    /** The answer to {@code question}, read with {@code read} the first time it is asked in this plan. */
    @SuppressWarnings("unchecked")
    public <T> T shared(String question, Supplier<T> read) {
        Object known = answers.get(question);
        if (known != null) return (T) known;
        T answer = read.get();
        answers.put(question, answer);
        return answer;
    }

    /**
     * Records that a check of {@code address} was not made and why ("no permission for
     * ec2:DescribeInstanceTypeOfferings"): the plan goes on and warns, as apply may still fail there.
     */
    public synchronized void skipped(String address, String why) {
        List<String> notes = skipped.computeIfAbsent(address, a -> new ArrayList<>());
        if (!notes.contains(why)) notes.add(why);
    }

    /** Address → why checks were skipped, for the plan's warnings. */
    public synchronized Map<String, List<String>> skipped() {
        return Map.copyOf(skipped);
    }
}
