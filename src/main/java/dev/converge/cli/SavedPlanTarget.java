package dev.converge.cli;

import dev.converge.engine.SavedPlans;
import dev.converge.plan.Plan;
import dev.converge.state.Target;

/**
 * A saved plan is applied to the target it was made for and nowhere else. What the command line
 * alone can tell (a sandbox plan without {@code --sandbox}, an AWS plan with it) is refused here,
 * before any AWS client exists; the account is compared by the engine's {@link SavedPlans}, which
 * {@link ApplyCommand} calls after the one STS call that names it, before the lock, the refresh, or
 * anything that changes anything (and the engine again when it plans).
 */
final class SavedPlanTarget {

    private SavedPlanTarget() {
    }

    static void checkBeforeConnecting(Plan saved, java.nio.file.Path planFile, AwsOptions aws) {
        Target made = SavedPlans.madeFor(saved);
        if (made.sandbox() && !aws.sandbox) {
            throw new UserException("this plan was made for " + made.describe() + "; apply it there with: converge apply " + planFile + " --sandbox");
        }
        if (!made.sandbox() && aws.sandbox) {
            throw new UserException("this plan was made for " + made.describe() + ", not for the sandbox: drop --sandbox");
        }
    }
}
