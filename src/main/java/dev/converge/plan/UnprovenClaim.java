package dev.converge.plan;

/**
 * In a plan: a resource that claims to belong to the stack without proof. Left alone unless the
 * user named it with {@code --delete-unproven}, in which case the plan also holds its deletion.
 *
 * @param address the address it claims ({@code web[0]}, or one the stack does not declare)
 * @param why     why the claim is not proven
 * @param deleted true if this plan deletes it (named with {@code --delete-unproven})
 */
public record UnprovenClaim(String address, String type, String id, String why, boolean deleted) {

    /** The plan's line for it, the same in text and Markdown. */
    public String describe(String stack) {
        return id + " (" + type + ") claims to belong to " + stack + " as " + address + ", not proven (" + why + "): "
                + (deleted ? "deleted as asked by --delete-unproven" : "left alone");
    }
}
