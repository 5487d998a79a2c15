package dev.converge.plan;

import java.util.List;

/** A plan that must not be carried out (preventDestroy, for instance); lists every reason. */
public final class PlanException extends RuntimeException {

    private final List<String> problems;

    public PlanException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
