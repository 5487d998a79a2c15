package dev.converge.provider;

import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;

import java.util.Optional;

/**
 * What a type's stack entry may contain and what others may reference.
 *
 * @param description        one line for docs and editors
 * @param properties         inputs and computed attributes; every type also has the computed {@code id}
 * @param uniqueNameProperty the input that must be unique in the account (a load balancer's name),
 *                           or null; when set by the stack, a replacement must delete before it creates
 */
public record ResourceSchema(String description, ObjectType properties, String uniqueNameProperty) {

    /** The physical id attribute every resource and lookup exposes. */
    public static final String ID = "id";

    public Optional<Property> property(String name) {
        return properties.property(name);
    }
}
