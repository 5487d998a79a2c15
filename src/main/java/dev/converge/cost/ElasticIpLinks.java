package dev.converge.cost;

import dev.converge.plan.Action;
import dev.converge.plan.ResourceChange;
import dev.converge.schema.Unknown;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which instances an Elastic IP of the stack is (or will be) associated with. AWS releases an
 * instance's auto-assigned public address when an Elastic IP is associated, so such an instance's
 * address is billed once, on the Elastic IP: counting both would overstate the stack by $3.65.
 */
final class ElasticIpLinks {

    private static final String INSTANCE = "aws.ec2.Instance";
    private static final String ELASTIC_IP = "aws.ec2.ElasticIp";

    private ElasticIpLinks() {
    }

    static Set<String> instancesWithElasticIp(List<ResourceChange> changes) {
        Map<String, String> addressById = new HashMap<>();
        Set<String> instances = new HashSet<>();
        for (ResourceChange c : changes) {
            if (!INSTANCE.equals(c.type())) continue;
            instances.add(c.address());
            if (c.physicalId() != null) addressById.put(c.physicalId(), c.address());
        }
        Set<String> out = new HashSet<>();
        for (ResourceChange c : changes) {
            if (!ELASTIC_IP.equals(c.type()) || c.action() == Action.DELETE) continue;
            Map<String, Object> values = c.after() != null ? c.after() : c.before();
            Object target = values == null ? null : values.get("instanceId");
            if (target instanceof String id && addressById.containsKey(id)) {
                out.add(addressById.get(id));
            } else if (target == Unknown.VALUE) {
                // The instance does not exist yet: the one instance the address depends on is its target.
                List<String> needed = c.dependsOn().stream().filter(instances::contains).toList();
                if (needed.size() == 1) out.add(needed.get(0));
            }
        }
        return out;
    }
}
