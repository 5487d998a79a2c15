package dev.converge.provider.aws.elbv2;

import dev.converge.provider.LiveResource;
import dev.converge.provider.ProviderException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.converge.provider.aws.elbv2.Elbv2Sandbox.STACK;
import static dev.converge.provider.aws.elbv2.Elbv2Sandbox.assertNoChanges;
import static dev.converge.provider.aws.elbv2.Elbv2Sandbox.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetGroupIT {

    @RegisterExtension
    static final Elbv2Sandbox sandbox = new Elbv2Sandbox();
    private TargetGroupResource type;

    @BeforeEach
    void setUp() {
        type = new TargetGroupResource(sandbox.session());
    }

    /** The target group of stacks/elb-https.yaml. */
    private Map<String, Object> properties(String name, String vpc, List<String> targets) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("protocol", "HTTP");
        p.put("protocolVersion", "HTTP1");
        p.put("port", 80L);
        p.put("targetType", "instance");
        p.put("vpcId", vpc);
        Map<String, Object> hc = new LinkedHashMap<>();
        hc.put("protocol", "HTTP");
        hc.put("path", "/health");
        hc.put("intervalSeconds", 30L);
        hc.put("timeoutSeconds", 5L);
        hc.put("healthyThreshold", 3L);
        hc.put("unhealthyThreshold", 3L);
        hc.put("matcher", "200-299");
        p.put("healthCheck", hc);
        p.put("targets", new ArrayList<>(targets));
        p.put("tags", new LinkedHashMap<>(Map.of("team", "web")));
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void createReadUpdateDelete() {
        String vpc = sandbox.defaultVpcId();
        List<String> instances = sandbox.instances(3);
        Map<String, Object> props = properties("elb-https-web", vpc, instances.subList(0, 2));

        LiveResource created = type.create(request(TargetGroupResource.SCHEMA, "targets", props), sandbox.ctx);
        assertTrue(created.id().contains(":targetgroup/elb-https-web/"), created.id());
        assertTrue(created.id().endsWith(":" + created.values().get("arnSuffix")), created.values().toString());
        assertTrue(String.valueOf(created.values().get("arnSuffix")).startsWith("targetgroup/elb-https-web/"));
        assertEquals("targets", created.address());
        assertEquals(List.of(instances.get(0), instances.get(1)).stream().sorted().toList(), created.values().get("targets"));
        assertEquals(300L, ((Map<String, Object>) created.values().get("attributes")).get("deregistrationDelaySeconds"));
        assertNoChanges(TargetGroupResource.SCHEMA, props, created);

        List<LiveResource> byStack = type.read(STACK, List.of(), sandbox.ctx);
        assertEquals(1, byStack.size());
        assertEquals(created.values(), byStack.get(0).values());
        assertEquals(1, type.read("other", List.of(created.id()), sandbox.ctx).size());
        assertEquals(0, type.read("other", List.of(), sandbox.ctx).size());

        // In place: health check, attributes, targets (one leaves, one joins on another port), tags.
        Map<String, Object> desired = properties("elb-https-web", vpc, List.of(instances.get(1), instances.get(2) + ":8080"));
        Map<String, Object> hc = (Map<String, Object>) desired.get("healthCheck");
        hc.put("path", "/ready");
        hc.put("intervalSeconds", 15L);
        hc.put("matcher", "200");
        desired.put("attributes", new LinkedHashMap<>(Map.of("deregistrationDelaySeconds", 30L, "stickinessEnabled", true)));
        desired.put("tags", new LinkedHashMap<>(Map.of("env", "prod")));
        long writesBefore = sandbox.session().calls().writes();
        LiveResource updated = type.update(byStack.get(0), request(TargetGroupResource.SCHEMA, "targets", desired).properties(),
                Set.of("healthCheck", "attributes", "targets", "tags"), Elbv2Sandbox.tags("targets", Map.of("env", "prod")),
                sandbox.ctx);
        // ModifyTargetGroup, ModifyTargetGroupAttributes, DeregisterTargets, RegisterTargets, RemoveTags, AddTags.
        assertEquals(6, sandbox.session().calls().writes() - writesBefore);
        assertNoChanges(TargetGroupResource.SCHEMA, desired, updated);
        assertEquals(List.of(instances.get(1), instances.get(2) + ":8080").stream().sorted().toList(), updated.values().get("targets"));
        sandbox.assertReadBackThenDeleted(type, updated, "targets");
    }

    @Test
    void leftOutHealthCheckAndAttributesAreAwsDefaults() {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("name", "plain");
        props.put("protocol", "HTTP");
        props.put("port", 8080L);
        props.put("vpcId", sandbox.defaultVpcId());
        LiveResource created = type.create(request(TargetGroupResource.SCHEMA, "plain", props), sandbox.ctx);
        assertNoChanges(TargetGroupResource.SCHEMA, props, created);
        assertEquals(List.of(), created.values().get("targets"));
    }

    @Test
    void rerunAfterCrashAdoptsOwnCopyButNeverSomebodyElses() {
        String vpc = sandbox.defaultVpcId();
        List<String> instances = sandbox.instances(1);
        Map<String, Object> props = properties("adopt-me", vpc, instances);
        LiveResource first = type.create(request(TargetGroupResource.SCHEMA, "targets", props), sandbox.ctx);
        LiveResource again = type.create(request(TargetGroupResource.SCHEMA, "targets", props), sandbox.ctx);
        assertEquals(first.id(), again.id());
        assertEquals(first.values(), again.values());
        assertTrue(sandbox.ctx.statuses.stream().anyMatch(s -> s.contains("adopting")), sandbox.ctx.statuses.toString());

        ProviderException e = assertThrows(ProviderException.class,
                () -> type.create(request("another-stack", TargetGroupResource.SCHEMA, "targets", props), sandbox.ctx));
        assertEquals("AlreadyExists", e.code());
    }

    @Test
    void readCostIsBatchedButForAttributesAndHealth() {
        String vpc = sandbox.defaultVpcId();
        int count = 30;
        for (int i = 0; i < count; i++) {
            type.create(request(TargetGroupResource.SCHEMA, "tg[" + i + "]", properties("tg-" + i, vpc, List.of())), sandbox.ctx);
        }
        long before = sandbox.session().calls().reads();
        assertEquals(count, type.read(STACK, List.of(), sandbox.ctx).size());
        // 1 DescribeTargetGroups page + 1 DescribeLoadBalancers page (the listing the ELBv2 types share in
        // a refresh, Elbv2Listing) + 2 DescribeTags, then per group attributes and target health.
        assertEquals(1 + 1 + 2 + 2L * count, sandbox.session().calls().reads() - before);
    }

    @Test
    void readinessWaitsForNothingWhileNoLoadBalancerUsesTheGroup() {
        List<String> instances = sandbox.instances(2);
        LiveResource group = type.create(request(TargetGroupResource.SCHEMA, "unused",
                properties("unused", sandbox.defaultVpcId(), instances)), sandbox.ctx);
        long before = sandbox.session().calls().reads();
        int statuses = sandbox.ctx.statuses.size();
        type.awaitReady(group, sandbox.ctx);
        // One DescribeTargetGroups finds no load balancer: its targets are not health-checked, so nothing to wait for.
        assertEquals(1, sandbox.session().calls().reads() - before);
        assertEquals(statuses, sandbox.ctx.statuses.size(), "nothing said: " + sandbox.ctx.statuses);
    }
}
