package dev.converge.stack;

import dev.converge.diag.Location;

/** A named value shown after apply; {@code value} may hold templates. */
public record Output(String name, Object value, String description, boolean sensitive, Location location) {
}
