package dev.converge.state;

import java.util.List;
import java.util.Map;

/**
 * What the state remembers of one resource.
 *
 * @param applied   the resolved properties as last applied: drift is live differing from these, and
 *                  properties AWS cannot read back in bulk are compared with them
 * @param live      the values as last read
 * @param dependsOn the addresses it used, to delete it after what used it even once it has left the stack
 */
public record ResourceState(String type, String id, Map<String, Object> applied, Map<String, Object> live,
                            List<String> dependsOn, String updatedAt) {
}
