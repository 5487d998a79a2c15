package dev.converge.graph;

import dev.converge.addr.Address;
import dev.converge.diag.Location;

/**
 * An edge: {@code dependent} needs {@code dependency} first. {@code location} is where the
 * reference or dependsOn entry is written, so cycles can be reported edge by edge.
 */
public record Dependency(Address dependency, Address dependent, Location location, String via) {
}
