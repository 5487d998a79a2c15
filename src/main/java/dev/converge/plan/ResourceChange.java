package dev.converge.plan;

import java.util.List;
import java.util.Map;

/**
 * The planned change of one resource.
 *
 * @param physicalId the existing resource's id, null for a create
 * @param before     live values (null for a create)
 * @param after      desired properties, references resolved as far as known (null for a delete)
 * @param order      for a replace: which side goes first; null otherwise
 * @param reason     why, when not obvious from the attributes ("removed from the stack", ...)
 * @param notes      provider warnings ("the instance will be stopped and restarted")
 * @param dependsOn  addresses this resource needs (from the stack for creates and updates, from the
 *                   state for deletes), which order the apply
 * @param sensitive  properties shown as (sensitive)
 * @param releasedBy for a delete: the updates and replacements that stop using the resource, which
 *                   finish before it is deleted (see {@link Releases})
 * @param movedFrom  the address the resource had before a {@code moved:} entry gave it this one, or null:
 *                   apply moves its state entry and its ownership (tag and proof) before anything else
 * @param importing  the physical id an {@code import:} entry takes into the stack at this address, or null: apply
 *                   writes the stack's claim on it and records it before anything else, then makes the change
 *                   {@code action} says (none, an update in place, or a replacement)
 */
public record ResourceChange(String address, String type, Action action, ReplaceOrder order, String physicalId,
                             Map<String, Object> before, Map<String, Object> after, List<AttributeChange> changes,
                             String reason, List<String> notes, List<String> dependsOn, List<String> sensitive,
                             List<String> releasedBy, String movedFrom, String importing) {

    public ResourceChange {
        // Absent from plans saved before the field existed.
        releasedBy = releasedBy == null ? List.of() : List.copyOf(releasedBy);
    }

    /** A change that imports nothing. */
    public ResourceChange(String address, String type, Action action, ReplaceOrder order, String physicalId,
                          Map<String, Object> before, Map<String, Object> after, List<AttributeChange> changes,
                          String reason, List<String> notes, List<String> dependsOn, List<String> sensitive,
                          List<String> releasedBy, String movedFrom) {
        this(address, type, action, order, physicalId, before, after, changes, reason, notes, dependsOn, sensitive, releasedBy,
                movedFrom, null);
    }

    /** A change of a resource that keeps its address. */
    public ResourceChange(String address, String type, Action action, ReplaceOrder order, String physicalId,
                          Map<String, Object> before, Map<String, Object> after, List<AttributeChange> changes,
                          String reason, List<String> notes, List<String> dependsOn, List<String> sensitive,
                          List<String> releasedBy) {
        this(address, type, action, order, physicalId, before, after, changes, reason, notes, dependsOn, sensitive, releasedBy, null);
    }

    /** A change nothing has to release first. */
    public ResourceChange(String address, String type, Action action, ReplaceOrder order, String physicalId,
                          Map<String, Object> before, Map<String, Object> after, List<AttributeChange> changes,
                          String reason, List<String> notes, List<String> dependsOn, List<String> sensitive) {
        this(address, type, action, order, physicalId, before, after, changes, reason, notes, dependsOn, sensitive, List.of());
    }

    public ResourceChange withReleasedBy(List<String> addresses) {
        return new ResourceChange(address, type, action, order, physicalId, before, after, changes, reason, notes, dependsOn,
                sensitive, addresses, movedFrom, importing);
    }

    public ResourceChange withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes == null ? List.of() : notes);
        more.add(note);
        return new ResourceChange(address, type, action, order, physicalId, before, after, changes, reason, List.copyOf(more),
                dependsOn, sensitive, releasedBy, movedFrom);
    }

    public ResourceChange withMovedFrom(String from) {
        return new ResourceChange(address, type, action, order, physicalId, before, after, changes, reason, notes, dependsOn,
                sensitive, releasedBy, from, importing);
    }

    public ResourceChange withImporting(String id) {
        return new ResourceChange(address, type, action, order, physicalId, before, after, changes, reason, notes, dependsOn,
                sensitive, releasedBy, movedFrom, id);
    }

    /** Something to apply: an action on the resource, or only its move to a new address or its import. */
    public boolean isChange() {
        return action != Action.NO_OP && action != Action.READ || movedFrom != null || importing != null;
    }

    public boolean imported() {
        return importing != null;
    }

    public boolean moved() {
        return movedFrom != null;
    }
}
