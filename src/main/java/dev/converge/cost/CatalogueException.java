package dev.converge.cost;

import java.util.List;

/** A price catalogue that cannot be trusted, with every problem found. */
public final class CatalogueException extends RuntimeException {

    private final List<String> problems;

    public CatalogueException(List<String> problems) {
        super("invalid price catalogue: " + String.join("; ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
