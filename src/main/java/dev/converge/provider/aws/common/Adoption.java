package dev.converge.provider.aws.common;

import dev.converge.provider.ManagedType.CreateRequest;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one way a create finds the resource it already made. Where an API has no idempotency token
 * (a security group, an Elastic IP, a Route 53 record) or is idempotent by name (ELBv2: same
 * settings return the existing resource, so a stack that picked somebody else's name would get it
 * back too), a rerun after a crash must not make a second one nor take a stranger's. Converge decides
 * by ownership: the copy this very create left behind carries this stack's and this address's
 * ownership and this create's proof, which holds the create's idempotency token; it is adopted,
 * and the user is told. Anything else is a conflict, including a copy of our tags written by
 * somebody who may only tag: adopting it would later delete it.
 */
public final class Adoption {

    /** The code of a create whose unique name is taken by something this create did not make. */
    public static final String CONFLICT = "AlreadyExists";

    private Adoption() {
    }

    /**
     * Among resources found where the create was about to make one, the one this create made on an
     * earlier attempt (after telling the user), or empty.
     */
    public static <T> Optional<T> ownCopy(String kind, Collection<T> found, Function<T, String> id,
                                          Function<T, Map<String, String>> tags, CreateRequest req, ProviderContext ctx) {
        for (T candidate : found) {
            if (Ownership.isOwnCopy(tags.apply(candidate), req)) {
                adopted(kind, id.apply(candidate), req, ctx);
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /**
     * Returns normally if the existing resource carries this stack's and this address's ownership
     * and this create's proof (it was created by an interrupted attempt of this very create), after
     * telling the user; throws {@link #CONFLICT} otherwise.
     */
    public static void requireOwnCopy(String kind, String name, String id, Map<String, String> tags, CreateRequest req,
                                      ProviderContext ctx) {
        requireOwnCopy(kind, name, id, tags, req, ctx, CONFLICT);
    }

    /** As {@link #requireOwnCopy(String, String, String, Map, CreateRequest, ProviderContext)}, keeping AWS's own conflict code. */
    public static void requireOwnCopy(String kind, String name, String id, Map<String, String> tags, CreateRequest req,
                                      ProviderContext ctx, String conflictCode) {
        if (Ownership.isOwnCopy(tags, req)) {
            adopted(kind + " " + name, id, req, ctx);
            return;
        }
        String stack = tags.get(Ownership.STACK_TAG);
        String address = Ownership.address(tags.get(Ownership.ID_TAG));
        String owner = stack == null ? "not managed by Converge"
                : (req.stack().equals(stack) ? "claiming to be this stack's " + address + ", without this create's proof"
                : "claiming to belong to stack " + stack);
        throw new ProviderException(conflictCode, "a " + kind + " " + name + " already exists (" + id + ", " + owner
                + "); choose another name, or delete or import the existing one", false);
    }

    /**
     * After a create call that returns an existing resource instead of failing (ELBv2, by name and
     * settings): one created by somebody else between our check and our call would come back as if
     * it were new. It must carry this create's ownership (written by our call) before anything is
     * changed on it.
     */
    public static void requireCreatedForUs(String kind, String name, String id, Map<String, String> tags, CreateRequest req) {
        if (Ownership.isOwnCopy(tags, req)) return;
        throw new ProviderException(CONFLICT, "creating " + kind + " " + name + " returned an existing one (" + id
                + ") that this stack does not own: it appeared meanwhile; choose another name, or delete or import it", false);
    }

    /** The one line that tells the user a create continues with what an earlier attempt made. */
    public static void adopted(String what, String id, CreateRequest req, ProviderContext ctx) {
        ctx.notice("adopting " + what + (what.contains(id) ? "" : " (" + id + ")") + ", created for " + req.address()
                + " by an earlier, interrupted apply");
    }
}
