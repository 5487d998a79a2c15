package dev.converge.provider.aws;

import dev.converge.provider.ResourceType;
import dev.converge.schema.Unknown;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Desired values written as AWS reads them back, so an unchanged stack plans nothing. */
class NormalizeTest {

    private final ResourceType groups = AwsProvider.schemaRegistry().find("aws.ec2.SecurityGroup").orElseThrow();
    private final ResourceType targetGroups = AwsProvider.schemaRegistry().find("aws.elbv2.TargetGroup").orElseThrow();

    @Test
    void aOnePortRangeIsThePort() {
        Map<String, Object> desired = Map.of("ingress", List.of(Map.of("protocol", "tcp", "fromPort", 80L, "toPort", 80L, "cidr", "0.0.0.0/0")));
        assertEquals(List.of(Map.of("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0")), groups.normalize(desired).get("ingress"));
    }

    @Test
    void rulesStillUnknownAreLeftAlone() {
        List<Object> rules = new ArrayList<>(List.of(Map.of("protocol", "tcp", "port", 80L, "sourceSecurityGroupId", Unknown.VALUE)));
        assertEquals(rules, groups.normalize(Map.of("ingress", rules)).get("ingress"));
    }

    @Test
    void aTargetOnTheGroupsPortIsTheInstanceId() {
        Map<String, Object> desired = Map.of("port", 80L, "targets", List.of("i-0a:80", "i-0b:8080", "i-0c"));
        assertEquals(List.of("i-0a", "i-0b:8080", "i-0c"), targetGroups.normalize(desired).get("targets"));
    }
}
