package dev.converge.provider;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A type whose create or update can fail for reasons a plan can already know: a certificate name
 * outside its validation zone, a load balancer in one availability zone, an AMI the instance type
 * cannot run. The planner asks every such type once per plan, after refresh and before anything is
 * written, so that {@code plan} itself fails instead of an apply half-way through.
 *
 * <p>Checks only read: every AWS call they make is a Describe/Get/List. They get all the resources
 * of the type the plan would create, update or replace at once, so that each kind of question is
 * one call for the whole stack, not one per resource.
 */
public interface PlanChecked {

    /**
     * The problems of {@code planned}, empty if none. A value that is still unknown
     * ({@link dev.converge.schema.Unknown}, "known after apply") cannot be checked and is skipped; the
     * rest of the resource is still checked.
     */
    List<Problem> check(List<Planned> planned, CheckContext context);

    /**
     * A resource the plan would write, with its desired properties resolved as far as the plan knows
     * them.
     *
     * @param changing the top-level properties an in-place update changes; null for a resource the
     *                 plan creates (or replaces), where every property is new
     */
    record Planned(String address, Map<String, Object> desired, Set<String> changing) {

        /** A resource the plan creates. */
        public Planned(String address, Map<String, Object> desired) {
            this(address, desired, null);
        }

        /**
         * True if the plan sets {@code property} anew. An update that leaves it alone needs no check
         * of it: AWS accepted it once, and may no longer accept it anew (an instance type since
         * retired, an image since deregistered), which must not block changing a tag.
         */
        public boolean sets(String property) {
            return changing == null || changing.contains(property);
        }
    }

    /**
     * One problem, reported at the stack file's place for {@code property}.
     *
     * @param property the property path as the stack writes it: {@code domainName},
     *                 {@code subjectAlternativeNames[1]}, {@code validation.zoneId}
     * @param hint     an obvious fix, or null
     */
    record Problem(String address, String property, String message, String hint) {
    }
}
