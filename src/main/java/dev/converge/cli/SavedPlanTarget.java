package dev.converge.cli;

import dev.converge.plan.Plan;
import dev.converge.state.Target;

/**
 * A saved plan is applied to the target it was made for and nowhere else. What the command line
 * alone can tell (a sandbox plan without {@code --sandbox}, an AWS plan with it) is refused before
 * any AWS client exists; the account is compared after the one STS call that names it, before the
 * lock, the refresh, or anything that changes anything.
 */
final class SavedPlanTarget {

    private SavedPlanTarget() {
    }

    static void checkBeforeConnecting(Plan saved, java.nio.file.Path planFile, AwsOptions aws) {
        Target made = saved.target();
        if (made == null) {
            throw new UserException("this saved plan records no target (account, region, endpoint): make a new plan");
        }
        if (made.sandbox() && !aws.sandbox) {
            throw new UserException("this plan was made for " + made.describe() + "; apply it there with: converge apply " + planFile + " --sandbox");
        }
        if (!made.sandbox() && aws.sandbox) {
            throw new UserException("this plan was made for " + made.describe() + ", not for the sandbox: drop --sandbox");
        }
    }

    static void checkConnected(Plan saved, Target now) {
        if (!saved.target().sameAs(now)) {
            throw new UserException("this plan was made for " + saved.target().describe() + " but this run reaches "
                    + now.describe() + ": nothing was changed. Apply it with the credentials, region and endpoint it was made with, "
                    + "or make a new plan for this target");
        }
    }
}
