package dev.converge.provider;

import java.util.List;
import java.util.Map;
import java.util.Set;

/** A managed type that can change properties without replacement (those not marked forcesReplacement). */
public interface Updatable {

    /**
     * Changes {@code current} to {@code desired}; {@code changed} names the top-level properties that
     * differ. Returns the resource as read afterwards.
     */
    LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                        Map<String, String> tags, ProviderContext context);

    /**
     * What the plan should warn about for this update, e.g. "the instance will be stopped and
     * restarted". Empty by default.
     */
    default List<String> updateNotes(Set<String> changed) {
        return List.of();
    }

    /**
     * The computed attributes an update of {@code changed} gives new values (a launch template's
     * content change makes a new {@code latestVersion}): the plan shows them as known after apply,
     * so that what references them is planned to change too. None by default.
     */
    default Set<String> recomputedBy(Set<String> changed) {
        return Set.of();
    }
}
