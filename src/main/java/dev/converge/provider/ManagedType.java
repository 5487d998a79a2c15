package dev.converge.provider;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A resource Converge creates, reads, and deletes. Types that can change some properties in place
 * also implement {@link Updatable}; for the others every change is a replacement.
 */
public interface ManagedType extends ResourceType {

    /**
     * Reads, in as few calls as the API allows, every resource of this type owned by the stack
     * (ownership tags or records) and every resource whose physical id is in {@code knownIds} that
     * still exists. Missing ones are simply absent from the result.
     */
    List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context);

    /**
     * Creates the resource with its ownership carried as {@link #ownership()} says (in the create
     * call itself whenever the API allows), waits until it is usable, and
     * returns it as {@link #read} would. {@code request.idempotencyToken()} is stable across retries
     * and reruns of an interrupted apply.
     */
    LiveResource create(CreateRequest request, ProviderContext context);

    /**
     * How the type's resources carry their ownership: in the create call's tags, in tags written
     * right after it, or in a companion record. Every type says; import and updates ask it.
     */
    OwnershipCarrier ownership();

    /**
     * What the plan should warn about when it creates a resource with {@code desired} (resolved as far
     * as the plan knows), e.g. "the e-mail subscription stays pending until its recipient confirms
     * it". Empty by default; updates have {@link Updatable#updateNotes}.
     */
    default List<String> createNotes(Map<String, Object> desired) {
        return List.of();
    }

    /**
     * What the plan should say about deleting {@code resource} beyond "it goes" (a bucket emptied of
     * its objects first, or a delete bound to fail): read-only, asked for each delete and replacement
     * the plan makes. Empty by default.
     */
    default List<String> deleteNotes(LiveResource resource) {
        return List.of();
    }

    /**
     * Properties the delete decides by that must not be read from the resource itself, because whoever
     * may change the resource (say, tag it) is not thereby allowed to change what a destroy does to it
     * (a bucket's {@code forceDestroy}). The planner and applier give them to {@link #deleteNotes} and
     * {@link #delete} from the stack file or the state, or leave them unset. Empty by default.
     */
    default Set<String> deleteInputs() {
        return Set.of();
    }

    /** Deletes it and waits until it is gone; "not found" is success. */
    void delete(LiveResource resource, ProviderContext context);

    /**
     * Gives up {@code stack}'s claim on the resource and changes nothing else about it (a stack file's
     * {@code removed:} entry): every {@code converge:*} tag it carries is removed, or for a type whose
     * claim is a companion record ({@link OwnershipCarrier#COMPANION_RECORD}), that record is deleted.
     * What to remove is read just before, so the call is exact and safe to repeat: a resource without a
     * claim, or one that no longer exists, is left alone. A claim naming another stack is refused
     * ({@link ProviderException}, not retryable). Every managed type implements it: a resource Converge
     * can create, it must be able to let go of.
     */
    void disown(String stack, LiveResource resource, ProviderContext context);

    /** Creation input: properties fully resolved, defaults applied. */
    record CreateRequest(String stack, String address, Map<String, Object> properties, Map<String, String> tags,
                         String idempotencyToken) {
    }
}
