package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Location;

/**
 * A {@code moved:} entry, for one instance: what the stack called {@code from} is now {@code to}.
 * The plan moves the state entry and the ownership (the {@code converge:id} tag and a proof signed
 * for the new address) instead of destroying one and creating the other; nothing else in AWS changes.
 *
 * @param location where the entry is, for messages
 */
public record Move(Address from, Address to, Location location) {
}
