package dev.converge.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one checkpoint changed, as one journal record holds it: the resources and pending creates
 * added, replaced or removed, the outputs if they changed, the proofs newly retired. Its size is the
 * size of the change, not of the state.
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

    /**
     * The change from {@code before} to {@code after}, or null if it cannot be expressed as one (the
     * stack, region, target or format changed, or a retired proof was dropped): such a change is
     * written as a whole snapshot. Unchanged entries are shared between the two states, so the
     * comparison is mostly by identity.
     */
    static StateDelta between(State before, State after, long base, long serial) {
        if (!before.lineage().equals(after.lineage()) || before.version() != after.version()
                || !Objects.equals(before.stack(), after.stack()) || !Objects.equals(before.region(), after.region())
                || !Objects.equals(before.target(), after.target()) || !after.retiredProofs().containsAll(before.retiredProofs())) {
            return null;
        }
        SortedMap<String, ResourceState> put = new TreeMap<>();
        List<String> removed = new ArrayList<>();
        diff(before.resources(), after.resources(), put, removed);
        SortedMap<String, PendingCreate> pendingPut = new TreeMap<>();
        List<String> pendingRemoved = new ArrayList<>();
        diff(before.pending(), after.pending(), pendingPut, pendingRemoved);
        SortedSet<String> retired = new TreeSet<>(after.retiredProofs());
        retired.removeAll(before.retiredProofs());
        Map<String, Object> outputs = before.outputs() == after.outputs() || before.outputs().equals(after.outputs()) ? null : after.outputs();
        return new StateDelta(after.lineage(), base, serial, put, removed, pendingPut, pendingRemoved, outputs, retired);
    }

    /** One merge pass over both sorted maps: linear in their size, no lookups. */
    private static <V> void diff(SortedMap<String, V> before, SortedMap<String, V> after, Map<String, V> put, List<String> removed) {
        Iterator<Map.Entry<String, V>> b = before.entrySet().iterator();
        Iterator<Map.Entry<String, V>> a = after.entrySet().iterator();
        Map.Entry<String, V> eb = next(b);
        Map.Entry<String, V> ea = next(a);
        while (eb != null || ea != null) {
            // Both maps were copied from one another, so an unchanged entry has the very same key
            // object: identity first spares the string comparison on nearly every entry.
            int c = eb == null ? 1 : ea == null ? -1 : eb.getKey() == ea.getKey() ? 0 : eb.getKey().compareTo(ea.getKey());
            if (c < 0) {
                removed.add(eb.getKey());
                eb = next(b);
            } else if (c > 0) {
                put.put(ea.getKey(), ea.getValue());
                ea = next(a);
            } else {
                if (eb.getValue() != ea.getValue() && !ea.getValue().equals(eb.getValue())) put.put(ea.getKey(), ea.getValue());
                eb = next(b);
                ea = next(a);
            }
        }
    }

    private static <E> E next(Iterator<E> it) {
        return it.hasNext() ? it.next() : null;
    }

    boolean isEmpty() {
        return put.isEmpty() && removed.isEmpty() && pendingPut.isEmpty() && pendingRemoved.isEmpty() && outputs == null && retired.isEmpty();
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
