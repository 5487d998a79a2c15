package dev.converge.provider.aws.elbv2;

import dev.converge.provider.ManagedType.CreateRequest;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;

import java.util.Map;

/**
 * What create does when the unique thing it is about to create already exists. ELBv2's create
 * calls are idempotent by name (same settings: the existing resource is returned; different: an
 * error), so a rerun after a crash would silently get the first copy back, but so would a stack
 * that happens to pick the name of somebody else's resource. Converge decides by ownership
 * instead: the copy this very create left behind (same ownership tags and the same proof, which
 * holds the create's idempotency token) is adopted; anything else is an error, including a copy
 * of our tags written by somebody who may only tag.
 */
final class Adoption {

    private Adoption() {
    }

    /**
     * Returns normally if the existing resource carries this stack's and this address's ownership
     * tags and this create's proof (it was created by an interrupted attempt of this very create),
     * after telling the user; throws otherwise.
     */
    static void requireOwnCopy(String kind, String name, String arn, Map<String, String> tags, CreateRequest req,
                               ProviderContext ctx) {
        String stack = tags.get(Ownership.STACK_TAG);
        String address = tags.get(Ownership.ID_TAG);
        if (Ownership.isOwnCopy(tags, req)) {
            ctx.notice("adopting " + kind + " " + name + " (" + arn + "), created for " + address
                    + " by an earlier, interrupted apply");
            return;
        }
        String owner = stack == null ? "not managed by Converge"
                : (req.stack().equals(stack) ? "claiming to be this stack's " + address + ", without this create's proof"
                : "claiming to belong to stack " + stack);
        throw new ProviderException("AlreadyExists", "a " + kind + " " + name + " already exists (" + arn + ", " + owner
                + "); choose another name, or delete or import the existing one", false);
    }

    /**
     * After a create call: ELBv2 returns an existing resource with the same name and settings
     * instead of failing, so one created by somebody else between our check and our call would
     * come back as if it were new. It must carry this resource's ownership tags (written by our
     * create call) before anything is changed on it.
     */
    static void requireCreatedForUs(String kind, String name, String arn, Map<String, String> tags, CreateRequest req) {
        if (Ownership.isOwnCopy(tags, req)) return;
        throw new ProviderException("AlreadyExists", "creating " + kind + " " + name + " returned an existing one (" + arn
                + ") that this stack does not own: it appeared meanwhile; choose another name, or delete or import it", false);
    }
}
