package dev.converge.engine;

import dev.converge.plan.Plan;
import dev.converge.plan.PlanFile;
import dev.converge.state.Target;

import java.util.Objects;

/**
 * A saved plan is applied exactly, to the target it was made for, or not at all. {@link Engine#plan}
 * runs these checks for every caller that reproduces a saved plan; the command line also runs the
 * target check as soon as it knows the target, before it takes the lock or reads the state.
 */
public final class SavedPlans {

    private SavedPlans() {
    }

    /** The target the plan was made for; refused if it records none (made by a version before targets). */
    public static Target madeFor(Plan saved) {
        if (saved.target() == null) {
            throw new SavedPlanException("this saved plan records no target (account, region, endpoint): make a new plan");
        }
        return saved.target();
    }

    /** Refuses a plan made for another account, region or endpoint than {@code now} (or for a run that names none). */
    public static void checkTarget(Plan saved, Target now) {
        Target made = madeFor(saved);
        if (now == null) {
            throw new SavedPlanException("this plan was made for " + made.describe() + " but this run names no target: nothing was changed");
        }
        if (!made.sameAs(now)) {
            throw new SavedPlanException("this plan was made for " + made.describe() + " but this run reaches "
                    + now.describe() + ": nothing was changed. Apply it with the credentials, region and endpoint it was made with, "
                    + "or make a new plan for this target");
        }
    }

    /** Refuses a saved plan unless planning again now gives the same plan from the same stack, state and account. */
    public static void checkStillHolds(Plan saved, Plan now) {
        if (!saved.stackFingerprint().equals(now.stackFingerprint())) {
            throw new SavedPlanException("the stack file, a file it reads, or a variable changed since this plan was made; "
                    + "make a new plan with `converge plan " + saved.stackFile() + " --out FILE`");
        }
        // A stack with no state yet gets a fresh lineage on every run: two empty states are the same state.
        boolean bothEmpty = saved.stateSerial() == 0 && now.stateSerial() == 0;
        if (!bothEmpty && (!Objects.equals(saved.stateLineage(), now.stateLineage()) || saved.stateSerial() != now.stateSerial())) {
            throw new SavedPlanException("the state changed since this plan was made (serial " + saved.stateSerial() + " → "
                    + now.stateSerial() + "): another apply ran; make a new plan");
        }
        if (!saved.liveFingerprint().equals(now.liveFingerprint()) || !PlanFile.sameChanges(saved, now)) {
            throw new SavedPlanException("the resources in AWS changed since this plan was made; make a new plan");
        }
    }
}
