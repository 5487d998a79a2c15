package dev.converge.provider.aws.elbv2;

import dev.converge.provider.PlanChecked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What CreateLoadBalancer would refuse about its subnets, decided from their availability zones. */
class SubnetSpreadTest {

    private static final Map<String, String> ZONES = Map.of(
            "subnet-a1", "ap-northeast-2a", "subnet-a2", "ap-northeast-2a", "subnet-b1", "ap-northeast-2b", "subnet-c1", "ap-northeast-2c");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            subnet-a1 subnet-b1           | -
            subnet-a1 subnet-b1 subnet-c1 | -
            subnet-a1                     | every subnet is in ap-northeast-2a: an Application Load Balancer needs subnets in at least two availability zones
            subnet-a1 subnet-a2           | subnets subnet-a1, subnet-a2 are all in ap-northeast-2a: a load balancer takes at most one subnet per availability zone / every subnet is in ap-northeast-2a: an Application Load Balancer needs subnets in at least two availability zones
            subnet-a1 subnet-a2 subnet-b1 | subnets subnet-a1, subnet-a2 are all in ap-northeast-2a: a load balancer takes at most one subnet per availability zone
            subnet-a1 subnet-zz           | subnet subnet-zz does not exist in this region
            subnet-yy subnet-zz           | subnets subnet-yy, subnet-zz do not exist in this region
            """)
    void problems(String subnets, String expected) {
        List<String> got = SubnetSpread.problems("alb", Arrays.asList(subnets.split(" ")), ZONES).stream()
                .peek(p -> assertEquals("subnetIds", p.property()))
                .map(PlanChecked.Problem::message).toList();
        assertEquals(expected == null ? "" : expected, String.join(" / ", got));
    }

    @Test
    void subnetsOfTwoVpcsAreRefusedAndOneVpcIsFine() {
        Map<String, String> vpcs = Map.of("subnet-a1", "vpc-own", "subnet-b1", "vpc-own", "subnet-c1", "vpc-default");
        assertEquals(List.of(), SubnetSpread.oneVpc("alb", List.of("subnet-a1", "subnet-b1"), vpcs));
        List<PlanChecked.Problem> two = SubnetSpread.oneVpc("alb", List.of("subnet-a1", "subnet-c1"), vpcs);
        assertEquals(1, two.size());
        assertEquals("the subnets are in different VPCs (subnet-c1 in vpc-default; subnet-a1 in vpc-own): a load balancer's "
                + "subnets must all be in one VPC", two.get(0).message());
    }

    @Test
    void anUpdateThatLeavesTheSubnetsAloneReadsNothing() {
        // No session: a read would fail the test with a NullPointerException.
        SubnetSpread spread = new SubnetSpread(null);
        PlanChecked.Planned update = new PlanChecked.Planned("alb", Map.of("subnetIds", List.of("subnet-a1")), java.util.Set.of("attributes"));
        assertEquals(List.of(), spread.check(List.of(update)));
    }
}
