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
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.converge.provider.aws.ec2.Ec2Assertions.AL2023;
import static dev.converge.provider.aws.ec2.Ec2Assertions.assertValues;
import static dev.converge.provider.aws.ec2.Ec2Assertions.map;
import static dev.converge.provider.aws.ec2.Ec2Assertions.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.ec2.Instance against moto; what it did is checked with plain SDK calls. */
class InstanceIT {

    private static final String USER_DATA = "#!/bin/bash\necho hello > /tmp/hello\n";
    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();
    private InstanceResource type;
    private String ami;
    private String groupA;
    private String groupB;

    @BeforeEach
    void setUp() {
        type = new InstanceResource(moto.session());
        ami = moto.session().ssm().getParameter(r -> r.name(AL2023)).parameter().value();
        String vpc = moto.session().ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
        groupA = moto.session().ec2().createSecurityGroup(r -> r.groupName("a").description("a").vpcId(vpc)).groupId();
        groupB = moto.session().ec2().createSecurityGroup(r -> r.groupName("b").description("b").vpcId(vpc)).groupId();
    }

    private Map<String, Object> props(String instanceType, List<Object> groups, Map<String, Object> tags) {
        return map("ami", ami, "instanceType", instanceType, "securityGroupIds", groups, "userData", USER_DATA,
                "rootVolumeSize", 10L, "tags", tags);
    }

    private static Instance raw(String id) {
        return moto.session().ec2().describeInstances(r -> r.instanceIds(id)).reservations().get(0).instances().get(0);
    }

    /** What read must return: the inputs (userData excepted) plus what AWS chose and computed. */
    private static Map<String, Object> expected(Map<String, Object> props, String id) {
        Instance i = raw(id);
        Map<String, Object> out = new LinkedHashMap<>(props);
        out.remove("userData");
        out.put("subnetId", i.subnetId());
        out.put("id", id);
        out.put("privateIp", i.privateIpAddress());
        if (i.publicIpAddress() != null) out.put("publicIp", i.publicIpAddress());
        out.put("availabilityZone", i.placement().availabilityZone());
        out.put("state", "running");
        return out;
    }

    private static Volume rootVolume(Instance i) {
        String volumeId = i.blockDeviceMappings().stream().filter(m -> m.deviceName().equals(i.rootDeviceName()))
                .findFirst().orElseThrow().ebs().volumeId();
        return moto.session().ec2().describeVolumes(r -> r.volumeIds(volumeId)).volumes().get(0);
    }

    @Test
    void createLaunchesARunningInstanceThatReadsBackAsWritten() {
        Map<String, Object> p = props("t3.micro", List.of(groupA), map("Name", "web-0"));

        LiveResource created = type.create(request("s1", "web[0]", p, "token-1"), ctx);

        assertTrue(created.id().startsWith("i-"));
        assertEquals("web[0]", created.address());
        assertValues(type.schema(), expected(p, created.id()), created.values());
        assertFalse(created.values().containsKey("userData"), "user data is not read back in bulk");
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains("to be running")), ctx.statuses.toString());

        // Independently: IMDSv2 required, the user data sent, the root volume sized and tagged at launch.
        Instance i = raw(created.id());
        assertEquals("required", i.metadataOptions().httpTokensAsString());
        String userData = moto.session().ec2().describeInstanceAttribute(r -> r.instanceId(created.id()).attribute("userData"))
                .userData().value();
        assertEquals(USER_DATA, new String(Base64.getDecoder().decode(userData), StandardCharsets.UTF_8));
        Volume root = rootVolume(i);
        assertEquals(10, root.size());
        assertTrue(root.tags().stream().anyMatch(t -> t.key().equals("converge:id") && t.value().equals("web:0")));
        assertTrue(i.tags().stream().anyMatch(t -> t.key().equals("converge:stack") && t.value().equals("s1")));
    }

    @Test
    void readFindsInstancesByStackAndByIdInOneBatch() {
        Map<String, Object> p = props("t3.micro", List.of(groupA), map());
        LiveResource a = type.create(request("s1", "web[0]", p, "token-1"), ctx);
        LiveResource b = type.create(request("s1", "web[1]", p, "token-2"), ctx);
        LiveResource other = type.create(request("other", "web[0]", p, "token-3"), ctx);

        List<LiveResource> byStack = type.read("s1", List.of(), ctx);
        assertEquals(Set.of(a.id(), b.id()), Set.copyOf(byStack.stream().map(LiveResource::id).toList()));
        for (LiveResource r : byStack) assertValues(type.schema(), expected(p, r.id()), r.values());

        long before = moto.session().calls().reads();
        List<LiveResource> withKnown = type.read("s1", List.of(a.id(), other.id()), ctx);
        assertEquals(Set.of(a.id(), b.id(), other.id()), Set.copyOf(withKnown.stream().map(LiveResource::id).toList()));
        // One describe for the stack, one for the id not found by tag, one for all root volumes.
        assertEquals(3, moto.session().calls().reads() - before);
    }

    @Test
    void changingTheTypeStopsChangesAndStartsAgain() {
        LiveResource created = type.create(request("s1", "web[0]", props("t3.micro", List.of(groupA), map()), "token-1"), ctx);
        Map<String, Object> desired = props("t3.small", List.of(groupA), map());

        LiveResource updated = type.update(created, desired, Set.of("instanceType"), request("s1", "web[0]", desired, "t").tags(), ctx);

        assertEquals("t3.small", updated.values().get("instanceType"));
        assertEquals("running", updated.values().get("state"));
        assertEquals("t3.small", raw(created.id()).instanceTypeAsString());
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.startsWith("stopping " + created.id())), ctx.statuses.toString());
        assertEquals(List.of("the instance will be stopped and restarted to change its type; its public IP changes unless it has an Elastic IP"),
                type.updateNotes(Set.of("instanceType")));
        assertEquals(List.of(), type.updateNotes(Set.of("tags", "securityGroupIds")));
    }

    @Test
    void securityGroupsChangeInPlace() {
        LiveResource created = type.create(request("s1", "web[0]", props("t3.micro", List.of(groupA), map()), "token-1"), ctx);
        Map<String, Object> desired = props("t3.micro", List.of(groupB, groupA), map());

        LiveResource updated = type.update(created, desired, Set.of("securityGroupIds"), request("s1", "web[0]", desired, "t").tags(), ctx);

        assertValues(type.schema(), expected(desired, created.id()), updated.values());
        assertEquals(Set.of(groupA, groupB), Set.copyOf(raw(created.id()).securityGroups().stream().map(g -> g.groupId()).toList()));
        assertTrue(ctx.statuses.stream().noneMatch(s -> s.startsWith("stopping")), "no restart for security groups");
    }

    @Test
    void tagsChangeOnTheInstanceAndItsRootVolume() {
        LiveResource created = type.create(request("s1", "web[0]", props("t3.micro", List.of(groupA), map("drop", "x", "Name", "old")), "token-1"), ctx);
        Map<String, Object> desired = props("t3.micro", List.of(groupA), map("Name", "new"));

        LiveResource updated = type.update(created, desired, Set.of("tags"), request("s1", "web[0]", desired, "token-1").tags(), ctx);

        assertEquals(Map.of("Name", "new"), updated.values().get("tags"));
        Map<String, String> volumeTags = Ec2Support.tagMap(rootVolume(raw(created.id())).tags());
        // The ownership tags, proof included, go with the instance's tags to its root volume.
        assertEquals(Map.of("Name", "new", "converge:stack", "s1", "converge:id", "web:0", "converge:proof", created.proof()), volumeTags);
    }

    @Test
    void deleteTerminatesAndReadsReturnNothing() {
        LiveResource created = type.create(request("s1", "web[0]", props("t3.micro", List.of(groupA), map()), "token-1"), ctx);

        type.delete(created, ctx);

        assertEquals("terminated", raw(created.id()).state().nameAsString());
        assertEquals(List.of(), type.read("s1", List.of(created.id()), ctx));
    }

    @Test
    void deleteOfAMissingInstanceSucceeds() {
        type.delete(new LiveResource("i-0123456789abcdef0", "web[0]", Map.of()), ctx);
    }

    @Test
    void oversizedUserDataFailsBeforeLaunching() {
        Map<String, Object> p = props("t3.micro", List.of(groupA), map());
        p.put("userData", "x".repeat(UserData.MAX_BYTES + 1));
        ProviderException e = assertThrows(ProviderException.class, () -> type.create(request("s1", "web[0]", p, "token-1"), ctx));
        assertEquals("InvalidUserData", e.code());
        assertEquals(List.of(), type.read("s1", List.of(), ctx));
    }

    /**
     * moto ignores ClientToken; AWS returns the instance of the first call. WireMock in front of
     * moto puts AWS's behaviour back, so a rerun of an interrupted create is shown to adopt, not duplicate.
     */
    @Test
    void rerunWithTheSameTokenGetsTheSameInstance() {
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        proxy.start();
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(URI.create(proxy.baseUrl()), true))) {
            proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10)
                    .willReturn(WireMock.aResponse().proxiedFrom(moto.endpoint().toString())));
            InstanceResource proxied = new InstanceResource(viaProxy);
            Map<String, Object> p = props("t3.micro", List.of(groupA), map());

            LiveResource first = proxied.create(request("s1", "web[0]", p, "token-rerun"), ctx);

            ServeEvent launch = proxy.getAllServeEvents().stream()
                    .filter(e -> e.getRequest().getBodyAsString().contains("Action=RunInstances")).findFirst().orElseThrow();
            assertTrue(launch.getRequest().getBodyAsString().contains("ClientToken=token-rerun"));
            proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1)
                    .withRequestBody(WireMock.containing("Action=RunInstances"))
                    .withRequestBody(WireMock.containing("ClientToken=token-rerun"))
                    .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                            .withBody(launch.getResponse().getBodyAsString())));

            LiveResource again = proxied.create(request("s1", "web[0]", p, "token-rerun"), ctx);

            assertEquals(first.id(), again.id());
            assertEquals(List.of(first.id()), type.read("s1", List.of(), ctx).stream().map(LiveResource::id).toList());
        } finally {
            proxy.stop();
        }
    }

    @Test
    void readingManyInstancesCostsAHandfulOfCalls() {
        int n = 250;
        Map<String, String> tags = request("s1", "web", map(), "t").tags();
        moto.session().ec2().runInstances(r -> r.imageId(ami).minCount(n).maxCount(n)
                .blockDeviceMappings(b -> b.deviceName("/dev/xvda").ebs(e -> e.volumeSize(9)))
                .tagSpecifications(Ec2Support.tagSpecification(software.amazon.awssdk.services.ec2.model.ResourceType.INSTANCE, tags)));

        long before = moto.session().calls().reads();
        List<LiveResource> all = type.read("s1", List.of(), ctx);
        long calls = moto.session().calls().reads() - before;

        assertEquals(n, all.size());
        assertTrue(all.stream().allMatch(r -> Long.valueOf(9).equals(r.values().get("rootVolumeSize"))));
        // One DescribeInstances page and two DescribeVolumes (200 volume ids per filter).
        assertEquals(3, calls);
        System.out.printf("read %d instances with %d calls (%.3f per resource)%n", n, calls, (double) calls / n);
    }

    /** An instance that dies at launch: the error carries AWS's reason, and is final (not retried). */
    @Test
    void launchFailureReportsTheStateReason() {
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        proxy.start();
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(URI.create(proxy.baseUrl()), true))) {
            proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10)
                    .willReturn(WireMock.aResponse().proxiedFrom(moto.endpoint().toString())));
            proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1)
                    .withRequestBody(WireMock.containing("Action=DescribeInstances"))
                    .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody("""
                            <DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">
                              <requestId>r</requestId>
                              <reservationSet><item><reservationId>r-1</reservationId><instancesSet><item>
                                <instanceId>i-0123456789abcdef0</instanceId>
                                <instanceState><code>48</code><name>terminated</name></instanceState>
                                <stateReason><code>Client.VolumeLimitExceeded</code><message>Volume limit exceeded</message></stateReason>
                              </item></instancesSet></item></reservationSet>
                            </DescribeInstancesResponse>""")));

            ProviderException e = assertThrows(ProviderException.class, () -> new InstanceResource(viaProxy)
                    .create(request("s1", "web[0]", props("t3.micro", List.of(groupA), map()), "token-dies"), ctx));

            assertTrue(e.getMessage().contains("terminated: Client.VolumeLimitExceeded: Volume limit exceeded"), e.getMessage());
            assertFalse(e.retryable());
        } finally {
            proxy.stop();
        }
    }
}
