package dev.converge.provider;

import java.util.Map;

/**
 * A resource as read from the cloud.
 *
 * @param id      the physical id (an ARN, an instance id, {@code ZONE/name/TYPE} for a record)
 * @param address the stack address from the ownership tag ({@code web[1]}), or null if untagged
 * @param values  its properties in the shape of the type's schema, plus computed attributes
 */
public record LiveResource(String id, String address, Map<String, Object> values) {
}
