package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Location;

/**
 * An {@code import:} entry: the resource with physical id {@code id}, which exists already, becomes the
 * stack's resource at {@code to}. The plan imports it (its ownership written, its state entry recorded)
 * instead of creating one, then changes whatever differs from the stack file.
 *
 * @param id       the physical id, as {@code converge import} takes it (sg-..., i-..., an ARN)
 * @param location where the entry is, for messages
 */
public record ImportEntry(Address to, String id, Location location) {
}
