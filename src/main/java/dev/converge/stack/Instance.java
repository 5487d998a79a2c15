package dev.converge.stack;

import dev.converge.addr.Address;

import java.util.Map;

/**
 * A count-expanded resource or data instance: its properties with variables and
 * {@code count.index} bound, and {@link dev.converge.expr.Template}s left where they refer to
 * resources or lookups (resolved during plan and apply).
 */
public record Instance(Address address, Entry entry, Map<String, Object> properties) {
}
