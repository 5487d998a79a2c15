package dev.converge.provider.aws.elbv2;

import dev.converge.provider.LiveResource;
import dev.converge.provider.SharedReads;
import dev.converge.testing.TestContext;
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
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListenerIT {

    @RegisterExtension
    static final Elbv2Sandbox sandbox = new Elbv2Sandbox();
    private ListenerResource type;
    private String lbArn;
    private String tg1;
    private String tg2;

    @BeforeEach
    void setUp() {
        type = new ListenerResource(sandbox.session());
        var elb = sandbox.session().elbv2();
        List<String> subnets = sandbox.defaultSubnetIds();
        String sg = sandbox.securityGroup("alb");
        lbArn = elb.createLoadBalancer(r -> r.name("elb-https").subnets(subnets.subList(0, 2)).securityGroups(sg)
                        .tags(Elbv2Tags.sdk(Elbv2Sandbox.tags("alb", Map.of()))))
                .loadBalancers().get(0).loadBalancerArn();
        String vpc = sandbox.defaultVpcId();
        tg1 = elb.createTargetGroup(r -> r.name("blue").protocol("HTTP").port(80).vpcId(vpc)).targetGroups().get(0).targetGroupArn();
        tg2 = elb.createTargetGroup(r -> r.name("green").protocol("HTTP").port(80).vpcId(vpc)).targetGroups().get(0).targetGroupArn();
    }

    /** The https listener of stacks/elb-https.yaml. */
    private Map<String, Object> https(String certificate) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("loadBalancerArn", lbArn);
        p.put("protocol", "HTTPS");
        p.put("port", 443L);
        p.put("certificateArn", certificate);
        p.put("sslPolicy", "ELBSecurityPolicy-TLS13-1-2-2021-06");
        p.put("defaultAction", new LinkedHashMap<>(Map.of("forward", new LinkedHashMap<>(Map.of("targetGroupArn", tg1)))));
        p.put("tags", new LinkedHashMap<>(Map.of("team", "web")));
        return p;
    }

    /** The http listener of stacks/elb-https.yaml. */
    private Map<String, Object> http() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("loadBalancerArn", lbArn);
        p.put("protocol", "HTTP");
        p.put("port", 80L);
        p.put("defaultAction", new LinkedHashMap<>(Map.of("redirect",
                new LinkedHashMap<>(Map.of("protocol", "HTTPS", "port", "443", "statusCode", "HTTP_301")))));
        return p;
    }

    @Test
    @SuppressWarnings("unchecked")
    void httpsForwardCreateReadUpdateDelete() {
        String cert = sandbox.certificate("app.example.com");
        Map<String, Object> props = https(cert);
        LiveResource created = type.create(request(ListenerResource.SCHEMA, "https", props), sandbox.ctx);
        assertTrue(created.id().contains(":listener/app/elb-https/"), created.id());
        assertEquals("https", created.address());
        assertEquals(cert, created.values().get("certificateArn"));
        assertNoChanges(ListenerResource.SCHEMA, props, created);

        List<LiveResource> byStack = type.read(STACK, List.of(), sandbox.ctx);
        assertEquals(1, byStack.size());
        assertEquals(created.values(), byStack.get(0).values());
        assertEquals(1, type.read("other", List.of(created.id()), sandbox.ctx).size(), "by known id, whoever owns the LB");
        assertEquals(0, type.read("other", List.of(), sandbox.ctx).size());

        // Everything but the load balancer changes in place, in one ModifyListener.
        String cert2 = sandbox.certificate("www.example.com");
        Map<String, Object> desired = https(cert2);
        desired.put("port", 8443L);
        desired.put("sslPolicy", "ELBSecurityPolicy-TLS13-1-2-Res-2021-06");
        List<Object> weighted = new ArrayList<>();
        weighted.add(new LinkedHashMap<>(Map.of("arn", tg1, "weight", 3L)));
        weighted.add(new LinkedHashMap<>(Map.of("arn", tg2)));
        desired.put("defaultAction", new LinkedHashMap<>(Map.of("forward", new LinkedHashMap<>(Map.of("targetGroups", weighted)))));
        desired.put("tags", new LinkedHashMap<>(Map.of("env", "prod")));
        LiveResource updated = type.update(byStack.get(0), request(ListenerResource.SCHEMA, "https", desired).properties(),
                Set.of("port", "certificateArn", "sslPolicy", "defaultAction", "tags"),
                Elbv2Sandbox.tags("https", Map.of("env", "prod")), sandbox.ctx);
        assertNoChanges(ListenerResource.SCHEMA, desired, updated);
        Map<String, Object> forward = (Map<String, Object>) ((Map<String, Object>) updated.values().get("defaultAction")).get("forward");
        assertEquals(2, ((List<?>) forward.get("targetGroups")).size());
        sandbox.assertReadBackThenDeleted(type, updated, "https");
    }

    @Test
    void httpRedirectThenFixedResponse() {
        Map<String, Object> props = http();
        LiveResource created = type.create(request(ListenerResource.SCHEMA, "http", props), sandbox.ctx);
        assertNoChanges(ListenerResource.SCHEMA, props, created);
        assertFalse(created.values().containsKey("sslPolicy"), "HTTP listeners have no TLS policy");
        assertEquals(Map.of("redirect", Map.of("protocol", "HTTPS", "port", "443", "host", "#{host}", "path", "/#{path}",
                "query", "#{query}", "statusCode", "HTTP_301")), created.values().get("defaultAction"));

        Map<String, Object> desired = http();
        desired.put("defaultAction", new LinkedHashMap<>(Map.of("fixedResponse", new LinkedHashMap<>(Map.of(
                "statusCode", "404", "contentType", "text/plain", "messageBody", "nothing here")))));
        LiveResource updated = type.update(created, request(ListenerResource.SCHEMA, "http", desired).properties(),
                Set.of("defaultAction"), Elbv2Sandbox.tags("http", Map.of()), sandbox.ctx);
        assertNoChanges(ListenerResource.SCHEMA, desired, updated);
    }

    @Test
    void certificateRulesAreCheckedBeforeAnyCall() {
        Map<String, Object> noCert = https(null);
        noCert.remove("certificateArn");
        long before = sandbox.session().calls().writes() + sandbox.session().calls().reads();
        ProviderException e = assertThrows(ProviderException.class,
                () -> type.create(request(ListenerResource.SCHEMA, "https", noCert), sandbox.ctx));
        assertEquals("InvalidConfiguration", e.code());
        assertTrue(e.getMessage().contains("HTTPS listener needs certificateArn"), e.getMessage());
        assertEquals(before, sandbox.session().calls().writes() + sandbox.session().calls().reads());
    }

    @Test
    void certificateNotFoundIsRetryable() {
        LiveResource created = type.create(request(ListenerResource.SCHEMA, "https", https(sandbox.certificate("a.example.com"))),
                sandbox.ctx);
        Map<String, Object> desired = https("arn:aws:acm:ap-northeast-2:123456789012:certificate/00000000-0000-0000-0000-000000000000");
        ProviderException e = assertThrows(ProviderException.class, () -> type.update(created,
                request(ListenerResource.SCHEMA, "https", desired).properties(), Set.of("certificateArn"),
                Elbv2Sandbox.tags("https", Map.of("team", "web")), sandbox.ctx));
        assertEquals("CertificateNotFound", e.code());
        assertTrue(e.retryable());
    }

    @Test
    void rerunAfterCrashAdoptsOwnCopyButNeverSomebodyElses() {
        Map<String, Object> props = http();
        LiveResource first = type.create(request(ListenerResource.SCHEMA, "http", props), sandbox.ctx);
        LiveResource again = type.create(request(ListenerResource.SCHEMA, "http", props), sandbox.ctx);
        assertEquals(first.id(), again.id());
        assertEquals(first.values(), again.values());
        ProviderException e = assertThrows(ProviderException.class,
                () -> type.create(request(ListenerResource.SCHEMA, "redirect", props), sandbox.ctx));
        assertEquals("AlreadyExists", e.code());
        assertTrue(e.getMessage().contains("this stack's http"), e.getMessage());
    }

    @Test
    void readCostIsOneListPerLoadBalancer() {
        int count = 25;
        for (int i = 0; i < count; i++) {
            Map<String, Object> p = http();
            p.put("port", 8000L + i);
            type.create(request(ListenerResource.SCHEMA, "l[" + i + "]", p), sandbox.ctx);
        }
        long before = sandbox.session().calls().reads();
        assertEquals(count, type.read(STACK, List.of(), sandbox.ctx).size());
        // DescribeLoadBalancers + DescribeTargetGroups + DescribeTags (load balancers and target groups: the
        // listing the ELBv2 types share in a refresh, Elbv2Listing) + DescribeListeners + 2 DescribeTags (listeners).
        assertEquals(6, sandbox.session().calls().reads() - before);
    }

    @Test
    void oneRefreshReadsTheTagsOfLoadBalancersAndTargetGroupsInOneCall() {
        var elb = sandbox.session().elbv2();
        // The stack's target group and listeners, next to the load balancer of setUp.
        Map<String, String> groupTags = Elbv2Sandbox.tags("tg", Map.of());
        elb.addTags(r -> r.resourceArns(tg1).tags(Elbv2Tags.sdk(groupTags)));
        type.create(request(ListenerResource.SCHEMA, "http", http()), sandbox.ctx);
        Map<String, Object> other = http();
        other.put("port", 8080L);
        type.create(request(ListenerResource.SCHEMA, "alt", other), sandbox.ctx);
        LoadBalancerResource balancers = new LoadBalancerResource(sandbox.session());
        TargetGroupResource groups = new TargetGroupResource(sandbox.session());

        long before = sandbox.session().calls().reads();
        TestContext refresh = new TestContext().sharing(new SharedReads());
        assertEquals(1, balancers.read(STACK, List.of(), refresh).size());
        assertEquals(1, groups.read(STACK, List.of(), refresh).size());
        assertEquals(2, type.read(STACK, List.of(), refresh).size());
        long shared = sandbox.session().calls().reads() - before;
        // One listing of load balancers and target groups and one DescribeTags for both kinds, where
        // each type used to list and tag its own (and the listener read the load balancers again): 11.
        // DescribeLoadBalancers + DescribeTargetGroups + DescribeTags (both kinds) + DescribeLoadBalancerAttributes
        // + DescribeTargetGroupAttributes + DescribeTargetHealth + DescribeListeners + DescribeTags (listeners).
        assertEquals(8, shared);
    }
}
