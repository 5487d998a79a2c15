package dev.converge.cli;

import dev.converge.plan.Plan;

import java.io.PrintWriter;
import java.util.Set;

/** The CLI side of ownership proofs: which unproven claims a run deletes, and the end of a stack's key. */
final class UnprovenOption {

    private UnprovenOption() {
    }

    /**
     * The unproven claims to delete: those named with {@code --delete-unproven}, or, for a saved
     * plan, exactly those it deletes (it was reviewed with them; naming others needs a new plan).
     */
    static Set<String> toDelete(Plan saved, ApplyOptions.Checked options) {
        if (saved == null) return options.deleteUnproven();
        if (!options.deleteUnproven().isEmpty()) {
            throw new UserException("a saved plan deletes the unproven claims it was made with: drop --delete-unproven, "
                    + "or make a new plan with `converge plan ... --delete-unproven ID --out FILE`");
        }
        return saved.deletedUnproven();
    }

    /**
     * Deletes the stack's ownership key, last, once destroy has checked that nothing of the stack's
     * remains: a key left behind would let leftovers signed with it be adopted by a future stack
     * of the same name, and a key deleted earlier would leave the rest unprovable.
     */
    static void deleteKey(Workspace ws, PrintWriter out) {
        if (ws.registry.ownershipKeys().read(ws.stack.name()).isEmpty()) return;
        ws.registry.ownershipKeys().delete(ws.stack.name());
        out.println("Deleted the stack's ownership key (" + ws.registry.ownershipKeys().describe(ws.stack.name()) + ").");
    }
}
