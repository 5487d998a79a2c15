package dev.converge.state;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The cache of what a stack owns. Immutable: every change returns a new State.
 *
 * @param version  the file format version
 * @param lineage  set when the state is first created and never changed: tells two states of the
 *                 same name apart (a saved plan refuses a different lineage)
 * @param serial   incremented by every write
 * @param region   the region the stack's resources are in; null only in states written before it was recorded
 *                 (one is filled in on the next write). A stack moved with {@code --region} needs its own state.
 * @param target   the account, region and endpoint this state belongs to; null only in states written before
 *                 targets were recorded (adopted once, see {@code cli.TargetStates})
 * @param retiredProofs the nonces of ownership proofs carried by resources this stack deleted: a proof
 *                 copied from such a resource still verifies, so it must no longer count as proof
 */
public record State(int version, String lineage, long serial, String stack, String region, SortedMap<String, ResourceState> resources,
                    Map<String, Object> outputs, SortedMap<String, PendingCreate> pending, Target target,
                    SortedSet<String> retiredProofs) {

    public static final int FORMAT_VERSION = 1;

    public State {
        resources = Collections.unmodifiableSortedMap(new TreeMap<>(resources == null ? Map.of() : resources));
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs == null ? Map.of() : outputs));
        pending = Collections.unmodifiableSortedMap(new TreeMap<>(pending == null ? Map.of() : pending));
        retiredProofs = Collections.unmodifiableSortedSet(new TreeSet<>(retiredProofs == null ? Set.of() : retiredProofs));
    }

    /** A state without retired proofs (as written before they were recorded). */
    public State(int version, String lineage, long serial, String stack, String region, SortedMap<String, ResourceState> resources,
                 Map<String, Object> outputs, SortedMap<String, PendingCreate> pending, Target target) {
        this(version, lineage, serial, stack, region, resources, outputs, pending, target, null);
    }

    /** The same with {@code nonce} retired: the resource carrying it was deleted. */
    public State withRetiredProof(String nonce) {
        SortedSet<String> next = new TreeSet<>(retiredProofs);
        next.add(nonce);
        return new State(version, lineage, serial, stack, region, resources, outputs, pending, target, next);
    }

    public static State empty(String stack) {
        return empty(stack, null);
    }

    public static State empty(String stack, String region) {
        return new State(FORMAT_VERSION, UUID.randomUUID().toString(), 0, stack, region, new TreeMap<>(), Map.of(), new TreeMap<>(), null);
    }

    public State withRegion(String value) {
        return new State(version, lineage, serial, stack, value, resources, outputs, pending, target, retiredProofs);
    }

    /** Bound to {@code t}: the region follows the target's. */
    public State withTarget(Target t) {
        return new State(version, lineage, serial, stack, t == null ? region : t.region(), resources, outputs, pending, t, retiredProofs);
    }

    public State withResource(String address, ResourceState r) {
        SortedMap<String, ResourceState> next = new TreeMap<>(resources);
        next.put(address, r);
        return new State(version, lineage, serial, stack, region, next, outputs, pending, target, retiredProofs);
    }

    public State withoutResource(String address) {
        SortedMap<String, ResourceState> next = new TreeMap<>(resources);
        next.remove(address);
        return new State(version, lineage, serial, stack, region, next, outputs, pending, target, retiredProofs);
    }

    public State withPending(String address, PendingCreate p) {
        SortedMap<String, PendingCreate> next = new TreeMap<>(pending);
        next.put(address, p);
        return new State(version, lineage, serial, stack, region, resources, outputs, next, target, retiredProofs);
    }

    public State withoutPending(String address) {
        SortedMap<String, PendingCreate> next = new TreeMap<>(pending);
        next.remove(address);
        return new State(version, lineage, serial, stack, region, resources, outputs, next, target, retiredProofs);
    }

    public State withOutputs(Map<String, Object> values) {
        return new State(version, lineage, serial, stack, region, resources, values, pending, target, retiredProofs);
    }

    /** The same content under the serial a store decided. */
    State withSerial(long value) {
        return new State(version, lineage, value, stack, region, resources, outputs, pending, target, retiredProofs);
    }
}
