package dev.converge.state;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A mutable copy of a state that remembers what changed since it was last drained: what an apply
 * edits action by action. Each edit and each {@link #drain} costs the size of the change; only
 * {@link #toState} costs the size of the state, and is done when the whole state is read. Not
 * thread-safe: its owner (the apply's {@code StateKeeper}) serializes access.
 */
public final class WorkingState {

    private final StateHeader header;
    private final TreeMap<String, ResourceState> resources;
    private final TreeMap<String, PendingCreate> pending;
    private final TreeSet<String> retiredProofs;
    private Map<String, Object> outputs;

    /** Addresses whose resource or pending create was set or removed since the last drain. */
    private final Set<String> changedResources = new HashSet<>();
    private final Set<String> changedPending = new HashSet<>();
    private final SortedSet<String> newlyRetired = new TreeSet<>();
    private boolean outputsChanged;

    public WorkingState(State from) {
        this.header = StateHeader.of(from);
        this.resources = new TreeMap<>(from.resources());
        this.pending = new TreeMap<>(from.pending());
        this.retiredProofs = new TreeSet<>(from.retiredProofs());
        this.outputs = from.outputs();
    }

    public ResourceState resource(String address) {
        return resources.get(address);
    }

    public PendingCreate pending(String address) {
        return pending.get(address);
    }

    public Map<String, Object> outputs() {
        return outputs;
    }

    public WorkingState putResource(String address, ResourceState r) {
        resources.put(address, r);
        changedResources.add(address);
        return this;
    }

    public WorkingState removeResource(String address) {
        if (resources.remove(address) != null) changedResources.add(address);
        return this;
    }

    public WorkingState putPending(String address, PendingCreate p) {
        pending.put(address, p);
        changedPending.add(address);
        return this;
    }

    public WorkingState removePending(String address) {
        if (pending.remove(address) != null) changedPending.add(address);
        return this;
    }

    public WorkingState setOutputs(Map<String, Object> values) {
        if (!values.equals(outputs)) {
            outputs = Collections.unmodifiableMap(new LinkedHashMap<>(values));
            outputsChanged = true;
        }
        return this;
    }

    /** The resource carrying this proof was deleted: a copy of the proof must not count any more. */
    public WorkingState retireProof(String nonce) {
        if (retiredProofs.add(nonce)) newlyRetired.add(nonce);
        return this;
    }

    /**
     * What changed since the last drain, with the values as they are now; afterwards nothing has.
     * Called once per checkpoint, usually for one or two entries: what is empty stays empty rather
     * than a new collection.
     */
    public StateChange drain() {
        Drained<ResourceState> resourcesNow = Drained.of(changedResources, resources);
        Drained<PendingCreate> pendingNow = Drained.of(changedPending, pending);
        SortedSet<String> retired = newlyRetired.isEmpty() ? Collections.emptySortedSet() : new TreeSet<>(newlyRetired);
        StateChange change = new StateChange(header, resourcesNow.put(), resourcesNow.removed(), pendingNow.put(), pendingNow.removed(),
                outputsChanged ? outputs : null, retired);
        newlyRetired.clear();
        outputsChanged = false;
        return change;
    }

    /**
     * The entries of one kind that changed since the last drain: those still there with their values
     * now, the others as removed (sorted); {@code changed} is emptied.
     */
    private record Drained<V>(SortedMap<String, V> put, List<String> removed) {
        static <V> Drained<V> of(Set<String> changed, Map<String, V> current) {
            if (changed.isEmpty()) return new Drained<>(Collections.emptySortedMap(), List.of());
            SortedMap<String, V> put = new TreeMap<>();
            List<String> removed = new ArrayList<>();
            for (String a : changed) {
                V v = current.get(a);
                if (v != null) put.put(a, v);
                else removed.add(a);
            }
            Collections.sort(removed);
            changed.clear();
            return new Drained<>(put, removed);
        }
    }

    /** A drained change that could not be written: the next drain includes its entries again, as they are then. */
    public void restore(StateChange change) {
        changedResources.addAll(change.put().keySet());
        changedResources.addAll(change.removed());
        changedPending.addAll(change.pendingPut().keySet());
        changedPending.addAll(change.pendingRemoved());
        newlyRetired.addAll(change.retired());
        if (change.outputs() != null) outputsChanged = true;
    }

    /** The whole state as an immutable value, under {@code serial}. */
    public State toState(long serial) {
        return new State(header.version(), header.lineage(), serial, header.stack(), header.region(), resources, outputs, pending,
                header.target(), retiredProofs);
    }
}
