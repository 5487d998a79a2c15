package dev.converge.refresh;

/**
 * A resource that carries this stack's ownership tags without proof that the stack created it:
 * never adopted, updated or deleted (unless the user names it), only reported.
 *
 * @param claim the resource and the address it claims
 * @param why   why the claim is not proven, for the plan ("carries no ownership proof")
 */
public record Unproven(Tracked claim, String why) {
}
