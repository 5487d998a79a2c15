package dev.converge.state;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * What some actions changed in a state, as {@link WorkingState#drain} collects it: the resources and
 * pending creates set or removed, the outputs if they changed, the proofs newly retired. Its size
 * is the size of the change, not of the state, so a checkpoint of it costs what changed.
 *
 * @param header  the state it changes: a store that knows another header writes the whole state instead
 * @param outputs the new outputs, or null if they did not change
 */
public record StateChange(StateHeader header, SortedMap<String, ResourceState> put, List<String> removed,
                          SortedMap<String, PendingCreate> pendingPut, List<String> pendingRemoved, Map<String, Object> outputs,
                          SortedSet<String> retired) {

    public boolean isEmpty() {
        return put.isEmpty() && removed.isEmpty() && pendingPut.isEmpty() && pendingRemoved.isEmpty() && outputs == null && retired.isEmpty();
    }
}
