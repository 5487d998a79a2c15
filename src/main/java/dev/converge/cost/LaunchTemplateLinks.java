package dev.converge.cost;

import dev.converge.plan.ResourceChange;

import java.util.List;
import java.util.Map;

/**
 * Which launch template an Auto Scaling group launches from, among the plan's changes: the one
 * whose id the group names, or, while that id is not known yet (both created by this plan), the
 * one launch template the group depends on.
 */
final class LaunchTemplateLinks {

    static final String GROUP = "aws.autoscaling.Group";
    private static final String TEMPLATE = "aws.ec2.LaunchTemplate";

    private LaunchTemplateLinks() {
    }

    /** The template's values before ({@code before}) or after the plan, or null if the plan does not hold it. */
    static Map<String, Object> templateOf(ResourceChange group, List<ResourceChange> changes, boolean before) {
        Map<String, Object> values = before ? group.before() : group.after();
        Object id = values == null ? null : values.get("launchTemplateId");
        List<ResourceChange> templates = changes.stream().filter(c -> TEMPLATE.equals(c.type())).toList();
        for (ResourceChange t : templates) {
            if (id instanceof String s && s.equals(t.physicalId())) return side(t, before);
        }
        List<ResourceChange> needed = templates.stream().filter(t -> group.dependsOn().contains(t.address())).toList();
        return needed.size() == 1 ? side(needed.get(0), before) : null;
    }

    private static Map<String, Object> side(ResourceChange t, boolean before) {
        if (before) return t.before();
        return t.after() != null ? t.after() : t.before();
    }
}
