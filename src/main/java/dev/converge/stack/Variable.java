package dev.converge.stack;

import dev.converge.diag.Location;
import dev.converge.schema.Type;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A declared input of the stack.
 *
 * @param allowed  permitted values, or empty
 * @param pattern  a regular expression a string value must match entirely, or null
 */
public record Variable(String name, Type type, String description, Object defaultValue, boolean hasDefault,
                       List<Object> allowed, Pattern pattern, boolean sensitive, Location location) {
}
