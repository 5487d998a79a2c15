package dev.converge.provider.aws.ec2;

import dev.converge.provider.LiveResource;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.model.Address;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.converge.provider.aws.ec2.Ec2Assertions.AL2023;
import static dev.converge.provider.aws.ec2.Ec2Assertions.assertValues;
import static dev.converge.provider.aws.ec2.Ec2Assertions.map;
import static dev.converge.provider.aws.ec2.Ec2Assertions.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.ec2.ElasticIp against moto; what it did is checked with plain SDK calls. */
class ElasticIpIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();
    private ElasticIpResource type;
    private String serverA;
    private String serverB;

    @BeforeEach
    void setUp() {
        type = new ElasticIpResource(moto.session());
        String ami = moto.session().ssm().getParameter(r -> r.name(AL2023)).parameter().value();
        serverA = moto.session().ec2().runInstances(r -> r.imageId(ami).minCount(1).maxCount(1)).instances().get(0).instanceId();
        serverB = moto.session().ec2().runInstances(r -> r.imageId(ami).minCount(1).maxCount(1)).instances().get(0).instanceId();
    }

    private static Address raw(String allocationId) {
        return moto.session().ec2().describeAddresses(r -> r.allocationIds(allocationId)).addresses().get(0);
    }

    private static String publicIpOf(String instanceId) {
        return moto.session().ec2().describeInstances(r -> r.instanceIds(instanceId)).reservations().get(0).instances().get(0).publicIpAddress();
    }

    private static Map<String, Object> expected(Map<String, Object> props, String allocationId) {
        Address a = raw(allocationId);
        Map<String, Object> out = new java.util.LinkedHashMap<>(props);
        out.put("id", allocationId);
        out.put("publicIp", a.publicIp());
        if (a.associationId() != null) out.put("associationId", a.associationId());
        return out;
    }

    @Test
    void createAttachesAndReadsBackByStackAndById() {
        Map<String, Object> p = map("instanceId", serverA, "tags", map("Name", "web"));

        LiveResource created = type.create(request("s1", "ip", p, "t1"), ctx);

        assertTrue(created.id().startsWith("eipalloc-"));
        assertEquals("ip", created.address());
        assertValues(type.schema(), expected(p, created.id()), created.values());
        Address a = raw(created.id());
        assertEquals(serverA, a.instanceId());
        assertEquals(a.publicIp(), publicIpOf(serverA));
        assertEquals("s1", Ec2Support.tagMap(a.tags()).get("converge:stack"));

        List<LiveResource> byStack = type.read("s1", List.of(), ctx);
        assertEquals(List.of(created.id()), byStack.stream().map(LiveResource::id).toList());
        assertValues(type.schema(), expected(p, created.id()), byStack.get(0).values());
        List<LiveResource> byId = type.read("other", List.of(created.id()), ctx);
        assertValues(type.schema(), expected(p, created.id()), byId.get(0).values());
    }

    @Test
    void createWithoutInstanceLeavesItUnattached() {
        LiveResource created = type.create(request("s1", "ip", map("tags", map()), "t1"), ctx);
        assertValues(type.schema(), expected(map("tags", map()), created.id()), created.values());
        assertNull(raw(created.id()).associationId());
    }

    @Test
    void instanceChangesInPlaceMovingAndDetaching() {
        LiveResource created = type.create(request("s1", "ip", map("instanceId", serverA, "tags", map()), "t1"), ctx);
        String ip = (String) created.values().get("publicIp");

        Map<String, Object> toB = map("instanceId", serverB, "tags", map());
        LiveResource moved = type.update(created, toB, Set.of("instanceId"), request("s1", "ip", toB, "t").tags(), ctx);
        assertValues(type.schema(), expected(toB, created.id()), moved.values());
        assertEquals(serverB, raw(created.id()).instanceId());
        assertEquals(ip, publicIpOf(serverB));

        Map<String, Object> detached = map("tags", map());
        LiveResource after = type.update(moved, detached, Set.of("instanceId"), request("s1", "ip", detached, "t").tags(), ctx);
        assertValues(type.schema(), expected(detached, created.id()), after.values());
        assertNull(raw(created.id()).associationId());
    }

    @Test
    void tagsChangeInPlace() {
        LiveResource created = type.create(request("s1", "ip", map("tags", map("a", "1", "b", "2")), "t1"), ctx);
        Map<String, Object> desired = map("tags", map("a", "1", "c", "3"));

        LiveResource updated = type.update(created, desired, Set.of("tags"), request("s1", "ip", desired, "t1").tags(), ctx);

        assertEquals(Map.of("a", "1", "c", "3"), updated.values().get("tags"));
        assertEquals(Map.of("a", "1", "c", "3", "converge:stack", "s1", "converge:id", "ip", "converge:proof", created.proof()),
                Ec2Support.tagMap(raw(created.id()).tags()));
    }

    @Test
    void deleteDetachesReleasesAndReadsReturnNothing() {
        LiveResource created = type.create(request("s1", "ip", map("instanceId", serverA, "tags", map()), "t1"), ctx);

        type.delete(created, ctx);

        assertEquals(List.of(), type.read("s1", List.of(created.id()), ctx));
        assertTrue(moto.session().ec2().describeAddresses().addresses().isEmpty());
    }

    @Test
    void deleteOfAMissingAddressSucceeds() {
        type.delete(new LiveResource("eipalloc-0123456789abcdef0", "ip", Map.of()), ctx);
    }

    @Test
    void retriedCreateContinuesWithTheAddressItAlreadyAllocated() {
        LiveResource first = type.create(request("s1", "ip", map("tags", map()), "t1"), ctx);
        LiveResource again = type.create(request("s1", "ip", map("instanceId", serverA, "tags", map()), "t1"), ctx);

        assertEquals(first.id(), again.id());
        assertEquals(1, moto.session().ec2().describeAddresses().addresses().size());
        assertEquals(serverA, raw(first.id()).instanceId());
    }
}
