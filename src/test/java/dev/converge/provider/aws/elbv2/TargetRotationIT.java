package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ProviderException;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static dev.converge.provider.aws.elbv2.Elbv2Sandbox.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replacing a target group's targets as AWS times it, which moto does not (its targets are healthy
 * at once and leave at once): WireMock answers the health of the new targets as "initial" and of the
 * removed ones as "draining" for a while. The old targets must keep serving until the new ones pass
 * their health checks, and the update must not end before the removed ones have drained.
 */
class TargetRotationIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private FaultProxy proxy;
    private AwsSession viaProxy;
    private TargetGroupResource type;
    private final TestContext ctx = new TestContext();

    @BeforeEach
    void setUp() {
        proxy = new FaultProxy(moto.endpoint());
        viaProxy = new AwsSession(AwsSettings.defaults(MotoAccount.REGION).withEndpoint(proxy.endpoint(), true));
        type = new TargetGroupResource(viaProxy);
    }

    @AfterEach
    void tearDown() {
        viaProxy.close();
        proxy.close();
    }

    @Test
    void newTargetsServeBeforeOldOnesLeaveAndTheOldOnesDrainBeforeTheUpdateEnds() {
        List<String> ids = instances(4);
        String a = ids.get(0), b = ids.get(1), c = ids.get(2), d = ids.get(3);
        LiveResource group = type.create(request(TargetGroupResource.SCHEMA, "targets", properties(List.of(a, b))), ctx);

        // The new instances take two polls to pass their checks; the old ones drain for two polls.
        proxy.failQueryAction("DescribeTargetHealth", c, 2, health(Map.of(c, "initial", d, "initial"), "Elb.InitialHealthChecking"));
        proxy.failQueryAction("DescribeTargetHealth", a, 2, health(Map.of(a, "draining", b, "draining"), "Target.DeregistrationInProgress"));
        LiveResource updated = type.update(group, request(TargetGroupResource.SCHEMA, "targets", properties(List.of(c, d))).properties(),
                Set.of("targets"), Elbv2Sandbox.tags("targets", Map.of()), ctx);

        assertEquals(List.of(c, d).stream().sorted().toList(), updated.values().get("targets"));
        List<String> calls = proxy.actions(a, c).stream().filter(s -> s.contains("Target")).toList();
        int registered = calls.indexOf("RegisterTargets [" + c + "]");
        int deregistered = calls.indexOf("DeregisterTargets [" + a + "]");
        assertTrue(registered >= 0 && deregistered > registered, calls::toString);
        assertEquals(3, calls.subList(registered, deregistered).stream().filter(s -> s.equals("DescribeTargetHealth [" + c + "]")).count(),
                "two polls while the new targets are initial, one that finds them healthy, and only then the old ones go: " + calls);
        assertEquals(3, calls.subList(deregistered, calls.size()).stream().filter(s -> s.equals("DescribeTargetHealth [" + a + "]")).count(),
                "the update waits out the draining: " + calls);
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains(c + " initial (Elb.InitialHealthChecking") && s.contains("to pass health checks")),
                ctx.statuses::toString);
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains(a + " draining") && s.contains("in flight")), ctx.statuses::toString);
    }

    @Test
    void newTargetsThatNeverPassTheirChecksFailTheUpdateAndTheOldOnesKeepServing() {
        List<String> ids = instances(2);
        String old = ids.get(0), broken = ids.get(1);
        LiveResource group = type.create(request(TargetGroupResource.SCHEMA, "targets", properties(List.of(old))), ctx);

        proxy.failQueryAction("DescribeTargetHealth", broken, 1000, health(Map.of(broken, "unhealthy"), "Target.FailedHealthChecks"));
        ProviderException e = assertThrows(ProviderException.class, () -> type.update(group,
                request(TargetGroupResource.SCHEMA, "targets", properties(List.of(broken))).properties(), Set.of("targets"),
                Elbv2Sandbox.tags("targets", Map.of()), ctx.withTimeout(Duration.ofMillis(500))));

        assertEquals("TargetsNotHealthy", e.code());
        assertFalse(e.retryable(), "waiting longer in the same apply would not fix a broken instance");
        assertTrue(e.getMessage().contains(broken + " unhealthy (Target.FailedHealthChecks"), e.getMessage());
        assertTrue(e.getMessage().contains("still serve"), e.getMessage());
        assertTrue(proxy.requests("DeregisterTargets").isEmpty(), "the old target was never removed");
        List<String> registered = moto.session().elbv2().describeTargetHealth(r -> r.targetGroupArn(group.id()))
                .targetHealthDescriptions().stream().map(h -> h.target().id()).sorted().toList();
        assertEquals(List.of(old, broken).stream().sorted().toList(), registered, "both registered: the old one still serves");

        // The next apply finds the broken target registered already: it must still not remove the old one.
        LiveResource now = type.read(Elbv2Sandbox.STACK, List.of(), ctx).get(0);
        ProviderException again = assertThrows(ProviderException.class, () -> type.update(now,
                request(TargetGroupResource.SCHEMA, "targets", properties(List.of(broken))).properties(), Set.of("targets"),
                Elbv2Sandbox.tags("targets", Map.of()), ctx.withTimeout(Duration.ofMillis(500))));
        assertEquals("TargetsNotHealthy", again.code());
        assertTrue(proxy.requests("DeregisterTargets").isEmpty(), "still never removed");
    }

    @Test
    void scalingOutOnlyRegistersAndWaitsForNothing() {
        List<String> ids = instances(2);
        LiveResource group = type.create(request(TargetGroupResource.SCHEMA, "targets", properties(List.of(ids.get(0)))), ctx);
        type.update(group, request(TargetGroupResource.SCHEMA, "targets", properties(ids)).properties(), Set.of("targets"),
                Elbv2Sandbox.tags("targets", Map.of()), ctx);
        // Health polls name their targets; the read that returns the updated group does not.
        List<String> calls = proxy.actions("Targets.member").stream().filter(s -> s.contains("Target")).toList();
        assertTrue(calls.contains("RegisterTargets [Targets.member]"), calls::toString);
        assertFalse(calls.contains("DeregisterTargets [Targets.member]"), calls::toString);
        assertFalse(calls.contains("DescribeTargetHealth [Targets.member]"), "nothing leaves, so nothing is waited for: " + calls);
    }

    private List<String> instances(int count) {
        String ami = moto.session().ec2().describeImages(r -> r.owners("amazon")).images().get(0).imageId();
        return moto.session().ec2().runInstances(r -> r.imageId(ami).instanceType("t3.micro").minCount(count).maxCount(count))
                .instances().stream().map(i -> i.instanceId()).toList();
    }

    private Map<String, Object> properties(List<String> targets) {
        String vpc = moto.session().ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", "rotation");
        p.put("protocol", "HTTP");
        p.put("port", 80L);
        p.put("vpcId", vpc);
        p.put("targets", new ArrayList<>(targets));
        return p;
    }

    /** A DescribeTargetHealth answer as AWS gives it, every target in {@code states} on port 80. */
    private static ResponseDefinitionBuilder health(Map<String, String> states, String reason) {
        StringBuilder members = new StringBuilder();
        states.forEach((id, state) -> members.append("<member><Target><Id>").append(id).append("</Id><Port>80</Port></Target>")
                .append("<HealthCheckPort>80</HealthCheckPort><TargetHealth><State>").append(state).append("</State><Reason>")
                .append(reason).append("</Reason><Description>as on AWS</Description></TargetHealth></member>"));
        return aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                "<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                        + "<DescribeTargetHealthResult><TargetHealthDescriptions>" + members
                        + "</TargetHealthDescriptions></DescribeTargetHealthResult>"
                        + "<ResponseMetadata><RequestId>fault-proxy</RequestId></ResponseMetadata></DescribeTargetHealthResponse>");
    }
}
