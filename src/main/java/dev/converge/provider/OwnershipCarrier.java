package dev.converge.provider;

/**
 * How a managed type carries the ownership of its resources ({@link Ownership}'s stack and address
 * tags and the {@link OwnershipProof}), declared by every type ({@link ManagedType#ownership()}).
 * It decides what an interrupted create leaves behind, and how import and updates write a claim;
 * nothing outside the type guesses it (from a property named {@code tags}, say).
 */
public enum OwnershipCarrier {

    /**
     * Tags written by the create call itself (EC2's TagSpecifications, ELBv2's and ACM's Tags):
     * no resource exists without its claim, so a create interrupted after its call leaves a
     * resource the next refresh recognises by its proof. The best kind; use it when the API allows.
     */
    TAGS_IN_CREATE(true, true),

    /**
     * Tags written by a second call right after the create (S3 CreateBucket, IAM roles whose tags
     * some accounts' policies refuse in the create): a crash between the two calls leaves a resource
     * without a claim, which no refresh can tell from a stranger's. The rerun's create then finds
     * the unique name taken by an unproven resource and must report a conflict that names it (the
     * user imports it, which writes the claim) rather than adopt it; the type keeps the gap to one
     * call and says so in its create.
     */
    TAGS_AFTER_CREATE(true, false),

    /**
     * A companion record written in the same atomic change as the resource (a Route 53 record's
     * TXT claim, see the record type): as safe as tags in the create call, for resources that have
     * no tags. Updates and import write the claim through the companion, not through {@code tags}.
     */
    COMPANION_RECORD(false, true);

    private final boolean inTags;
    private final boolean atomicWithCreate;

    OwnershipCarrier(boolean inTags, boolean atomicWithCreate) {
        this.inTags = inTags;
        this.atomicWithCreate = atomicWithCreate;
    }

    /**
     * True if the claim is among the resource's own tags, next to the user's: an update of
     * {@code tags} given the ownership tags writes the claim (this is how import claims a resource).
     */
    public boolean inTags() {
        return inTags;
    }

    /** True if a resource can never exist without its claim, even when a create is interrupted. */
    public boolean atomicWithCreate() {
        return atomicWithCreate;
    }
}
