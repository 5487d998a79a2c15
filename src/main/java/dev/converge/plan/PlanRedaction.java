package dev.converge.plan;

import dev.converge.crypto.Encryption;
import dev.converge.json.Json;
import dev.converge.secrets.SensitiveStrings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plan with its sensitive values left out, as {@code plan --json} prints it and as a plan is
 * saved without encryption (docs/plan-format.md): sensitive variables are missing from
 * {@code variables}, sensitive properties from {@code before}/{@code after} (named in
 * {@code sensitive}), attribute changes marked {@code "sensitive": true} carry no values, and
 * sensitive outputs no value. A saved plan is still applied exactly: its stack fingerprint pins the
 * sensitive variables, which apply takes again from {@code CONVERGE_VAR_name}; an encrypted plan
 * file keeps every value instead.
 */
public final class PlanRedaction {

    private PlanRedaction() {
    }

    /** What {@code plan --out} writes: the whole plan encrypted if a key is set, else the redacted plan. */
    static String savedForm(Plan plan) {
        Encryption encryption = Encryption.current();
        return encryption.enabled() ? encryption.seal(Json.write(plan) + "\n") : Json.write(redact(plan)) + "\n";
    }

    /**
     * For {@code plan --out}: which variables the saved file leaves out and where apply takes them
     * from, or null if it keeps everything (encrypted, or nothing sensitive).
     */
    public static String withheldNote(Plan plan) {
        if (Encryption.current().enabled()) return null;
        List<String> withheld = plan.variables().keySet().stream().filter(n -> !redact(plan).variables().containsKey(n)).sorted().toList();
        if (withheld.isEmpty()) return null;
        return "The plan file leaves out the sensitive " + (withheld.size() == 1 ? "variable " : "variables ") + String.join(", ", withheld)
                + ": apply takes " + (withheld.size() == 1 ? "it" : "them") + " from "
                + String.join(", ", withheld.stream().map(n -> "CONVERGE_VAR_" + n).toList())
                + " (the same value, or the plan is refused), or set " + Encryption.KEY + " to keep every value, encrypted";
    }

    public static Plan redact(Plan plan) {
        Map<String, Object> variables = new TreeMap<>();
        plan.variables().forEach((name, value) -> {
            if (!SensitiveStrings.isSensitiveVariable(name) && !SensitiveStrings.appearIn(value)) variables.put(name, value);
        });
        List<String> sensitiveOutputs = new ArrayList<>(plan.sensitiveOutputs());
        Map<String, Object> outputs = new TreeMap<>();
        plan.outputs().forEach((name, value) -> {
            if (SensitiveStrings.appearIn(value) && !sensitiveOutputs.contains(name)) sensitiveOutputs.add(name);
            if (!sensitiveOutputs.contains(name)) outputs.put(name, value);
        });
        List<ResourceChange> changes = plan.changes().stream().map(PlanRedaction::redact).toList();
        return new Plan(plan.formatVersion(), plan.stack(), plan.region(), plan.target(), plan.stackFile(), plan.destroy(),
                plan.stackFingerprint(), variables, plan.stateLineage(), plan.stateSerial(), plan.liveFingerprint(),
                plan.createdAt(), changes, outputs, List.copyOf(sensitiveOutputs), plan.unproven(), plan.withoutProof(), plan.scope(),
                plan.warnings());
    }

    private static ResourceChange redact(ResourceChange c) {
        List<AttributeChange> changes = new ArrayList<>();
        for (AttributeChange a : c.changes()) {
            changes.add(a.sensitive() ? new AttributeChange(a.path(), null, null, a.forcesReplacement(), true, a.drift()) : a);
        }
        List<String> notes = c.notes() == null ? null : c.notes().stream().map(SensitiveStrings::scrub).toList();
        return new ResourceChange(c.address(), c.type(), c.action(), c.order(), SensitiveStrings.scrub(c.physicalId()),
                without(c.before(), c.sensitive()), without(c.after(), c.sensitive()), changes,
                SensitiveStrings.scrub(c.reason()), notes, c.dependsOn(), c.sensitive(), c.releasedBy(), c.movedFrom(),
                c.importing());
    }

    private static Map<String, Object> without(Map<String, Object> values, List<String> sensitive) {
        if (values == null) return null;
        Map<String, Object> out = new LinkedHashMap<>(values);
        out.keySet().removeAll(sensitive);
        return out;
    }
}
