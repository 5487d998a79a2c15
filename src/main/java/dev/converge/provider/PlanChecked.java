package dev.converge.provider;

import java.util.List;
import java.util.Map;

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
     * ({@link dev.converge.expr.Unknown}, "known after apply") cannot be checked and is skipped; the
     * rest of the resource is still checked.
     */
    List<Problem> check(List<Planned> planned, CheckContext context);

    /** A resource the plan would write, with its desired properties resolved as far as the plan knows them. */
    record Planned(String address, Map<String, Object> desired) {
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
