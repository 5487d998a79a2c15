package dev.converge.refresh;

import dev.converge.provider.LiveResource;
import dev.converge.stack.Address;

/** A live resource and the stack address it belongs to. */
public record Tracked(Address address, String type, LiveResource resource) {
}
