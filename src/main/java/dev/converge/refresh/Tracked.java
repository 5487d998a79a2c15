package dev.converge.refresh;

import dev.converge.addr.Address;
import dev.converge.provider.LiveResource;

/** A live resource and the stack address it belongs to. */
public record Tracked(Address address, String type, LiveResource resource) {
}
