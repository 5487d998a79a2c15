package dev.converge.plan;

import dev.converge.addr.Address;
import dev.converge.provider.LiveResource;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Tracked;
import dev.converge.refresh.Unproven;
import dev.converge.schema.Fingerprint;
import dev.converge.schema.Values;
import dev.converge.stack.ImportEntry;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The stack's {@code import:} entries applied to what refresh found, before planning: each resource an
 * entry names, read by its id, is placed at the entry's address, so the planner compares it with its
 * declaration (nothing to do, an update in place, or a replacement) instead of planning a create, and
 * the apply first writes the stack's claim on it and records it.
 *
 * <p>An entry is done, and harmless in the file, once the state holds its address with its id, or once
 * a proof signed for its address is found on it (an import interrupted between its claim and the state
 * write: the apply records it). Everything else that cannot be imported is refused before anything
 * changes: an id AWS does not know, a resource that carries another stack's claim or this stack's claim
 * on another address (the rule {@code converge import} has always applied), an address that holds
 * another resource, a resource the stack has at another address.
 *
 * @param live      what was read, with the imported resources at their addresses
 * @param importing address → physical id of each resource the apply imports
 */
public record Imports(LiveState live, Map<Address, String> importing) {

    /** Reads resources of one type by id: the type's read with known ids. */
    @FunctionalInterface
    public interface Reader {
        List<LiveResource> read(String type, List<String> ids);
    }

    /**
     * What {@code converge import} keeps of a plan of the stack with its one entry: the import alone, with no
     * other change. How the resource differs from its declaration is for the next plan to show and the
     * next apply to change.
     */
    public static Plan only(Plan plan, Address address) {
        List<ResourceChange> kept = new ArrayList<>();
        for (ResourceChange c : plan.changes()) {
            if (!c.imported() || !c.address().equals(address.toString())) continue;
            kept.add(new ResourceChange(c.address(), c.type(), Action.NO_OP, null, c.physicalId(), c.before(), c.before(), List.of(),
                    null, List.of(), c.dependsOn(), c.sensitive(), List.of(), null, c.importing()));
        }
        return plan.withChanges(kept);
    }

    /**
     * What the apply of {@code plan} may take as read: an import the plan's scope left out ({@code --target},
     * {@code --exclude}) is not the stack's, so the apply must neither record it nor change it.
     *
     * @param before what refresh found, before the imports were placed
     */
    public LiveState forApply(LiveState before, Plan plan) {
        java.util.Set<Address> planned = new java.util.HashSet<>();
        for (ResourceChange c : plan.changes()) if (c.imported()) planned.add(Address.parse(c.address()));
        if (planned.containsAll(importing.keySet())) return live;
        Map<Address, Tracked> resources = new TreeMap<>(live.resources());
        List<Unproven> unproven = new ArrayList<>(live.unproven());
        importing.forEach((address, id) -> {
            if (planned.contains(address)) return;
            Tracked t = resources.remove(address);
            for (Unproven u : before.unproven()) if (u.claim().resource().id().equals(id) && u.claim().type().equals(t.type())) unproven.add(u);
        });
        return new LiveState(resources, live.duplicates(), unproven, live.withoutProof(), live.data(), live.fingerprint());
    }

    /** No imports (a destroy deletes what the stack owns and takes nothing in). */
    public static Imports none(LiveState live) {
        return new Imports(live, Map.of());
    }

    /**
     * @param state    and {@code live}: as {@link Moves} left them
     * @param problems where entries that cannot be imported are reported
     */
    public static Imports resolve(Stack stack, State state, LiveState live, Reader reader, List<String> problems) {
        return resolve(stack, state, live, reader, problems, false);
    }

    /**
     * @param again an entry the stack already holds at its address with its id (by the state or a proof) is
     *              claimed again instead of being done: {@code converge import} of such a resource rewrites its
     *              ownership tags and writes the proof it lacks (resources older than proofs)
     */
    public static Imports resolve(Stack stack, State state, LiveState live, Reader reader, List<String> problems, boolean again) {
        Map<Address, String> importing = new TreeMap<>();
        Map<String, String> stateAddressById = new HashMap<>();
        state.resources().forEach((a, r) -> stateAddressById.put(r.type() + " " + r.id(), a));
        Map<String, Address> liveAddressById = new HashMap<>();
        live.resources().forEach((a, t) -> liveAddressById.put(t.type() + " " + t.resource().id(), a));
        Map<String, List<ImportEntry>> toRead = new TreeMap<>();
        for (ImportEntry e : stack.imports()) {
            String type = stack.instance(e.to()).entry().type().name();
            String at = e.to().toString();
            ResourceState recorded = state.resources().get(at);
            Tracked there = live.resources().get(e.to());
            if (recorded != null) {
                if (!recorded.id().equals(e.id())) {
                    problems.add(where(e) + "import: " + at + " is already in the state as " + recorded.id() + ", not " + e.id()
                            + ": remove the entry, or destroy " + at + " first");
                } else if (again) {
                    claimAgain(e, there, type, stack, importing, problems);
                }
                continue; // imported already (or refused)
            }
            String elsewhere = stateAddressById.get(type + " " + e.id());
            Address found = liveAddressById.get(type + " " + e.id());
            if (elsewhere != null || found != null && !found.equals(e.to())) {
                String other = elsewhere != null ? elsewhere : found.toString();
                problems.add(where(e) + "import: " + e.id() + " is already the stack's " + other + ": a resource has one "
                        + "address; to give it " + at + ", use a moved: entry from " + other + " instead");
                continue;
            }
            if (there != null) {
                // Found by a proof signed for this address: an import whose claim was written, not yet recorded.
                if (!there.resource().id().equals(e.id())) {
                    problems.add(where(e) + "import: " + at + " already holds " + there.resource().id() + ", not " + e.id()
                            + ": remove the entry, or destroy " + at + " first");
                } else if (again) {
                    claimAgain(e, there, type, stack, importing, problems);
                }
                continue;
            }
            toRead.computeIfAbsent(type, k -> new ArrayList<>()).add(e);
        }
        if (toRead.isEmpty()) return new Imports(live, Map.copyOf(importing));
        Map<Address, Tracked> resources = new TreeMap<>(live.resources());
        List<Unproven> unproven = new ArrayList<>(live.unproven());
        Map<String, Object> fingerprinted = new TreeMap<>();
        toRead.forEach((type, entries) -> {
            Map<String, LiveResource> read = new LinkedHashMap<>();
            for (LiveResource r : reader.read(type, entries.stream().map(ImportEntry::id).toList())) read.put(r.id(), r);
            for (ImportEntry e : entries) {
                LiveResource r = read.get(e.id());
                if (r == null) {
                    problems.add(where(e) + "import: no " + type + " with id " + e.id() + " in " + stack.region()
                            + ": check the id and the region");
                    continue;
                }
                if (r.address() != null && !claimedHere(unproven, type, e)) {
                    problems.add(where(e) + "import: " + e.id() + (ourClaim(live, unproven, type, e.id())
                            ? " claims to be this stack's " + r.address() + ", not " + e.to() + ": import it to " + r.address() + " instead"
                            : " carries the ownership tags of another stack (as " + r.address() + "): Converge will not take it over"));
                    continue;
                }
                unproven.removeIf(u -> u.claim().type().equals(type) && u.claim().resource().id().equals(e.id()));
                resources.put(e.to(), new Tracked(e.to(), type, r));
                importing.put(e.to(), e.id());
                fingerprinted.put(e.to().toString(), List.of(type, r.id(), r.values()));
            }
        });
        if (importing.isEmpty()) return new Imports(live, Map.of());
        String fingerprint = Fingerprint.sha256(live.fingerprint() + "\nimport " + Values.canonicalString(fingerprinted));
        return new Imports(new LiveState(resources, live.duplicates(), unproven, live.withoutProof(), live.data(), fingerprint),
                Map.copyOf(importing));
    }

    /** The stack's own resource at the entry's address, to be claimed again; refused if AWS no longer has it. */
    private static void claimAgain(ImportEntry e, Tracked there, String type, Stack stack, Map<Address, String> importing,
                                   List<String> problems) {
        if (there == null || !there.resource().id().equals(e.id())) {
            problems.add(where(e) + "import: no " + type + " with id " + e.id() + " in " + stack.region() + ": the state remembers "
                    + "it at " + e.to() + ", but it no longer exists");
            return;
        }
        importing.put(e.to(), e.id());
    }

    /**
     * A resource that claims this very address of this stack without a proof that verifies (an unproven
     * claim): the entry is the user saying it is the stack's, as {@code converge import} does.
     */
    private static boolean claimedHere(List<Unproven> unproven, String type, ImportEntry e) {
        return unproven.stream().anyMatch(u -> u.claim().type().equals(type) && u.claim().resource().id().equals(e.id())
                && u.claim().address().equals(e.to()));
    }

    /** Carries this stack's ownership tag (refresh read it among the stack's own), whatever its address. */
    private static boolean ourClaim(LiveState live, List<Unproven> unproven, String type, String id) {
        return unproven.stream().anyMatch(u -> u.claim().type().equals(type) && u.claim().resource().id().equals(id))
                || live.duplicates().stream().anyMatch(d -> d.type().equals(type) && d.resource().id().equals(id));
    }

    /** The entry's place in the stack file; nothing for the entry {@code converge import} makes of its arguments. */
    private static String where(ImportEntry e) {
        return e.location().isKnown() ? e.location() + ": " : "";
    }
}
