package dev.converge.refresh;

import java.util.List;

/**
 * Refresh found resources whose ownership it cannot settle (two copies of one proof for one
 * address): planning on a guess could delete the stack's real resource, so nothing is planned.
 * Lists every such address.
 */
public final class AmbiguousOwnershipException extends RuntimeException {

    private final List<String> problems;

    public AmbiguousOwnershipException(List<String> problems) {
        super(String.join("\n", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
