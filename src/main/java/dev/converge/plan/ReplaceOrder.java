package dev.converge.plan;

/** How a replacement is carried out. */
public enum ReplaceOrder {
    /** The new one first, dependents switched to it, then the old one deleted: no downtime. */
    CREATE_BEFORE_DESTROY,
    /** The old one deleted first: needed when a unique name cannot exist twice. */
    DELETE_BEFORE_CREATE
}
