package dev.converge.plan;

/**
 * One property that differs.
 *
 * @param before            the live value (null if unset)
 * @param after             the desired value, possibly {@link dev.converge.schema.Unknown}
 * @param forcesReplacement why this change needs a new resource, or null
 * @param drift             the live value was changed outside Converge (it differs from what was last applied)
 */
public record AttributeChange(String path, Object before, Object after, String forcesReplacement, boolean sensitive,
                              boolean drift) {
}
