package dev.converge.state;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one checkpoint changed, as one journal record holds it: the resources and pending creates
 * added, replaced or removed, the outputs if they changed, the proofs newly retired. Its size is the
 * size of the change, not of the state. The JSON of this record is the journal's format.
 *
 * @param lineage the state's lineage: a record of another state is never applied
 * @param base    the serial of the snapshot the journal extends: records left over from before the
 *                last fold (a crash between the new snapshot and the journal's removal) have an
 *                older base and are skipped
 * @param serial  the serial of the state after this change; records follow each other by one
 * @param outputs the new outputs, or null if they did not change
 */
record StateDelta(String lineage, long base, long serial, SortedMap<String, ResourceState> put, List<String> removed,
                  SortedMap<String, PendingCreate> pendingPut, List<String> pendingRemoved, Map<String, Object> outputs,
                  SortedSet<String> retired) {

    StateDelta {
        put = put == null ? new TreeMap<>() : put;
        removed = removed == null ? List.of() : removed;
        pendingPut = pendingPut == null ? new TreeMap<>() : pendingPut;
        pendingRemoved = pendingRemoved == null ? List.of() : pendingRemoved;
        retired = retired == null ? new TreeSet<>() : retired;
    }

    /** {@code change} as the record of serial {@code serial}, extending the snapshot of serial {@code base}. */
    static StateDelta of(StateChange change, long base, long serial) {
        return new StateDelta(change.header().lineage(), base, serial, change.put(), change.removed(), change.pendingPut(),
                change.pendingRemoved(), change.outputs(), change.retired());
    }

    /** {@code s} with this change made, under this record's serial. */
    State applyTo(State s) {
        return new Replay(s).add(this).state();
    }

    /**
     * Records made on a state one after another in the same maps, so that replaying a journal of k
     * records costs the size of the state once plus the size of the records, not k copies of the state.
     */
    static final class Replay {
        private final State base;
        private final SortedMap<String, ResourceState> resources;
        private final SortedMap<String, PendingCreate> pending;
        private final SortedSet<String> proofs;
        private Map<String, Object> outputs;
        private long serial;

        Replay(State base) {
            this.base = base;
            this.resources = new TreeMap<>(base.resources());
            this.pending = new TreeMap<>(base.pending());
            this.proofs = new TreeSet<>(base.retiredProofs());
            this.outputs = base.outputs();
            this.serial = base.serial();
        }

        long serial() {
            return serial;
        }

        Replay add(StateDelta d) {
            d.removed().forEach(resources::remove);
            resources.putAll(d.put());
            d.pendingRemoved().forEach(pending::remove);
            pending.putAll(d.pendingPut());
            proofs.addAll(d.retired());
            if (d.outputs() != null) outputs = d.outputs();
            serial = d.serial();
            return this;
        }

        State state() {
            return new State(base.version(), base.lineage(), serial, base.stack(), base.region(), resources, outputs, pending,
                    base.target(), proofs);
        }
    }
}
