package dev.converge.cli;

import dev.converge.engine.PlanOptions;
import dev.converge.plan.Plan;

/** The CLI side of ownership proofs: which unproven claims a run deletes. */
final class UnprovenOption {

    private UnprovenOption() {
    }

    /**
     * What apply and destroy plan: with {@code --delete-unproven} the unproven claims it names; for a
     * saved plan exactly what it was made with, the claims it deletes included (it was reviewed with
     * them; naming others needs a new plan).
     */
    static PlanOptions planOptions(boolean destroy, Plan saved, ApplyOptions.Checked options) {
        if (saved == null) return PlanOptions.of(destroy).deletingUnproven(options.deleteUnproven());
        if (!options.deleteUnproven().isEmpty()) {
            throw new UserException("a saved plan deletes the unproven claims it was made with: drop --delete-unproven, "
                    + "or make a new plan with `converge plan ... --delete-unproven ID --out FILE`");
        }
        return PlanOptions.reproducing(saved);
    }
}
