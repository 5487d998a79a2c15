package dev.converge.plan;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.converge.state.Target;

import java.util.List;
import java.util.Map;

/**
 * A plan is a value: it can be printed, saved, reviewed and applied later, exactly. The
 * fingerprints say what it was computed from; {@code apply PLANFILE} refuses if any changed.
 *
 * @param formatVersion    version of the saved format (docs/plan-format.md)
 * @param target           the account, region and endpoint the plan was made against (from the state it read);
 *                         a saved plan is applied there and nowhere else. Null only for plans made without a target
 *                         (the engine's tests)
 * @param stackFingerprint hash of the stack file, files it reads and variable values
 * @param variables        the variable values the plan was made with
 * @param stateLineage     the state it was made against (null if none), and its serial
 * @param liveFingerprint  hash of everything refresh read
 * @param outputs          output values as far as known
 * @param unproven         resources claiming to belong to the stack without proof (never changed unless named)
 * @param withoutProof     how many resources the state remembers carry no ownership proof (older than proofs)
 * @param scope            what --target, --exclude and --replace made of the plan; null for a plan of the whole stack
 * @param warnings         what the plan has to say beyond its changes ("removed: x: nothing to forget"); absent when none
 */
public record Plan(int formatVersion, String stack, String region, Target target, String stackFile, boolean destroy,
                   String stackFingerprint, Map<String, Object> variables, String stateLineage, long stateSerial,
                   String liveFingerprint, String createdAt, List<ResourceChange> changes, Map<String, Object> outputs,
                   List<String> sensitiveOutputs, List<UnprovenClaim> unproven, int withoutProof,
                   @JsonInclude(JsonInclude.Include.NON_NULL) PlanScope scope,
                   @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> warnings) {

    public static final int FORMAT_VERSION = 2;

    public Plan {
        unproven = unproven == null ? List.of() : List.copyOf(unproven); // plans saved before ownership proofs
        if (scope != null && scope.whole()) scope = null; // one form for the whole stack: saved plans compare equal
        warnings = warnings == null ? List.of() : List.copyOf(warnings); // absent from plans without any
    }

    /** A plan without warnings. */
    public Plan(int formatVersion, String stack, String region, Target target, String stackFile, boolean destroy,
                String stackFingerprint, Map<String, Object> variables, String stateLineage, long stateSerial,
                String liveFingerprint, String createdAt, List<ResourceChange> changes, Map<String, Object> outputs,
                List<String> sensitiveOutputs, List<UnprovenClaim> unproven, int withoutProof, PlanScope scope) {
        this(formatVersion, stack, region, target, stackFile, destroy, stackFingerprint, variables, stateLineage, stateSerial,
                liveFingerprint, createdAt, changes, outputs, sensitiveOutputs, unproven, withoutProof, scope, List.of());
    }

    /** The ids of unproven claims this plan deletes: applying it again must name the same. */
    public java.util.Set<String> deletedUnproven() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        for (UnprovenClaim c : unproven) if (c.deleted()) out.add(c.id());
        return out;
    }

    /** This plan making only {@code kept} of its changes (what {@code converge import} keeps of a plan). */
    public Plan withChanges(List<ResourceChange> kept) {
        return new Plan(formatVersion, stack, region, target, stackFile, destroy, stackFingerprint, variables, stateLineage,
                stateSerial, liveFingerprint, createdAt, List.copyOf(kept), outputs, sensitiveOutputs, unproven, withoutProof, scope);
    }

    /** The plan's scope; {@link PlanScope#FULL} for the whole stack. */
    public PlanScope scopeOrFull() {
        return scope == null ? PlanScope.FULL : scope;
    }

    public boolean hasChanges() {
        return changes.stream().anyMatch(ResourceChange::isChange);
    }

    public long count(Action a) {
        return changes.stream().filter(c -> c.action() == a).count();
    }
}
