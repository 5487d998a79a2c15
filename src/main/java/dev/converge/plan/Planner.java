package dev.converge.plan;

import dev.converge.addr.Address;
import dev.converge.desired.DesiredProperties;
import dev.converge.desired.Resolver;
import dev.converge.provider.ManagedType;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.Updatable;
import dev.converge.refresh.LiveState;
import dev.converge.refresh.Tracked;
import dev.converge.schema.Property;
import dev.converge.schema.Unknown;
import dev.converge.schema.Values;
import dev.converge.stack.Instance;
import dev.converge.stack.Output;
import dev.converge.stack.Stack;
import dev.converge.state.ResourceState;
import dev.converge.state.State;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Desired (the stack) against live (refresh) and last applied (state) → a {@link Plan}. Generic over
 * the provider SPI: nothing here knows what a load balancer is.
 */
public final class Planner {

    private final TypeRegistry registry;

    public Planner(TypeRegistry registry) {
        this.registry = registry;
    }

    public Plan plan(Stack stack, State state, LiveState live, boolean destroy) {
        return plan(stack, state, live, destroy, Set.of());
    }

    /** @param deleteUnproven ids of unproven claims to delete all the same (the user named them) */
    public Plan plan(Stack stack, State state, LiveState live, boolean destroy, Set<String> deleteUnproven) {
        return plan(stack, state, live, destroy, deleteUnproven, Map.of());
    }

    /**
     * @param state     and {@code live}: as {@link Moves} left them
     * @param movedFrom new address → old, for the resources the stack's {@code moved:} entries move
     */
    public Plan plan(Stack stack, State state, LiveState live, boolean destroy, Set<String> deleteUnproven,
                     Map<Address, Address> movedFrom) {
        return plan(stack, state, live, destroy, deleteUnproven, movedFrom, PlanScope.FULL);
    }

    /** @param scope the part of the stack to plan for, and what to replace regardless ({@link PlanScope}) */
    public Plan plan(Stack stack, State state, LiveState live, boolean destroy, Set<String> deleteUnproven,
                     Map<Address, Address> movedFrom, PlanScope scope) {
        return plan(stack, state, live, destroy, deleteUnproven, movedFrom, scope, Map.of());
    }

    /** @param importing address → physical id of what the stack's {@code import:} entries take in ({@link Imports}) */
    public Plan plan(Stack stack, State state, LiveState live, boolean destroy, Set<String> deleteUnproven,
                     Map<Address, Address> movedFrom, PlanScope scope, Map<Address, String> importing) {
        return new Run(stack, state, live, movedFrom, scope, importing).plan(destroy, deleteUnproven);
    }

    private static List<String> sensitive(ResourceType type) {
        return type.schema().properties().properties().stream().filter(Property::sensitive).map(Property::name).toList();
    }

    private final class Run {
        private final Stack stack;
        private final State state;
        private final LiveState live;
        private final Map<Address, ResourceChange> planned = new TreeMap<>();
        private final Map<Address, Map<String, Object>> knownValues = new HashMap<>();
        private final List<String> problems = new ArrayList<>();
        private final Map<Address, Address> movedFrom;
        private final PlanScope scope;
        private final Map<Address, String> importing;
        private boolean destroy;
        private java.util.function.Predicate<Address> cut;

        Run(Stack stack, State state, LiveState live, Map<Address, Address> movedFrom, PlanScope scope,
            Map<Address, String> importing) {
            this.scope = scope;
            this.importing = importing;
            this.stack = stack;
            this.state = state;
            this.live = live;
            this.movedFrom = movedFrom;
        }

        Plan plan(boolean destroy, Set<String> deleteUnproven) {
            this.destroy = destroy;
            List<ResourceChange> changes = new ArrayList<>();
            if (!destroy) {
                for (Address a : stack.graph().creationOrder()) {
                    if (a.data()) continue;
                    ResourceChange c = imported(moved(planResource(stack.instance(a))));
                    planned.put(a, c);
                    changes.add(c);
                }
            }
            for (Tracked t : live.resources().values()) {
                if (!destroy && stack.instance(t.address()) != null) continue;
                changes.add(forgetOr(t, destroy ? "destroy" : "removed from the stack"));
            }
            for (Tracked t : live.duplicates()) {
                changes.add(forgetOr(t, "duplicate of " + t.address() + " owned by this stack (left by an interrupted apply)"));
            }
            List<UnprovenClaim> unproven = UnprovenDeletions.plan(live, deleteUnproven, problems, (t, why) -> changes.add(
                    new ResourceChange(t.address().toString(), t.type(), Action.DELETE, null, t.resource().id(), t.resource().values(),
                            null, List.of(), why, List.of(), List.of(), registry.find(t.type()).map(Planner::sensitive).orElse(List.of()))));
            if (!destroy) changes.replaceAll(this::warnInUse);
            // Everything is planned (what is left out still resolves the references of what is kept), then cut.
            changes.removeIf(c -> !inScope(Address.parse(c.address())));
            if (!problems.isEmpty()) throw new PlanException(problems);
            // What AWS would reject half-way through apply, found now: before any write.
            if (!destroy) PlanChecks.run(registry, stack, changes);
            SecretValues secrets = SecretValues.of(stack);
            changes.replaceAll(secrets::redact);
            List<ResourceChange> ordered = Releases.annotate(changes, state, live);
            Map<String, Object> outputs = new TreeMap<>();
            List<String> sensitive = new ArrayList<>();
            if (!destroy) {
                Resolver resolver = resolver();
                for (Output o : stack.outputs().values()) {
                    Object value = resolver.resolveValue(o.value());
                    outputs.put(o.name(), value);
                    if (o.sensitive() || secrets.appearIn(value)) sensitive.add(o.name());
                }
            }
            return new Plan(Plan.FORMAT_VERSION, stack.name(), stack.region(), state.target(), stack.file().toString(), destroy,
                    stack.fingerprint(), new TreeMap<>(stack.variableValues()), state.lineage(), state.serial(),
                    live.fingerprint(), Instant.now().toString(), List.copyOf(ordered), outputs, sensitive, unproven, live.withoutProof(), scope,
                    Forgets.nothingToForget(stack, live));
        }

        private ResourceChange planResource(Instance instance) {
            Address a = instance.address();
            ResourceType type = registry.find(instance.entry().type().name()).orElseThrow();
            ResourceSchema schema = type.schema();
            Map<String, Object> desired = DesiredProperties.of(stack, type, resolver().resolve(instance.properties()));
            Tracked current = live.resources().get(a);
            List<String> deps = dependencies(a);
            ResourceState recorded = state.resources().get(a.toString());
            if (current == null) {
                knownValues.put(a, known(desired));
                String reason = recorded != null ? "deleted outside Converge; it will be created again" : null;
                return new ResourceChange(a.toString(), type.name(), Action.CREATE, null, null, null, desired, List.of(),
                        reason, type instanceof ManagedType m ? m.createNotes(desired) : List.of(), deps, sensitive(type));
            }
            if (!current.type().equals(type.name())) {
                checkPreventDestroy(instance, "replace");
                knownValues.put(a, known(desired));
                return new ResourceChange(a.toString(), type.name(), Action.REPLACE, ReplaceOrder.DELETE_BEFORE_CREATE,
                        current.resource().id(), current.resource().values(), desired, List.of(),
                        "type changed from " + current.type() + " to " + type.name(), List.of(), deps, sensitive(type));
            }
            Map<String, Object> liveValues = current.resource().values();
            List<AttributeChange> diffs = Differ.diff(schema.properties(), desired, liveValues,
                    recorded == null ? null : recorded.applied(), instance.entry().lifecycle().ignoreChanges());
            boolean requested = scope.replaces(a);
            if (diffs.isEmpty() && !requested) {
                knownValues.put(a, merge(liveValues, desired));
                return new ResourceChange(a.toString(), type.name(), Action.NO_OP, null, current.resource().id(), liveValues,
                        desired, List.of(), null, List.of(), deps, sensitive(type));
            }
            boolean replace = requested || diffs.stream().anyMatch(d -> d.forcesReplacement() != null);
            String reason = requested ? "replacement requested by --replace" : null;
            if (!replace && !(type instanceof Updatable)) {
                replace = true;
                reason = type.name() + " cannot be changed in place";
            }
            if (replace) {
                checkPreventDestroy(instance, "replace");
                knownValues.put(a, known(desired));
                return new ResourceChange(a.toString(), type.name(), Action.REPLACE, replaceOrder(instance, schema, desired, liveValues),
                        current.resource().id(), liveValues, desired, diffs, reason, deleteNotes(current), deps, sensitive(type));
            }
            Set<String> changed = new LinkedHashSet<>();
            for (AttributeChange d : diffs) changed.add(d.path());
            Map<String, Object> known = merge(liveValues, desired);
            // Attributes the update recomputes are unknown until it has run, for what references them.
            known.keySet().removeAll(((Updatable) type).recomputedBy(changed));
            knownValues.put(a, known);
            return new ResourceChange(a.toString(), type.name(), Action.UPDATE, null, current.resource().id(), liveValues,
                    desired, diffs, null, ((Updatable) type).updateNotes(changed), deps, sensitive(type));
        }

        /**
         * A replacement that must delete the old copy first because the new one keeps its unique
         * name, while resources that stay (updated in place to use the new copy) still use it: no
         * order can move them off before the delete, and AWS refuses to delete most resources in use
         * (a security group another group's rule names, a target group behind a listener), so the plan
         * says so before anything is written, with the way out: a new name.
         */
        private ResourceChange warnInUse(ResourceChange c) {
            if (c.action() != Action.REPLACE || c.order() != ReplaceOrder.DELETE_BEFORE_CREATE) return c;
            ResourceSchema schema = registry.find(c.type()).orElseThrow().schema();
            if (!keepsUniqueName(schema, c.after(), c.before())) return c;
            List<String> users = new ArrayList<>();
            for (Address d : stack.graph().dependentsOf(Address.parse(c.address()))) {
                ResourceChange dc = planned.get(d);
                if (dc != null && dc.action() == Action.UPDATE) users.add(d.toString());
            }
            if (users.isEmpty()) return c;
            String who = String.join(", ", users);
            return c.withNote("the old " + c.address() + " is deleted before the new one exists, while " + who
                    + (users.size() == 1 ? " still uses it" : " still use it") + "; AWS refuses to delete most resources in use "
                    + "(DependencyViolation, ResourceInUse), so this apply may stop there. Giving " + c.address()
                    + " a new name lets the new one be created first and " + who + " move to it before the old one goes.");
        }

        /**
         * A resource a {@code moved:} entry gives this address: whatever else is planned for it, apply
         * first writes its ownership for the new address, which takes an in-place update of its tags.
         */
        private ResourceChange moved(ResourceChange c) {
            Address from = movedFrom.get(Address.parse(c.address()));
            if (from == null) return c;
            if (!(registry.find(c.type()).orElseThrow() instanceof Updatable)) {
                problems.add("cannot move " + from + " to " + c.address() + ": " + c.type() + " cannot change its tags in place, "
                        + "and its ownership tag names its address");
            }
            return c.withMovedFrom(from.toString());
        }

        /**
         * A resource an {@code import:} entry takes in: apply first writes the stack's claim on it (a tagging
         * update, or the companion record) and records it, then makes the planned change, if any.
         */
        private ResourceChange imported(ResourceChange c) {
            String id = importing.get(Address.parse(c.address()));
            if (id == null) return c;
            if (!(registry.find(c.type()).orElseThrow() instanceof Updatable)) {
                problems.add("cannot import " + id + " as " + c.address() + ": " + c.type() + " cannot change its tags in place, "
                        + "so Converge cannot write its ownership on it");
            }
            return c.withImporting(id);
        }

        /**
         * Create-before-destroy keeps dependents working through the switch, but only if two can
         * exist at once: a unique name the stack keeps (or that is not known yet) forces
         * delete-before-create, and so does a dependency that is itself deleted before it is created.
         * A new name lets the new copy exist beside the old one (an IAM role renamed: the instance
         * profile moves to the new role before the old one goes).
         */
        private ReplaceOrder replaceOrder(Instance instance, ResourceSchema schema, Map<String, Object> desired,
                                          Map<String, Object> live) {
            if (keepsUniqueName(schema, desired, live)) return ReplaceOrder.DELETE_BEFORE_CREATE;
            // The old copy lives in (or uses) a dependency that must go first: it cannot outlive it.
            for (Address d : stack.graph().dependenciesOf(instance.address())) {
                ResourceChange dc = planned.get(d);
                if (dc != null && dc.action() == Action.REPLACE && dc.order() == ReplaceOrder.DELETE_BEFORE_CREATE) {
                    return ReplaceOrder.DELETE_BEFORE_CREATE;
                }
            }
            boolean referenced = !stack.graph().dependentsOf(instance.address()).isEmpty();
            return referenced ? ReplaceOrder.CREATE_BEFORE_DESTROY : ReplaceOrder.DELETE_BEFORE_CREATE;
        }

        /** True if the new copy would take the unique name the old one has (or one not known yet). */
        private static boolean keepsUniqueName(ResourceSchema schema, Map<String, Object> desired, Map<String, Object> live) {
            String unique = schema.uniqueNameProperty();
            Object name = unique == null || desired == null ? null : desired.get(unique);
            return name != null && (Values.containsUnknown(name) || sameName(schema, unique, name, live == null ? null : live.get(unique)));
        }

        private static boolean sameName(ResourceSchema schema, String property, Object desired, Object live) {
            if (live == null) return true; // not read back: assume the worst
            dev.converge.schema.Type type = schema.property(property).orElseThrow().type();
            return type.normalize(desired).equals(type.normalize(live));
        }

        /** A resource a {@code removed:} entry names is forgotten, never deleted; any other is deleted. */
        private ResourceChange forgetOr(Tracked t, String reason) {
            List<String> sensitive = registry.find(t.type()).map(Planner::sensitive).orElse(List.of());
            return Forgets.of(stack, state, t, sensitive).orElseGet(() -> delete(t, reason));
        }

        private ResourceChange delete(Tracked t, String reason) {
            Instance instance = stack.instance(t.address());
            if (instance != null && instance.entry().lifecycle().preventDestroy() && inScope(t.address())) {
                problems.add(t.address() + " has lifecycle.preventDestroy: this plan would destroy it");
            }
            ResourceState recorded = state.resources().get(t.address().toString());
            List<String> deps = recorded == null || !recorded.id().equals(t.resource().id()) ? List.of() : recorded.dependsOn();
            return new ResourceChange(t.address().toString(), t.type(), Action.DELETE, null, t.resource().id(),
                    t.resource().values(), null, List.of(), reason, deleteNotes(t), deps,
                    registry.find(t.type()).map(Planner::sensitive).orElse(List.of()));
        }

        /** The type's words on deleting the resource (a bucket emptied first), for deletes and replacements. */
        private List<String> deleteNotes(Tracked t) {
            return registry.find(t.type()).filter(ManagedType.class::isInstance).map(type -> (ManagedType) type)
                    .map(type -> type.deleteNotes(DeleteInputs.of(type, t.resource(), stack.instance(t.address()), resolver(),
                            state.resources().get(t.address().toString())))).orElse(List.of());
        }

        private void checkPreventDestroy(Instance instance, String what) {
            if (instance.entry().lifecycle().preventDestroy() && inScope(instance.address())) {
                problems.add(instance.address() + " has lifecycle.preventDestroy: this plan would " + what
                        + " it (destroying the existing one)");
            }
        }

        /** A resource the scope leaves out is not changed, so its protections have nothing to object to. */
        private boolean inScope(Address a) {
            if (cut == null) cut = scope.cut(stack.graph(), destroy);
            return cut.test(a);
        }

        private List<String> dependencies(Address a) {
            List<String> out = new ArrayList<>();
            for (Address d : stack.graph().dependenciesOf(a)) if (!d.data()) out.add(d.toString());
            return out;
        }

        private Resolver resolver() {
            return new Resolver(stack, a -> a.data() ? live.data().get(a) : knownValues.get(a));
        }

        /** What is known of a resource about to be created: its inputs, not its computed attributes. */
        private Map<String, Object> known(Map<String, Object> desired) {
            Map<String, Object> out = new LinkedHashMap<>();
            desired.forEach((k, v) -> {
                if (!(v instanceof Unknown)) out.put(k, v);
            });
            return out;
        }

        private Map<String, Object> merge(Map<String, Object> liveValues, Map<String, Object> desired) {
            Map<String, Object> out = new LinkedHashMap<>(liveValues);
            out.putAll(known(desired));
            return out;
        }
    }
}
