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

class LoadBalancerIT {

    @RegisterExtension
    static final Elbv2Sandbox sandbox = new Elbv2Sandbox();
    private LoadBalancerResource type;

    @BeforeEach
    void setUp() {
        type = new LoadBalancerResource(sandbox.session());
    }

    private Map<String, Object> properties(String name, List<String> subnets, List<String> groups) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("scheme", "internet-facing");
        p.put("ipAddressType", "ipv4");
        p.put("subnetIds", subnets);
        p.put("securityGroupIds", groups);
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("deletionProtection", false);
        attributes.put("idleTimeoutSeconds", 60L);
        attributes.put("http2Enabled", true);
        attributes.put("dropInvalidHeaderFields", true);
        p.put("attributes", attributes);
        p.put("tags", new LinkedHashMap<>(Map.of("team", "web")));
        return p;
    }

    @Test
    void createReadUpdateDelete() {
        List<String> subnets = sandbox.defaultSubnetIds();
        String sg1 = sandbox.securityGroup("alb-1");
        String sg2 = sandbox.securityGroup("alb-2");
        Map<String, Object> props = properties("elb-https", subnets.subList(0, 2), List.of(sg1));

        LiveResource created = type.create(request(LoadBalancerResource.SCHEMA, "alb", props), sandbox.ctx);
        assertTrue(created.id().startsWith("arn:aws:elasticloadbalancing:ap-northeast-2:"), created.id());
        assertEquals("alb", created.address());
        assertEquals(created.id(), created.values().get("arn"));
        assertTrue(created.id().endsWith(":loadbalancer/" + created.values().get("arnSuffix")), created.values().toString());
        assertTrue(String.valueOf(created.values().get("arnSuffix")).startsWith("app/elb-https/"));
        assertTrue(String.valueOf(created.values().get("dnsName")).contains("elb-https"));
        assertTrue(created.values().get("canonicalHostedZoneId") != null);
        assertEquals(Map.of("team", "web"), created.values().get("tags"));
        assertNoChanges(LoadBalancerResource.SCHEMA, props, created);
        assertTrue(sandbox.ctx.statuses.stream().anyMatch(s -> s.contains("to become active")), sandbox.ctx.statuses.toString());

        // Read by ownership and by known id, and nothing for another stack that does not know it.
        List<LiveResource> byStack = type.read(STACK, List.of(), sandbox.ctx);
        assertEquals(1, byStack.size());
        assertEquals(created.values(), byStack.get(0).values());
        assertNoChanges(LoadBalancerResource.SCHEMA, props, byStack.get(0));
        assertEquals(1, type.read("other", List.of(created.id()), sandbox.ctx).size());
        assertEquals(0, type.read("other", List.of(), sandbox.ctx).size());

        // Every in-place property at once.
        Map<String, Object> desired = properties("elb-https", subnets.subList(1, 4), List.of(sg2));
        desired.put("ipAddressType", "dualstack");
        @SuppressWarnings("unchecked") Map<String, Object> attrs = (Map<String, Object>) desired.get("attributes");
        attrs.put("idleTimeoutSeconds", 120L);
        attrs.put("http2Enabled", false);
        desired.put("tags", new LinkedHashMap<>(Map.of("env", "prod")));
        Map<String, Object> resolved = Elbv2Sandbox.request(LoadBalancerResource.SCHEMA, "alb", desired).properties();
        LiveResource updated = type.update(byStack.get(0), resolved,
                Set.of("ipAddressType", "subnetIds", "securityGroupIds", "attributes", "tags"),
                Elbv2Sandbox.tags("alb", Map.of("env", "prod")), sandbox.ctx);
        assertNoChanges(LoadBalancerResource.SCHEMA, desired, updated);
        assertEquals(Map.of("env", "prod"), updated.values().get("tags"));
        sandbox.assertReadBackThenDeleted(type, updated, "alb");
    }

    @Test
    void deletionProtectionBlocksDeleteUntilTurnedOff() {
        List<String> subnets = sandbox.defaultSubnetIds();
        Map<String, Object> props = properties("protected", subnets.subList(0, 2), List.of(sandbox.securityGroup("p")));
        @SuppressWarnings("unchecked") Map<String, Object> attrs = (Map<String, Object>) props.get("attributes");
        attrs.put("deletionProtection", true);
        LiveResource lb = type.create(request(LoadBalancerResource.SCHEMA, "alb", props), sandbox.ctx);
        assertNoChanges(LoadBalancerResource.SCHEMA, props, lb);

        ProviderException e = assertThrows(ProviderException.class, () -> type.delete(lb, sandbox.ctx));
        assertEquals("DeletionProtection", e.code());
        assertTrue(e.getMessage().contains("attributes.deletionProtection"), e.getMessage());
        assertTrue(!e.retryable());
        assertEquals(1, type.read(STACK, List.of(), sandbox.ctx).size(), "still there");

        attrs.put("deletionProtection", false);
        Map<String, Object> resolved = request(LoadBalancerResource.SCHEMA, "alb", props).properties();
        LiveResource off = type.update(lb, resolved, Set.of("attributes"), Elbv2Sandbox.tags("alb", Map.of("team", "web")), sandbox.ctx);
        assertNoChanges(LoadBalancerResource.SCHEMA, props, off);
        type.delete(off, sandbox.ctx);
        assertEquals(List.of(), type.read(STACK, List.of(), sandbox.ctx));
    }

    @Test
    void rerunAfterCrashAdoptsOwnCopyButNeverSomebodyElses() {
        List<String> subnets = sandbox.defaultSubnetIds();
        Map<String, Object> props = properties("adopt-me", subnets.subList(0, 2), List.of(sandbox.securityGroup("a")));
        LiveResource first = type.create(request(LoadBalancerResource.SCHEMA, "alb", props), sandbox.ctx);

        // The apply crashed before recording it; the rerun creates again: same load balancer.
        LiveResource again = type.create(request(LoadBalancerResource.SCHEMA, "alb", props), sandbox.ctx);
        assertEquals(first.id(), again.id());
        assertEquals(1, sandbox.session().elbv2().describeLoadBalancers().loadBalancers().size());
        assertTrue(sandbox.ctx.statuses.stream().anyMatch(s -> s.contains("adopting")), sandbox.ctx.statuses.toString());

        ProviderException e = assertThrows(ProviderException.class,
                () -> type.create(request("another-stack", LoadBalancerResource.SCHEMA, "alb", props), sandbox.ctx));
        assertEquals("AlreadyExists", e.code());
        assertTrue(e.getMessage().contains("claiming to belong to stack " + STACK), e.getMessage());
    }

    @Test
    void readCostIsBatched() {
        List<String> subnets = sandbox.defaultSubnetIds();
        String sg = sandbox.securityGroup("many");
        int count = 30;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(type.create(request(LoadBalancerResource.SCHEMA, "alb[" + i + "]",
                    properties("lb-" + i, subnets.subList(0, 2), List.of(sg))), sandbox.ctx).id());
        }
        long before = sandbox.session().calls().reads();
        List<LiveResource> read = type.read(STACK, ids.subList(0, 5), sandbox.ctx);
        long calls = sandbox.session().calls().reads() - before;
        assertEquals(count, read.size());
        // 1 DescribeLoadBalancers page + 1 DescribeTargetGroups page (the listing the ELBv2 types share in
        // a refresh, Elbv2Listing) + 2 DescribeTags (20 ARNs each) + 1 DescribeLoadBalancerAttributes each.
        assertEquals(1 + 1 + 2 + count, calls);
    }
}
