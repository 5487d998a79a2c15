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
 */
public record ResourceChange(String address, String type, Action action, ReplaceOrder order, String physicalId,
                             Map<String, Object> before, Map<String, Object> after, List<AttributeChange> changes,
                             String reason, List<String> notes, List<String> dependsOn, List<String> sensitive) {

    public boolean isChange() {
        return action != Action.NO_OP && action != Action.READ;
    }
}
