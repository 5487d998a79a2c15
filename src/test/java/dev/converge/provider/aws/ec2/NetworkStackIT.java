package dev.converge.provider.aws.ec2;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsCli;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The network of the production web service through the real engine against moto, with WireMock
 * in between to put back what AWS does and moto does not: a VPC that stays "in use" (its NAT
 * gateway's network interface, released minutes after the gateway is deleted) and a NAT gateway not
 * yet visible right after its creation. Apply, an unchanged plan with no changes, routes and
 * associations changed in place, destroy, nothing left: each checked with the AWS CLI.
 */
class NetworkStackIT {

    /** Two public and two private subnets in the first two zones, one NAT gateway, a route table each. */
    private static final String STACK = """
            stack: net
            region: ap-northeast-2
            data:
              azs: { type: aws.ec2.AvailabilityZones }
            resources:
              vpc:
                type: aws.ec2.Vpc
                properties: { cidrBlock: 10.20.0.0/16, enableDnsSupport: true, enableDnsHostnames: true, tags: { Name: net } }
              gateway:
                type: aws.ec2.InternetGateway
                properties: { vpcId: "${resources.vpc.id}" }
              publicA:
                type: aws.ec2.Subnet
                properties: { vpcId: "${resources.vpc.id}", cidrBlock: 10.20.0.0/24, availabilityZone: "${data.azs.names[0]}" }
              publicB:
                type: aws.ec2.Subnet
                properties: { vpcId: "${resources.vpc.id}", cidrBlock: 10.20.1.0/24, availabilityZone: "${data.azs.names[1]}" }
              privateA:
                type: aws.ec2.Subnet
                properties: { vpcId: "${resources.vpc.id}", cidrBlock: 10.20.10.0/24, availabilityZone: "${data.azs.names[0]}" }
              privateB:
                type: aws.ec2.Subnet
                properties: { vpcId: "${resources.vpc.id}", cidrBlock: 10.20.11.0/24, availabilityZone: "${data.azs.names[1]}" }
              natAddress:
                type: aws.ec2.ElasticIp
              nat:
                type: aws.ec2.NatGateway
                properties: { subnetId: "${resources.publicA.id}", allocationId: "${resources.natAddress.id}" }
              publicRoutes:
                type: aws.ec2.RouteTable
                properties:
                  vpcId: "${resources.vpc.id}"
                  routes: [ { destinationCidrBlock: 0.0.0.0/0, gatewayId: "${resources.gateway.id}" } ]
                  subnetIds: [ "${resources.publicA.id}", "${resources.publicB.id}" ]
              privateRoutes:
                type: aws.ec2.RouteTable
                properties:
                  vpcId: "${resources.vpc.id}"
                  routes: [ { destinationCidrBlock: 0.0.0.0/0, natGatewayId: "${resources.nat.id}" } ]
                  subnetIds: [ "${resources.privateA.id}", "${resources.privateB.id}" ]
            """;

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();
    @TempDir
    Path dir;
    private FaultProxy proxy;
    private AwsEngine engine;
    private AwsCli cli;

    @BeforeEach
    void setUp() {
        proxy = new FaultProxy(moto.endpoint());
        engine = new AwsEngine(proxy.endpoint(), MotoAccount.REGION, dir.resolve("state.json"));
        cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
    }

    @AfterEach
    void tearDown() {
        engine.close();
        proxy.close();
    }

    private Stack load(String text) throws Exception {
        Path file = dir.resolve("net.yaml");
        Files.writeString(file, text);
        return engine.load(file, Map.of());
    }

    private ApplyResult apply(Stack stack, boolean destroy) {
        ApplyResult result = engine.apply(stack, destroy);
        assertTrue(result.succeeded(), result.failures().toString());
        return result;
    }

    private static List<ResourceChange> changes(Plan plan) {
        return plan.changes().stream().filter(ResourceChange::isChange).toList();
    }

    private JsonNode ec2(String... args) {
        List<String> all = new ArrayList<>(List.of("ec2"));
        all.addAll(List.of(args));
        return cli.json(all.toArray(String[]::new));
    }

    private JsonNode owned(String command, String key) {
        return ec2(command, "--filters", "Name=tag:converge:stack,Values=net").get(key);
    }

    @Test
    void appliesPlansNothingMoreChangesRoutesInPlaceAndDestroysEverything() throws Exception {
        Stack stack = load(STACK);
        // AWS: a NAT gateway is not listed at once after CreateNatGateway; the create waits for it.
        proxy.failQueryAction("DescribeNatGateways", "nat-gateway-id", 2, com.github.tomakehurst.wiremock.client.WireMock.aResponse()
                .withStatus(200).withHeader("Content-Type", "text/xml").withBody("<DescribeNatGatewaysResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
                        + "<requestId>fault-proxy</requestId><natGatewaySet/></DescribeNatGatewaysResponse>"));
        assertEquals(10, apply(stack, false).added());
        assertEquals(4, proxy.requests("DescribeNatGateways").stream().filter(r -> r.getBodyAsString().contains("nat-gateway-id")).count(),
                "the create looked until the gateway was listed (twice not yet, then available), then read it back");

        JsonNode vpcs = owned("describe-vpcs", "Vpcs");
        assertEquals(1, vpcs.size());
        String vpcId = vpcs.get(0).get("VpcId").asText();
        assertEquals("10.20.0.0/16", vpcs.get(0).get("CidrBlock").asText());
        assertTrue(ec2("describe-vpc-attribute", "--vpc-id", vpcId, "--attribute", "enableDnsHostnames")
                .get("EnableDnsHostnames").get("Value").asBoolean());
        JsonNode subnets = owned("describe-subnets", "Subnets");
        assertEquals(4, subnets.size());
        TreeSet<String> zones = new TreeSet<>();
        subnets.forEach(s -> zones.add(s.get("AvailabilityZone").asText()));
        assertEquals(new TreeSet<>(List.of("ap-northeast-2a", "ap-northeast-2b")), zones, "the first two zones of the lookup");
        JsonNode gateways = owned("describe-internet-gateways", "InternetGateways");
        assertEquals(vpcId, gateways.get(0).get("Attachments").get(0).get("VpcId").asText());
        JsonNode nats = ec2("describe-nat-gateways", "--filter", "Name=state,Values=available").get("NatGateways");
        assertEquals(1, nats.size());
        String natId = nats.get(0).get("NatGatewayId").asText();
        JsonNode tables = owned("describe-route-tables", "RouteTables");
        assertEquals(2, tables.size());
        for (JsonNode t : tables) {
            assertEquals(2, t.get("Associations").size(), "two subnets per table: " + t);
            boolean toNat = false;
            for (JsonNode r : t.get("Routes")) toNat |= natId.equals(r.path("NatGatewayId").asText());
            boolean toGateway = false;
            for (JsonNode r : t.get("Routes")) toGateway |= r.path("GatewayId").asText().startsWith("igw-");
            assertTrue(toNat ^ toGateway, "one default route, to the NAT or to the internet gateway: " + t);
        }

        assertEquals(List.of(), changes(engine.plan(stack, false)), "an unchanged stack plans no changes");

        // A route added, one target changed, a subnet moved between the two tables, a flag flipped: all in place.
        Stack edited = load(STACK
                .replace("subnetIds: [ \"${resources.publicA.id}\", \"${resources.publicB.id}\" ]",
                        "subnetIds: [ \"${resources.publicA.id}\", \"${resources.publicB.id}\", \"${resources.privateB.id}\" ]")
                .replace("subnetIds: [ \"${resources.privateA.id}\", \"${resources.privateB.id}\" ]",
                        "subnetIds: [ \"${resources.privateA.id}\" ]")
                .replace("routes: [ { destinationCidrBlock: 0.0.0.0/0, natGatewayId: \"${resources.nat.id}\" } ]",
                        "routes: [ { destinationCidrBlock: 0.0.0.0/0, gatewayId: \"${resources.gateway.id}\" },"
                                + " { destinationCidrBlock: 192.168.0.0/16, natGatewayId: \"${resources.nat.id}\" } ]")
                .replace("enableDnsHostnames: true", "enableDnsHostnames: false"));
        List<ResourceChange> edit = changes(engine.plan(edited, false));
        assertEquals(List.of("privateRoutes", "publicRoutes", "vpc"), edit.stream().map(ResourceChange::address).sorted().toList());
        assertTrue(edit.stream().allMatch(c -> c.action() == Action.UPDATE), edit.toString());
        assertEquals(3, apply(edited, false).changed());
        assertEquals(List.of(), changes(engine.plan(edited, false)), "the edit converged");
        assertFalse(ec2("describe-vpc-attribute", "--vpc-id", vpcId, "--attribute", "enableDnsHostnames")
                .get("EnableDnsHostnames").get("Value").asBoolean());
        for (JsonNode t : owned("describe-route-tables", "RouteTables")) {
            int routes = 0;
            for (JsonNode r : t.get("Routes")) if (!"local".equals(r.path("GatewayId").asText())) routes++;
            assertEquals(t.get("Associations").size() == 3 ? 1 : 2, routes, "public: 3 subnets, 1 route; private: 1 subnet, 2 routes: " + t);
        }

        // AWS: the VPC stays in use for a while after its last dependant is deleted (the NAT
        // gateway's interface is released late); the delete is retried until it goes through.
        proxy.failQueryAction("DeleteVpc", 2, FaultProxy.ec2Error(400, "DependencyViolation",
                "The vpc '" + vpcId + "' has dependencies and cannot be deleted."));
        apply(edited, true);
        assertEquals(3, proxy.requests("DeleteVpc").size(), "two refusals, then the delete");
        assertFalse(engine.plan(edited, true).hasChanges(), "nothing left to destroy");
        assertEquals(0, owned("describe-vpcs", "Vpcs").size());
        assertEquals(0, owned("describe-subnets", "Subnets").size());
        assertEquals(0, owned("describe-internet-gateways", "InternetGateways").size());
        assertEquals(0, owned("describe-route-tables", "RouteTables").size());
        assertEquals(0, ec2("describe-nat-gateways", "--filter", "Name=state,Values=pending,available,deleting").get("NatGateways").size());
        assertEquals(0, ec2("describe-addresses").get("Addresses").size());
    }

    /**
     * What forces a replacement does so through the engine: a subnet given a new range is created
     * anew, the route table moves to it in place, and the old one is deleted after.
     */
    @Test
    void aSubnetWithANewRangeIsReplacedAndItsTableFollowsInPlace() throws Exception {
        String small = """
                stack: net
                region: ap-northeast-2
                resources:
                  vpc: { type: aws.ec2.Vpc, properties: { cidrBlock: 10.30.0.0/16 } }
                  gateway: { type: aws.ec2.InternetGateway, properties: { vpcId: "${resources.vpc.id}" } }
                  web: { type: aws.ec2.Subnet, properties: { vpcId: "${resources.vpc.id}", cidrBlock: 10.30.1.0/24 } }
                  routes:
                    type: aws.ec2.RouteTable
                    properties:
                      vpcId: "${resources.vpc.id}"
                      routes: [ { destinationCidrBlock: 0.0.0.0/0, gatewayId: "${resources.gateway.id}" } ]
                      subnetIds: [ "${resources.web.id}" ]
                """;
        Stack stack = load(small);
        assertEquals(4, apply(stack, false).added());
        String before = owned("describe-subnets", "Subnets").get(0).get("SubnetId").asText();

        Stack moved = load(small.replace("10.30.1.0/24", "10.30.2.0/24"));
        List<ResourceChange> edit = changes(engine.plan(moved, false));
        assertEquals(List.of("routes:UPDATE", "web:REPLACE"), edit.stream().map(c -> c.address() + ":" + c.action()).sorted().toList());
        apply(moved, false);
        JsonNode subnetsNow = owned("describe-subnets", "Subnets");
        assertEquals(1, subnetsNow.size(), "the old subnet is gone");
        assertEquals("10.30.2.0/24", subnetsNow.get(0).get("CidrBlock").asText());
        String after = subnetsNow.get(0).get("SubnetId").asText();
        assertFalse(after.equals(before));
        assertEquals(after, owned("describe-route-tables", "RouteTables").get(0).get("Associations").get(0).get("SubnetId").asText());
        assertEquals(List.of(), changes(engine.plan(moved, false)));

        apply(moved, true);
        assertEquals(0, owned("describe-vpcs", "Vpcs").size());
    }

    /**
     * The types that take a VPC or subnets work with the stack's own VPC, not only the default one:
     * a security group and a target group in it, and a load balancer on its subnets, added once the
     * subnets exist so that the plan-time check of the subnets' zones and VPC reads them.
     */
    @Test
    void securityGroupsTargetGroupsAndLoadBalancersLiveInTheStacksOwnVpc() throws Exception {
        String network = """
                stack: net
                region: ap-northeast-2
                data:
                  azs: { type: aws.ec2.AvailabilityZones }
                resources:
                  vpc: { type: aws.ec2.Vpc, properties: { cidrBlock: 10.40.0.0/16 } }
                  gateway: { type: aws.ec2.InternetGateway, properties: { vpcId: "${resources.vpc.id}" } }
                  publicA: { type: aws.ec2.Subnet, properties: { vpcId: "${resources.vpc.id}", cidrBlock: 10.40.0.0/24, availabilityZone: "${data.azs.names[0]}" } }
                  publicB: { type: aws.ec2.Subnet, properties: { vpcId: "${resources.vpc.id}", cidrBlock: 10.40.1.0/24, availabilityZone: "${data.azs.names[1]}" } }
                  routes:
                    type: aws.ec2.RouteTable
                    properties:
                      vpcId: "${resources.vpc.id}"
                      routes: [ { destinationCidrBlock: 0.0.0.0/0, gatewayId: "${resources.gateway.id}" } ]
                      subnetIds: [ "${resources.publicA.id}", "${resources.publicB.id}" ]
                """;
        apply(load(network), false);
        Stack web = load(network + """
                  albSecurityGroup:
                    type: aws.ec2.SecurityGroup
                    properties:
                      name: net-alb
                      description: the load balancer
                      vpcId: "${resources.vpc.id}"
                      ingress: [ { protocol: tcp, port: 80, cidr: 0.0.0.0/0 } ]
                  targets:
                    type: aws.elbv2.TargetGroup
                    properties: { name: net-web, protocol: HTTP, port: 80, vpcId: "${resources.vpc.id}" }
                  alb:
                    type: aws.elbv2.LoadBalancer
                    properties:
                      name: net
                      subnetIds: [ "${resources.publicA.id}", "${resources.publicB.id}" ]
                      securityGroupIds: [ "${resources.albSecurityGroup.id}" ]
                """);
        assertEquals(3, apply(web, false).added());
        String vpcId = owned("describe-vpcs", "Vpcs").get(0).get("VpcId").asText();
        JsonNode alb = cli.json("elbv2", "describe-load-balancers", "--names", "net").get("LoadBalancers").get(0);
        assertEquals(vpcId, alb.get("VpcId").asText());
        assertEquals(vpcId, cli.json("elbv2", "describe-target-groups", "--names", "net-web").get("TargetGroups").get(0).get("VpcId").asText());
        assertEquals(vpcId, ec2("describe-security-groups", "--filters", "Name=group-name,Values=net-alb")
                .get("SecurityGroups").get(0).get("VpcId").asText());
        assertEquals(List.of(), changes(engine.plan(web, false)), "an unchanged stack plans no changes");

        apply(web, true);
        assertEquals(0, owned("describe-vpcs", "Vpcs").size());
        assertEquals(0, cli.json("elbv2", "describe-load-balancers").get("LoadBalancers").size());
    }
}
