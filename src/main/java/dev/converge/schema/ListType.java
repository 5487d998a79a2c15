package dev.converge.schema;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A list. A {@code set} is unordered for comparison (AWS returns security group rules, subnets and
 * targets in any order), so its normal form is sorted.
 */
public record ListType(Type element, boolean set, int minItems, Integer maxItems) implements Type {

    public static ListType of(Type element) {
        return new ListType(element, false, 0, null);
    }

    public static ListType setOf(Type element) {
        return new ListType(element, true, 0, null);
    }

    public ListType nonEmpty() {
        return new ListType(element, set, 1, maxItems);
    }

    public ListType atMost(int max) {
        return new ListType(element, set, minItems, max);
    }

    @Override
    public String describe() {
        return (set ? "set of " : "list of ") + element.describe();
    }

    @Override
    public Object normalize(Object value) {
        if (!(value instanceof List<?> list)) return value;
        List<Object> out = new ArrayList<>(list.size());
        for (Object item : list) out.add(element.normalize(item));
        if (set) {
            out = new ArrayList<>(out.stream().distinct().toList());
            out.sort(Comparator.comparing(Values::canonicalString));
        }
        return out;
    }
}
