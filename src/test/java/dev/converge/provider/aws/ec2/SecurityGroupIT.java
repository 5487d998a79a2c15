package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ProviderException;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.converge.provider.aws.ec2.Ec2Assertions.assertValues;
import static dev.converge.provider.aws.ec2.Ec2Assertions.map;
import static dev.converge.provider.aws.ec2.Ec2Assertions.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.ec2.SecurityGroup against moto; what it did is checked with plain SDK calls. */
class SecurityGroupIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();
    private SecurityGroupResource type;
    private String vpcId;

    @BeforeEach
    void setUp() {
        type = new SecurityGroupResource(moto.session());
        vpcId = moto.session().ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
    }

    /** The properties as the planner hands them over: defaults applied. */
    private Map<String, Object> props(String name, List<Object> ingress, List<Object> egress, Map<String, Object> tags) {
        return map("name", name, "description", "web servers", "vpcId", vpcId,
                "ingress", ingress, "egress", egress, "tags", tags);
    }

    private static List<Object> defaultEgress() {
        return List.of(map("protocol", "all", "cidr", "0.0.0.0/0"));
    }

    private static SecurityGroup raw(String id) {
        return moto.session().ec2().describeSecurityGroups(r -> r.groupIds(id)).securityGroups().get(0);
    }

    private static long ruleCount(List<IpPermission> permissions) {
        return permissions.stream().mapToLong(p -> p.ipRanges().size() + p.ipv6Ranges().size() + p.userIdGroupPairs().size()).sum();
    }

    @Test
    void createThenReadByStackAndByIdReturnsExactlyWhatWasWritten() {
        LiveResource lb = type.create(request("s1", "lb", props("s1-lb", List.of(), defaultEgress(), map()), "t0"), ctx);
        Map<String, Object> p = props("s1-web",
                List.of(map("protocol", "tcp", "port", 80L, "sourceSecurityGroupId", lb.id(), "description", "from the load balancer"),
                        map("protocol", "tcp", "port", 22L, "cidr", "203.0.113.0/24", "description", "SSH"),
                        map("protocol", "tcp", "fromPort", 8000L, "toPort", 8100L, "ipv6Cidr", "2001:db8::/32"),
                        map("protocol", "icmp", "cidr", "10.0.0.0/8")),
                defaultEgress(), map("Name", "web", "team", "a"));

        LiveResource created = type.create(request("s1", "web", p, "t1"), ctx);

        assertTrue(created.id().startsWith("sg-"));
        assertEquals("web", created.address());
        Map<String, Object> expected = new LinkedHashMap<>(p);
        expected.put("id", created.id());
        expected.put("arn", created.values().get("arn"));
        assertValues(type.schema(), expected, created.values());
        assertTrue(String.valueOf(created.values().get("arn")).matches("arn:aws:ec2:ap-northeast-2:\\d{12}:security-group/" + created.id()));

        List<LiveResource> byStack = type.read("s1", List.of(), ctx);
        assertEquals(Set.of(lb.id(), created.id()), Set.copyOf(byStack.stream().map(LiveResource::id).toList()));
        LiveResource web = byStack.stream().filter(r -> r.id().equals(created.id())).findFirst().orElseThrow();
        assertEquals("web", web.address());
        assertValues(type.schema(), expected, web.values());

        List<LiveResource> byId = type.read("another-stack", List.of(created.id()), ctx);
        assertEquals(1, byId.size());
        assertValues(type.schema(), expected, byId.get(0).values());

        // Independently: four ingress rules, AWS's default egress kept, ownership tags written at creation.
        SecurityGroup g = raw(created.id());
        assertEquals(4, ruleCount(g.ipPermissions()));
        assertEquals(1, ruleCount(g.ipPermissionsEgress()));
        assertEquals("-1", g.ipPermissionsEgress().get(0).ipProtocol());
        assertTrue(g.tags().stream().anyMatch(t -> t.key().equals("converge:stack") && t.value().equals("s1")));
        assertTrue(g.tags().stream().anyMatch(t -> t.key().equals("converge:id") && t.value().equals("web")));
    }

    @Test
    void writtenEgressReplacesTheDefaultAllowAllRule() {
        List<Object> egress = List.of(map("protocol", "tcp", "port", 443L, "cidr", "0.0.0.0/0", "description", "HTTPS out"));
        LiveResource created = type.create(request("s1", "web", props("s1-web", List.of(), egress, map()), "t1"), ctx);

        SecurityGroup g = raw(created.id());
        assertEquals(1, ruleCount(g.ipPermissionsEgress()));
        assertEquals("tcp", g.ipPermissionsEgress().get(0).ipProtocol());
        assertEquals(443, g.ipPermissionsEgress().get(0).fromPort());
        assertValues(type.schema(), withIds(props("s1-web", List.of(), egress, map()), created), created.values());
    }

    private static Map<String, Object> withIds(Map<String, Object> props, LiveResource r) {
        Map<String, Object> out = new LinkedHashMap<>(props);
        out.put("id", r.id());
        out.put("arn", r.values().get("arn"));
        return out;
    }

    @Test
    void updateAuthorizesRevokesAndRedescribesOnlyTheDifference() {
        List<Object> before = List.of(
                map("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "description", "HTTP"),
                map("protocol", "tcp", "port", 22L, "cidr", "0.0.0.0/0"));
        LiveResource created = type.create(request("s1", "web", props("s1-web", before, defaultEgress(), map()), "t1"), ctx);

        List<Object> after = List.of(
                map("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "description", "HTTP, redirected"),
                map("protocol", "tcp", "port", 443L, "cidr", "0.0.0.0/0"));
        List<Object> egress = List.of(map("protocol", "udp", "port", 53L, "cidr", "10.0.0.2/32"));
        Map<String, Object> desired = props("s1-web", after, egress, map());
        LiveResource updated = type.update(created, desired, Set.of("ingress", "egress"),
                request("s1", "web", desired, "t1").tags(), ctx);

        assertValues(type.schema(), withIds(desired, created), updated.values());
        SecurityGroup g = raw(created.id());
        assertEquals(2, ruleCount(g.ipPermissions()));
        IpPermission http = g.ipPermissions().stream().filter(p -> p.fromPort() == 80).findFirst().orElseThrow();
        assertEquals("HTTP, redirected", http.ipRanges().get(0).description());
        assertTrue(g.ipPermissions().stream().noneMatch(p -> p.fromPort() == 22));
        assertEquals(1, ruleCount(g.ipPermissionsEgress()));
        assertEquals("udp", g.ipPermissionsEgress().get(0).ipProtocol());
        assertValues(type.schema(), withIds(desired, created), type.read("s1", List.of(), ctx).get(0).values());
    }

    @Test
    void updateTagsAddsChangesAndRemovesUserTagsButKeepsOwnership() {
        Map<String, Object> p = props("s1-web", List.of(), defaultEgress(), map("keep", "1", "change", "old", "drop", "x"));
        LiveResource created = type.create(request("s1", "web", p, "t1"), ctx);

        Map<String, Object> desired = props("s1-web", List.of(), defaultEgress(), map("keep", "1", "change", "new", "add", "y"));
        LiveResource updated = type.update(created, desired, Set.of("tags"), request("s1", "web", desired, "t1").tags(), ctx);

        assertEquals(map("add", "y", "change", "new", "keep", "1"), new java.util.TreeMap<>(castMap(updated.values().get("tags"))));
        Map<String, String> all = Ec2Support.tagMap(raw(created.id()).tags());
        assertEquals("s1", all.get("converge:stack"));
        assertEquals("web", all.get("converge:id"));
        assertEquals(created.proof(), all.get("converge:proof"), "the proof written at creation stays");
        assertEquals(6, all.size());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }

    @Test
    void deleteRemovesTheGroupAndReadsReturnNothing() {
        LiveResource created = type.create(request("s1", "web", props("s1-web", List.of(), defaultEgress(), map()), "t1"), ctx);

        type.delete(created, ctx);

        assertEquals(List.of(), type.read("s1", List.of(created.id()), ctx));
        assertTrue(moto.session().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-id").values(created.id())))
                .securityGroups().isEmpty());
    }

    @Test
    void deleteOfAMissingGroupSucceeds() {
        type.delete(new LiveResource("sg-0123456789abcdef0", "web", Map.of()), ctx);
    }

    @Test
    void readSkipsOtherStacksAndUnknownIds() {
        type.create(request("other", "web", props("other-web", List.of(), defaultEgress(), map()), "t1"), ctx);
        assertEquals(List.of(), type.read("s1", List.of("sg-0123456789abcdef0"), ctx));
    }

    @Test
    void retriedCreateContinuesWithTheGroupItAlreadyMade() {
        Map<String, Object> p = props("s1-web", List.of(map("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0")), defaultEgress(), map());
        LiveResource first = type.create(request("s1", "web", p, "t1"), ctx);
        LiveResource again = type.create(request("s1", "web", p, "t1"), ctx);
        assertEquals(first.id(), again.id());
        assertEquals(1, ruleCount(raw(first.id()).ipPermissions()));
    }

    @Test
    void nameTakenBySomethingElseIsAClearError() {
        moto.session().ec2().createSecurityGroup(r -> r.groupName("s1-web").description("hand made").vpcId(vpcId));
        ProviderException e = assertThrows(ProviderException.class, () ->
                type.create(request("s1", "web", props("s1-web", List.of(), defaultEgress(), map()), "t1"), ctx));
        assertEquals("InvalidGroup.Duplicate", e.code());
        assertTrue(e.getMessage().contains("already exists"), e.getMessage());
    }

    @Test
    void invalidRuleFailsBeforeAnyGroupIsCreated() {
        Map<String, Object> p = props("s1-web", List.of(map("protocol", "tcp", "cidr", "0.0.0.0/0")), defaultEgress(), map());
        assertThrows(ProviderException.class, () -> type.create(request("s1", "web", p, "t1"), ctx));
        assertTrue(moto.session().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("group-name").values("s1-web")))
                .securityGroups().isEmpty());
    }

    /**
     * AWS refuses to delete a group whose network interfaces (a load balancer's, for minutes after
     * it is gone) still exist; moto does not. WireMock puts AWS's answer back: the error must be
     * retryable so the engine waits it out.
     */
    @Test
    void deleteWhileStillInUseIsRetryable() {
        LiveResource created = type.create(request("s1", "web", props("s1-web", List.of(), defaultEgress(), map()), "t1"), ctx);
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        proxy.start();
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(URI.create(proxy.baseUrl()), true))) {
            proxy.stubFor(WireMock.post(WireMock.anyUrl()).withRequestBody(WireMock.containing("Action=DeleteSecurityGroup"))
                    .willReturn(WireMock.aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody(
                            "<Response><Errors><Error><Code>DependencyViolation</Code><Message>resource " + created.id()
                                    + " has a dependent object</Message></Error></Errors><RequestID>r</RequestID></Response>")));

            ProviderException e = assertThrows(ProviderException.class, () -> new SecurityGroupResource(viaProxy).delete(created, ctx));

            assertEquals("DependencyViolation", e.code());
            assertTrue(e.retryable());
        } finally {
            proxy.stop();
        }
        assertEquals(1, type.read("s1", List.of(), ctx).size(), "the group is still there");
    }
}
