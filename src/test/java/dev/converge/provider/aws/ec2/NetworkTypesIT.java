package dev.converge.provider.aws.ec2;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ProviderException;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.RouteTable;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.converge.provider.aws.ec2.Ec2Assertions.map;
import static dev.converge.provider.aws.ec2.Ec2Assertions.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network types one by one against moto: create, read back (by the stack's tag and by id),
 * update in place, delete, delete of a missing one; what they did is checked with plain SDK calls.
 */
class NetworkTypesIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();
    private VpcResource vpcs;
    private SubnetResource subnets;
    private InternetGatewayResource gateways;
    private RouteTableResource tables;
    private NatGatewayResource nats;
    private Ec2Client ec2;

    @BeforeEach
    void setUp() {
        vpcs = new VpcResource(moto.session());
        subnets = new SubnetResource(moto.session());
        gateways = new InternetGatewayResource(moto.session());
        tables = new RouteTableResource(moto.session());
        nats = new NatGatewayResource(moto.session());
        ec2 = moto.session().ec2();
    }

    private LiveResource vpc(String stack) {
        return vpcs.create(request(stack, "vpc", map("cidrBlock", "10.20.0.0/16", "enableDnsSupport", true,
                "enableDnsHostnames", false, "tags", map()), "t-vpc"), ctx);
    }

    private LiveResource subnet(String stack, String address, LiveResource vpc, String cidr, String zone) {
        return subnets.create(request(stack, address, map("vpcId", vpc.id(), "cidrBlock", cidr, "availabilityZone", zone,
                "mapPublicIpOnLaunch", false, "tags", map()), "t-" + address), ctx);
    }

    @Test
    void availabilityZonesAreTheAvailableOnesSortedByNameWithTheirIds() {
        Map<String, Object> azs = new AvailabilityZonesData(moto.session()).read(Map.of(), ctx);
        List<?> names = (List<?>) azs.get("names");
        List<?> ids = (List<?>) azs.get("ids");
        assertEquals("ap-northeast-2", azs.get("id"));
        assertEquals(List.of("ap-northeast-2a", "ap-northeast-2b", "ap-northeast-2c", "ap-northeast-2d"), names);
        assertEquals(names.size(), ids.size());
        String firstId = ec2.describeAvailabilityZones(r -> r.zoneNames("ap-northeast-2a")).availabilityZones().get(0).zoneId();
        assertEquals(firstId, ids.get(0), "ids in the order of names");
    }

    @Test
    void vpcIsCreatedWithItsDnsSettingsReadBackChangedInPlaceAndDeleted() {
        LiveResource created = vpcs.create(request("s1", "vpc", map("cidrBlock", "10.20.0.0/16", "enableDnsSupport", true,
                "enableDnsHostnames", true, "tags", map("Name", "web")), "t1"), ctx);

        assertTrue(created.id().startsWith("vpc-"));
        assertEquals("vpc", created.address());
        assertEquals(true, created.values().get("enableDnsHostnames"));
        assertTrue(String.valueOf(created.values().get("defaultSecurityGroupId")).startsWith("sg-"), created.values().toString());
        assertTrue(String.valueOf(created.values().get("mainRouteTableId")).startsWith("rtb-"), created.values().toString());
        assertEquals(Map.of("Name", "web"), created.values().get("tags"));
        assertTrue(ec2.describeVpcAttribute(r -> r.vpcId(created.id()).attribute("enableDnsHostnames")).enableDnsHostnames().value());
        assertEquals(List.of(created.id()), vpcs.read("s1", List.of(), ctx).stream().map(LiveResource::id).toList());
        assertEquals(List.of(created.id()), vpcs.read("other", List.of(created.id()), ctx).stream().map(LiveResource::id).toList());
        assertEquals(List.of(), vpcs.read("other", List.of("vpc-0123456789abcdef0"), ctx), "another stack's, and a missing id");

        Map<String, Object> desired = map("cidrBlock", "10.20.0.0/16", "enableDnsSupport", false, "enableDnsHostnames", false,
                "tags", map("Name", "web2"));
        LiveResource updated = vpcs.update(created, desired, Set.of("enableDnsSupport", "enableDnsHostnames", "tags"),
                request("s1", "vpc", desired, "t1").tags(), ctx);
        assertEquals(false, updated.values().get("enableDnsSupport"));
        assertEquals(false, updated.values().get("enableDnsHostnames"));
        assertEquals(Map.of("Name", "web2"), updated.values().get("tags"));
        assertFalse(ec2.describeVpcAttribute(r -> r.vpcId(created.id()).attribute("enableDnsSupport")).enableDnsSupport().value());

        vpcs.delete(created, ctx);
        assertEquals(List.of(), vpcs.read("s1", List.of(created.id()), ctx));
        vpcs.delete(created, ctx);
    }

    @Test
    void aRetriedVpcCreateContinuesWithTheVpcItAlreadyMade() {
        LiveResource first = vpc("s1");
        LiveResource again = vpc("s1");
        assertEquals(first.id(), again.id());
        assertEquals(1, ec2.describeVpcs(r -> r.filters(f -> f.name("tag:converge:stack").values("s1"))).vpcs().size());
    }

    @Test
    void aVpcWithASubnetLeftRefusesDeletionRetryably() {
        LiveResource vpc = vpc("s1");
        LiveResource subnet = subnet("s1", "a", vpc, "10.20.0.0/24", "ap-northeast-2a");

        ProviderException e = assertThrows(ProviderException.class, () -> vpcs.delete(vpc, ctx));
        assertEquals("DependencyViolation", e.code());
        assertTrue(e.retryable(), "the applier waits it out: removal order deletes the subnet, AWS may report it a while longer");

        subnets.delete(subnet, ctx);
        vpcs.delete(vpc, ctx);
        assertEquals(List.of(), vpcs.read("s1", List.of(vpc.id()), ctx));
    }

    @Test
    void subnetIsCreatedInItsZoneChangesItsPublicAddressingInPlaceAndIsDeleted() {
        LiveResource vpc = vpc("s1");
        LiveResource created = subnets.create(request("s1", "a", map("vpcId", vpc.id(), "cidrBlock", "10.20.1.0/24",
                "availabilityZone", "ap-northeast-2b", "mapPublicIpOnLaunch", true, "tags", map("tier", "public")), "t1"), ctx);

        assertEquals("ap-northeast-2b", created.values().get("availabilityZone"));
        assertEquals(true, created.values().get("mapPublicIpOnLaunch"));
        assertEquals("10.20.1.0/24", created.values().get("cidrBlock"));
        assertTrue(ec2.describeSubnets(r -> r.subnetIds(created.id())).subnets().get(0).mapPublicIpOnLaunch());

        Map<String, Object> desired = map("vpcId", vpc.id(), "cidrBlock", "10.20.1.0/24", "availabilityZone", "ap-northeast-2b",
                "mapPublicIpOnLaunch", false, "tags", map("tier", "public"));
        LiveResource updated = subnets.update(created, desired, Set.of("mapPublicIpOnLaunch"), request("s1", "a", desired, "t1").tags(), ctx);
        assertEquals(false, updated.values().get("mapPublicIpOnLaunch"));
        assertFalse(ec2.describeSubnets(r -> r.subnetIds(created.id())).subnets().get(0).mapPublicIpOnLaunch());
        assertEquals(List.of(created.id()), subnets.read("s1", List.of(), ctx).stream().map(LiveResource::id).toList());

        subnets.delete(created, ctx);
        assertEquals(List.of(), subnets.read("s1", List.of(created.id()), ctx));
        subnets.delete(created, ctx);
    }

    @Test
    void internetGatewayIsAttachedOnCreateAndDetachedBeforeItsDeletion() {
        LiveResource vpc = vpc("s1");
        LiveResource created = gateways.create(request("s1", "gw", map("vpcId", vpc.id(), "tags", map()), "t1"), ctx);
        assertEquals(vpc.id(), created.values().get("vpcId"));
        assertEquals(vpc.id(), ec2.describeInternetGateways(r -> r.internetGatewayIds(created.id()))
                .internetGateways().get(0).attachments().get(0).vpcId());
        assertEquals(created.id(), gateways.create(request("s1", "gw", map("vpcId", vpc.id(), "tags", map()), "t1"), ctx).id(),
                "a retried create continues with the attached gateway");

        gateways.delete(created, ctx);
        assertTrue(ec2.describeInternetGateways(r -> r.filters(f -> f.name("internet-gateway-id").values(created.id())))
                .internetGateways().isEmpty());
        gateways.delete(created, ctx);
        vpcs.delete(vpc, ctx);
    }

    @Test
    void aGatewayDetachedByHandReadsAsDetachedSoThePlanPutsOneBack() {
        LiveResource vpc = vpc("s1");
        LiveResource created = gateways.create(request("s1", "gw", map("vpcId", vpc.id(), "tags", map()), "t1"), ctx);
        ec2.detachInternetGateway(r -> r.internetGatewayId(created.id()).vpcId(vpc.id()));
        assertEquals("", gateways.read("s1", List.of(), ctx).get(0).values().get("vpcId"));
    }

    @Test
    void routeTableWritesRoutesAndAssociationsAndMovesASubnetFromAnotherTableOfTheStack() {
        LiveResource vpc = vpc("s1");
        LiveResource gw = gateways.create(request("s1", "gw", map("vpcId", vpc.id(), "tags", map()), "t-gw"), ctx);
        LiveResource a = subnet("s1", "a", vpc, "10.20.0.0/24", "ap-northeast-2a");
        LiveResource b = subnet("s1", "b", vpc, "10.20.1.0/24", "ap-northeast-2b");
        List<Object> toInternet = List.of(map("destinationCidrBlock", "0.0.0.0/0", "gatewayId", gw.id()));
        LiveResource pub = tables.create(request("s1", "public", map("vpcId", vpc.id(), "routes", toInternet,
                "subnetIds", List.of(a.id(), b.id()), "tags", map()), "t-pub"), ctx);
        assertEquals(toInternet, pub.values().get("routes"), "the local route is AWS's, not listed");
        assertEquals(Set.of(a.id(), b.id()), Set.copyOf((List<?>) pub.values().get("subnetIds")));

        // b moves to the private table: one ReplaceRouteTableAssociation, whichever table's update runs first.
        LiveResource priv = tables.create(request("s1", "private", map("vpcId", vpc.id(), "routes", List.of(),
                "subnetIds", List.of(b.id()), "tags", map()), "t-priv"), ctx);
        assertEquals(List.of(b.id()), priv.values().get("subnetIds"));
        assertEquals(List.of(a.id()), tables.read("s1", List.of(), ctx).stream().filter(t -> t.id().equals(pub.id()))
                .findFirst().orElseThrow().values().get("subnetIds"));

        // Routes in place: one target replaced, one route added; a subnet dropped falls back to the main table.
        List<Object> routes = List.of(map("destinationCidrBlock", "0.0.0.0/0", "gatewayId", gw.id()),
                map("destinationCidrBlock", "192.168.0.0/16", "gatewayId", gw.id()));
        Map<String, Object> desired = map("vpcId", vpc.id(), "routes", routes, "subnetIds", List.of(), "tags", map());
        LiveResource updated = tables.update(pub, desired, Set.of("routes", "subnetIds"), request("s1", "public", desired, "t-pub").tags(), ctx);
        assertEquals(2, ((List<?>) updated.values().get("routes")).size());
        assertEquals(List.of(), updated.values().get("subnetIds"));
        RouteTable raw = ec2.describeRouteTables(r -> r.routeTableIds(pub.id())).routeTables().get(0);
        assertEquals(3, raw.routes().size(), "local plus two");

        tables.delete(priv, ctx);
        assertTrue(ec2.describeRouteTables(r -> r.filters(f -> f.name("route-table-id").values(priv.id()))).routeTables().isEmpty(),
                "disassociated, then deleted");
        tables.delete(priv, ctx);
    }

    /**
     * Two tables of the stack updated side by side, a subnet moving from one to the other: the table
     * it leaves may disassociate it between the read and the move, and AWS then refuses the move
     * (InvalidAssociationID.NotFound). Here that update is made by hand and the proxy answers the
     * move as AWS would; the subnet, free by then, is associated instead.
     */
    @Test
    void aSubnetItsOldTableDroppedMeanwhileIsAssociatedInsteadOfMoved() {
        LiveResource vpc = vpc("s1");
        LiveResource a = subnet("s1", "a", vpc, "10.20.0.0/24", "ap-northeast-2a");
        LiveResource pub = tables.create(request("s1", "public", map("vpcId", vpc.id(), "routes", List.of(),
                "subnetIds", List.of(a.id()), "tags", map()), "t-pub"), ctx);
        String association = ec2.describeRouteTables(r -> r.routeTableIds(pub.id())).routeTables().get(0).associations().stream()
                .filter(x -> a.id().equals(x.subnetId())).findFirst().orElseThrow().routeTableAssociationId();
        FaultProxy proxy = new FaultProxy(moto.endpoint());
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults(MotoAccount.REGION).withEndpoint(proxy.endpoint(), true))) {
            proxy.failQueryAction("ReplaceRouteTableAssociation", 1, FaultProxy.ec2Error(400, "InvalidAssociationID.NotFound",
                    "The association ID '" + association + "' does not exist"));
            // The public table's update, beside: it lets the subnet go after the private one read it there.
            TestContext racing = new TestContext() {
                @Override
                public void status(String message) {
                    if (message.startsWith("moving " + a.id())) ec2.disassociateRouteTable(r -> r.associationId(association));
                    super.status(message);
                }
            };
            LiveResource priv = new RouteTableResource(viaProxy).create(request("s1", "private", map("vpcId", vpc.id(),
                    "routes", List.of(), "subnetIds", List.of(a.id()), "tags", map()), "t-priv"), racing);
            assertEquals(List.of(a.id()), priv.values().get("subnetIds"));
            assertEquals(1, proxy.requests("AssociateRouteTable").size(), "associated once the move was refused");
        } finally {
            proxy.close();
        }
    }

    @Test
    void aSubnetInATableOfSomebodyElseIsNotTakenFromIt() {
        LiveResource vpc = vpc("s1");
        LiveResource a = subnet("s1", "a", vpc, "10.20.0.0/24", "ap-northeast-2a");
        String theirs = ec2.createRouteTable(r -> r.vpcId(vpc.id())).routeTable().routeTableId();
        ec2.associateRouteTable(r -> r.routeTableId(theirs).subnetId(a.id()));

        ProviderException e = assertThrows(ProviderException.class, () -> tables.create(request("s1", "public",
                map("vpcId", vpc.id(), "routes", List.of(), "subnetIds", List.of(a.id()), "tags", map()), "t1"), ctx));
        assertEquals("Resource.AlreadyAssociated", e.code());
        assertTrue(e.getMessage().contains(theirs) && e.getMessage().contains("does not manage"), e.getMessage());
    }

    @Test
    void natGatewayIsCreatedWithTheTokenAsClientTokenReadOnlyForItsStackAndDeletedWithAWait() {
        LiveResource vpc = vpc("s1");
        LiveResource subnet = subnet("s1", "a", vpc, "10.20.0.0/24", "ap-northeast-2a");
        String allocation = ec2.allocateAddress(r -> r.domain("vpc")).allocationId();
        FaultProxy proxy = new FaultProxy(moto.endpoint());
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults(MotoAccount.REGION).withEndpoint(proxy.endpoint(), true))) {
            NatGatewayResource type = new NatGatewayResource(viaProxy);
            LiveResource created = type.create(request("s1", "nat", map("subnetId", subnet.id(), "allocationId", allocation,
                    "connectivityType", "public", "tags", map()), "tok-123"), ctx);
            List<LoggedRequest> creates = proxy.requests("CreateNatGateway");
            assertEquals(1, creates.size());
            assertTrue(creates.get(0).getBodyAsString().contains("ClientToken=tok-123"), creates.get(0).getBodyAsString());
            assertEquals(allocation, created.values().get("allocationId"));
            assertEquals(vpc.id(), created.values().get("vpcId"));
            assertTrue(created.values().get("publicIp") instanceof String);

            // moto ignores tag filters on DescribeNatGateways: another stack's gateway must still not be read as ours.
            nats.create(request("other", "nat", map("subnetId", subnet.id(), "allocationId", ec2.allocateAddress(r -> r.domain("vpc"))
                    .allocationId(), "connectivityType", "public", "tags", map()), "tok-9"), ctx);
            assertEquals(List.of(created.id()), type.read("s1", List.of(), ctx).stream().map(LiveResource::id).toList());

            type.delete(created, ctx);
            assertEquals(List.of(), type.read("s1", List.of(created.id()), ctx), "a deleted gateway is not a live one");
            // AWS answers NatGatewayNotFound for an id it does not know (moto fails with a 500): put AWS's answer back.
            proxy.failQueryAction("DeleteNatGateway", "nat-0123456789abcdef0", 1, FaultProxy.ec2Error(400, "NatGatewayNotFound",
                    "The Nat Gateway nat-0123456789abcdef0 was not found"));
            type.delete(new LiveResource("nat-0123456789abcdef0", "nat", Map.of()), ctx);
        } finally {
            proxy.close();
        }
    }

    @Test
    void aPublicNatGatewayWithoutAnAddressIsRefusedBeforeAnyCall() {
        ProviderException e = assertThrows(ProviderException.class, () -> nats.create(request("s1", "nat",
                map("subnetId", "subnet-0123", "connectivityType", "public", "tags", map()), "t1"), ctx));
        assertTrue(e.getMessage().contains("needs an Elastic IP"), e.getMessage());
    }
}
