package dev.converge.provider.aws.common;

import dev.converge.provider.CheckContext;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.ProviderException;

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Runs a type's plan-time checks so that credentials without permission for their reads (a CI role
 * allowed to create instances but not to DescribeInstanceTypeOfferings) do not block every plan:
 * the check is skipped, and the plan warns on each resource that apply may still fail there.
 */
public final class CheckReads {

    /** How each AWS protocol says "not allowed": EC2, query APIs (ELB, Route 53), JSON APIs (ACM). */
    private static final Set<String> DENIED = Set.of("UnauthorizedOperation", "AccessDenied", "AccessDeniedException");

    private CheckReads() {
    }

    /** The problems {@code checks} finds, or none (with a note per resource) if it was not allowed to read. */
    public static List<PlanChecked.Problem> guarded(String what, List<PlanChecked.Planned> planned, CheckContext context,
                                                    Supplier<List<PlanChecked.Problem>> checks) {
        try {
            return checks.get();
        } catch (ProviderException e) {
            if (!DENIED.contains(e.code())) throw e;
            for (PlanChecked.Planned p : planned) {
                context.skipped(p.address(), what + " not checked before apply: " + e.code() + ": " + e.getMessage());
            }
            return List.of();
        }
    }
}
