package dev.converge.engine;

import dev.converge.plan.Plan;

import java.util.Set;

/**
 * What to plan.
 *
 * @param destroy        plan the deletion of everything the stack owns instead of its convergence
 * @param deleteUnproven ids of unproven claims to delete all the same (the user named them)
 * @param readLookups    read the stack's lookups; a convergence needs them, a destroy does not
 * @param saved          a saved plan this one must reproduce exactly (same target, stack, state and
 *                       account), or null
 */
public record PlanOptions(boolean destroy, Set<String> deleteUnproven, boolean readLookups, Plan saved) {

    public PlanOptions {
        deleteUnproven = Set.copyOf(deleteUnproven);
    }

    /** Converge the account on the stack ({@code destroy} false) or delete everything it owns (true). */
    public static PlanOptions of(boolean destroy) {
        return new PlanOptions(destroy, Set.of(), !destroy, null);
    }

    /**
     * Plan again exactly what a saved plan was made for, to apply it: its kind, the unproven claims
     * it deletes, and a refusal ({@link SavedPlanException}) if anything it was computed from changed.
     */
    public static PlanOptions reproducing(Plan saved) {
        return new PlanOptions(saved.destroy(), saved.deletedUnproven(), !saved.destroy(), saved);
    }

    public PlanOptions deletingUnproven(Set<String> ids) {
        return new PlanOptions(destroy, ids, readLookups, saved);
    }

    /** Read the lookups even for a destroy plan (what the stack owns, priced with the lookups' values). */
    public PlanOptions readingLookups() {
        return new PlanOptions(destroy, deleteUnproven, true, saved);
    }
}
