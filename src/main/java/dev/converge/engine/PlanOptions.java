package dev.converge.engine;

import dev.converge.plan.Plan;
import dev.converge.plan.PlanScope;

import java.util.Set;

/**
 * What to plan.
 *
 * @param destroy        plan the deletion of everything the stack owns instead of its convergence
 * @param deleteUnproven ids of unproven claims to delete all the same (the user named them)
 * @param readLookups    read the stack's lookups; a convergence needs them, a destroy does not
 * @param saved          a saved plan this one must reproduce exactly (same target, stack, state and
 *                       account), or null
 * @param scope          the part of the stack to plan ({@code --target}, {@code --exclude}) and what to
 *                       replace regardless ({@code --replace})
 */
public record PlanOptions(boolean destroy, Set<String> deleteUnproven, boolean readLookups, Plan saved, PlanScope scope) {

    public PlanOptions {
        deleteUnproven = Set.copyOf(deleteUnproven);
        if (scope == null) scope = PlanScope.FULL;
    }

    /** Converge the account on the stack ({@code destroy} false) or delete everything it owns (true). */
    public static PlanOptions of(boolean destroy) {
        return new PlanOptions(destroy, Set.of(), !destroy, null, PlanScope.FULL);
    }

    /**
     * Plan again exactly what a saved plan was made for, to apply it: its kind, scope, the unproven
     * claims it deletes, and a refusal ({@link SavedPlanException}) if anything it was computed from changed.
     */
    public static PlanOptions reproducing(Plan saved) {
        return new PlanOptions(saved.destroy(), saved.deletedUnproven(), !saved.destroy(), saved, saved.scopeOrFull());
    }

    public PlanOptions deletingUnproven(Set<String> ids) {
        return new PlanOptions(destroy, ids, readLookups, saved, scope);
    }

    /** Read the lookups even for a destroy plan (what the stack owns, priced with the lookups' values). */
    public PlanOptions readingLookups() {
        return new PlanOptions(destroy, deleteUnproven, true, saved, scope);
    }

    /** Plan only this part of the stack, replacing what {@code scope} names. */
    public PlanOptions scoped(PlanScope scope) {
        return new PlanOptions(destroy, deleteUnproven, readLookups, saved, scope);
    }
}
