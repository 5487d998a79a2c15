package dev.converge.plan;

/**
 * One unit of apply work: bring a resource to its desired state ({@code APPLY}: create or update),
 * or delete an existing one ({@code DESTROY}: removed, replaced, or a duplicate).
 */
public record Step(Kind kind, ResourceChange change, String physicalId) implements Comparable<Step> {

    public enum Kind { APPLY, DESTROY }

    public String key() {
        return kind == Kind.APPLY ? "apply " + change.address() : "destroy " + change.address() + " " + physicalId;
    }

    @Override
    public int compareTo(Step o) {
        return key().compareTo(o.key());
    }

    @Override
    public String toString() {
        return key();
    }
}
