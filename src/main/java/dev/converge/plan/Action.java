package dev.converge.plan;

/** What a plan does to one resource. A small closed set, as in OpenTofu's plans.Action. */
public enum Action {
    NO_OP(" ", "no changes"),
    READ("<=", "read"),
    CREATE("+", "create"),
    UPDATE("~", "update in place"),
    REPLACE("-/+", "replace"),
    DELETE("-", "destroy"),
    /**
     * A {@code removed:} entry's resource: Converge's claim on it is dropped in AWS (its ownership tags,
     * or a record's companion claim), then its state entry; the resource itself stays as it is. The
     * symbol is Terraform's for a forget.
     */
    FORGET(".", "forget");

    private final String symbol;
    private final String verb;

    Action(String symbol, String verb) {
        this.symbol = symbol;
        this.verb = verb;
    }

    public String symbol() {
        return symbol;
    }

    public String verb() {
        return verb;
    }
}
