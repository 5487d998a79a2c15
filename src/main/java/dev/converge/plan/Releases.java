package dev.converge.plan;

import dev.converge.addr.Address;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Tracked;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which updates must finish before a resource leaving the stack is deleted: those that stop using
 * it. Scaling a counted instance 3 → 2 updates the target group off {@code web[2]} and deletes
 * {@code web[2]}; terminating it first would cut requests in flight, and AWS then refuses to
 * deregister a terminated instance.
 *
 * <p>An update or replacement of U releases a deleted X when U's current configuration references X
 * and its new one no longer does. What U references now is read from two sources, so that neither a
 * lost state nor a reference the state never saw hides it:
 * <ul>
 *   <li>the state: the addresses U used when it was last applied ({@link ResourceState#dependsOn()}),
 *       while the state still describes the same resource (same id);</li>
 *   <li>the live values: X's id appearing in U's values as read now (a target group listing the
 *       instance), which holds after a lost state as well.</li>
 * </ul>
 * U's new configuration still uses X if X's id appears in its desired values; a reference to X's
 * address cannot remain, since X has left the stack. Nothing here knows a resource type.
 */
public final class Releases {

    private Releases() {
    }

    /** {@code changes} with the releases of each delete filled in, those the apply order can keep. */
    public static List<ResourceChange> annotate(List<ResourceChange> changes, State state, LiveState live) {
        Map<String, ResourceChange> deletedById = new LinkedHashMap<>();
        for (ResourceChange c : changes) {
            if (c.action() == Action.DELETE && c.physicalId() != null) deletedById.put(c.physicalId(), c);
        }
        if (deletedById.isEmpty()) return changes;
        Map<String, Set<String>> releasers = new LinkedHashMap<>();
        for (ResourceChange u : changes) {
            if (u.action() != Action.UPDATE && u.action() != Action.REPLACE) continue;
            Set<String> used = usedNow(u, deletedById, state, live);
            Set<String> stillUsed = mentioned(u.after(), used);
            for (String id : used) {
                ResourceChange x = deletedById.get(id);
                if (!stillUsed.contains(id) && !x.address().equals(u.address())) {
                    releasers.computeIfAbsent(id, k -> new TreeSet<>()).add(u.address());
                }
            }
        }
        if (releasers.isEmpty()) return changes;
        List<ResourceChange> out = new ArrayList<>(changes.size());
        for (ResourceChange c : changes) {
            Set<String> by = c.action() == Action.DELETE ? releasers.get(c.physicalId()) : null;
            out.add(by == null ? c : c.withReleasedBy(List.copyOf(by)));
        }
        for (ApplyOrder.Release r : ApplyOrder.unkeepable(out)) {
            out.replaceAll(c -> c.action() == Action.DELETE && c.physicalId().equals(r.physicalId())
                    ? c.withReleasedBy(c.releasedBy().stream().filter(u -> !u.equals(r.releaser())).toList()) : c);
        }
        return out;
    }

    /** Ids of deleted resources that U uses now, by the state's record and by its live values. */
    private static Set<String> usedNow(ResourceChange u, Map<String, ResourceChange> deletedById, State state, LiveState live) {
        Set<String> used = new HashSet<>(mentioned(u.before(), deletedById.keySet()));
        ResourceState recorded = state.resources().get(u.address());
        if (recorded != null && recorded.id().equals(u.physicalId())) {
            for (String address : recorded.dependsOn()) {
                ResourceState dep = state.resources().get(address);
                if (dep != null && deletedById.containsKey(dep.id()) && isTracked(live, address, dep.id())) used.add(dep.id());
            }
        }
        return used;
    }

    /** The state's record of {@code address} is the resource refresh found there, not one since replaced. */
    private static boolean isTracked(LiveState live, String address, String id) {
        Tracked t = live.resources().get(Address.parse(address));
        return t != null && t.resource().id().equals(id);
    }

    /** Which of {@code ids} appear in {@code values}: as a whole string or a word in one ("i-0abc:8080", an ARN). */
    static Set<String> mentioned(Map<String, Object> values, Collection<String> ids) {
        Set<String> out = new HashSet<>();
        if (values == null) return out;
        List<String> strings = new ArrayList<>();
        collect(values, strings);
        for (String id : ids) {
            Pattern word = Pattern.compile("(?<![\\w-])" + Pattern.quote(id) + "(?![\\w-])");
            for (String s : strings) {
                if (s.equals(id) || (s.contains(id) && word.matcher(s).find())) {
                    out.add(id);
                    break;
                }
            }
        }
        return out;
    }

    private static void collect(Object value, List<String> out) {
        if (value instanceof String s) out.add(s);
        else if (value instanceof Map<?, ?> m) m.values().forEach(v -> collect(v, out));
        else if (value instanceof Collection<?> c) c.forEach(v -> collect(v, out));
    }
}
