package dev.converge.provider;

import java.util.Map;

/**
 * A resource as read from the cloud.
 *
 * @param id      the physical id (an ARN, an instance id, {@code ZONE/name/TYPE} for a record)
 * @param address the stack address from the ownership tag ({@code web[1]}), or null if untagged
 * @param values  its properties in the shape of the type's schema, plus computed attributes
 * @param proof   the ownership proof read back ({@link OwnershipProof}, tag {@code converge:proof}), or null
 *                if it carries none: a claimed address without a proof is not evidence of anything
 */
public record LiveResource(String id, String address, Map<String, Object> values, String proof) {

    /** A resource that carries no proof (or a type that has none to read). */
    public LiveResource(String id, String address, Map<String, Object> values) {
        this(id, address, values, null);
    }
}
