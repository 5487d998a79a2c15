package dev.converge.provider.aws.ec2;

import dev.converge.provider.ProviderException;
import dev.converge.schema.Property;
import dev.converge.schema.Values;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SecurityGroupRuleTest {

    private static Map<String, Object> rule(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static SecurityGroupRule parse(Object... kv) {
        return SecurityGroupRule.parse(rule(kv), "ingress[0]");
    }

    private static String rejection(Object... kv) {
        return assertThrows(ProviderException.class, () -> parse(kv)).getMessage();
    }

    @Test
    void singlePortIsARangeOfOneAndReadsBackAsPort() {
        SecurityGroupRule r = parse("protocol", "tcp", "port", 443L, "cidr", "0.0.0.0/0", "description", "HTTPS");
        assertEquals(443L, r.fromPort());
        assertEquals(443L, r.toPort());
        assertEquals(rule("protocol", "tcp", "port", 443L, "cidr", "0.0.0.0/0", "description", "HTTPS"), r.toValue());
    }

    @Test
    void cidrsAreOneRuleEachAndAnEmptyListIsNoRule() {
        List<SecurityGroupRule> two = SecurityGroupRules.parse(List.of(rule("protocol", "tcp", "port", 22L,
                "cidrs", List.of("203.0.113.5/32", "198.51.100.0/24"), "description", "SSH")), "ingress");
        assertEquals(List.of(rule("protocol", "tcp", "port", 22L, "cidr", "203.0.113.5/32", "description", "SSH"),
                rule("protocol", "tcp", "port", 22L, "cidr", "198.51.100.0/24", "description", "SSH")),
                SecurityGroupRules.toValues(two));
        assertEquals(List.of(), SecurityGroupRules.parse(List.of(rule("protocol", "tcp", "port", 22L, "cidrs", List.of())), "ingress"));
    }

    @Test
    void rangeStaysARange() {
        SecurityGroupRule r = parse("protocol", "udp", "fromPort", 1000L, "toPort", 2000L, "ipv6Cidr", "::/0");
        assertEquals(rule("protocol", "udp", "fromPort", 1000L, "toPort", 2000L, "ipv6Cidr", "::/0"), r.toValue());
    }

    @Test
    void protocolIsCaseInsensitiveAndEmptyDescriptionIsNone() {
        SecurityGroupRule r = parse("protocol", "TCP", "port", 22L, "cidr", "10.0.0.0/8", "description", "");
        assertEquals(rule("protocol", "tcp", "port", 22L, "cidr", "10.0.0.0/8"), r.toValue());
    }

    @Test
    void icmpWithoutTypeMeansAllIcmpAndIsWrittenWithoutPorts() {
        SecurityGroupRule r = parse("protocol", "icmp", "cidr", "10.0.0.0/8");
        assertEquals(-1L, r.fromPort());
        assertEquals(-1L, r.toPort());
        assertEquals(rule("protocol", "icmp", "cidr", "10.0.0.0/8"), r.toValue());
        IpPermission p = r.toIpPermission();
        assertEquals("icmp", p.ipProtocol());
        assertEquals(-1, p.fromPort());
    }

    @Test
    void icmpTypeAndCodeStayFromAndTo() {
        // Echo request (type 8), any code: even type == code must not turn into "port".
        assertEquals(rule("protocol", "icmp", "fromPort", 8L, "toPort", -1L, "cidr", "10.0.0.0/8"),
                parse("protocol", "icmp", "fromPort", 8L, "toPort", -1L, "cidr", "10.0.0.0/8").toValue());
        assertEquals(rule("protocol", "icmp", "fromPort", 3L, "toPort", 3L, "cidr", "10.0.0.0/8"),
                parse("protocol", "icmp", "fromPort", 3L, "toPort", 3L, "cidr", "10.0.0.0/8").toValue());
    }

    @Test
    void allProtocolsHaveNoPortsAndSendMinusOne() {
        SecurityGroupRule r = parse("protocol", "all", "cidr", "0.0.0.0/0");
        assertEquals(rule("protocol", "all", "cidr", "0.0.0.0/0"), r.toValue());
        assertEquals("-1", r.toIpPermission().ipProtocol());
        assertEquals(null, r.toIpPermission().fromPort());
    }

    @Test
    void invalidPortCombinationsAreRejectedWithTheirPlace() {
        assertTrue(rejection("protocol", "tcp", "cidr", "0.0.0.0/0").contains("ingress[0]: protocol tcp needs port"));
        assertTrue(rejection("protocol", "tcp", "port", 80L, "fromPort", 80L, "toPort", 81L, "cidr", "0.0.0.0/0").contains("not both"));
        assertTrue(rejection("protocol", "tcp", "fromPort", 90L, "toPort", 80L, "cidr", "0.0.0.0/0").contains("90-80"));
        assertTrue(rejection("protocol", "tcp", "fromPort", 80L, "cidr", "0.0.0.0/0").contains("needs port"));
        assertTrue(rejection("protocol", "all", "port", 80L, "cidr", "0.0.0.0/0").contains("every port"));
        assertTrue(rejection("protocol", "icmp", "port", 8L, "cidr", "0.0.0.0/0").contains("not port"));
        assertTrue(rejection("protocol", "icmp", "fromPort", 8L, "cidr", "0.0.0.0/0").contains("both"));
        assertTrue(rejection("protocol", "tcp", "port", 80L).contains("exactly one of"));
        assertTrue(rejection("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "ipv6Cidr", "::/0").contains("exactly one of"));
        assertTrue(rejection("protocol", "gre", "cidr", "0.0.0.0/0").contains("not gre"));
    }

    @Test
    void permissionExpandsIntoOneRulePerSource() {
        IpPermission p = IpPermission.builder().ipProtocol("tcp").fromPort(80).toPort(80)
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").description("web").build(),
                        IpRange.builder().cidrIp("10.0.0.0/8").build())
                .ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build())
                .userIdGroupPairs(UserIdGroupPair.builder().groupId("sg-1").userId("123456789012").description("lb").build())
                .build();
        List<Object> values = SecurityGroupRules.toValues(SecurityGroupRules.expand(List.of(p)));
        assertEquals(4, values.size());
        assertTrue(values.contains(rule("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "description", "web")));
        assertTrue(values.contains(rule("protocol", "tcp", "port", 80L, "cidr", "10.0.0.0/8")));
        assertTrue(values.contains(rule("protocol", "tcp", "port", 80L, "ipv6Cidr", "::/0")));
        assertTrue(values.contains(rule("protocol", "tcp", "port", 80L, "sourceSecurityGroupId", "sg-1", "description", "lb")));
    }

    @Test
    void protocolNumbersReadBackAsNames() {
        assertEquals("all", SecurityGroupRule.protocolName("-1"));
        assertEquals("tcp", SecurityGroupRule.protocolName("6"));
        assertEquals("udp", SecurityGroupRule.protocolName("17"));
        assertEquals("icmp", SecurityGroupRule.protocolName("1"));
        assertEquals("icmpv6", SecurityGroupRule.protocolName("58"));
        assertEquals("50", SecurityGroupRule.protocolName("50"));
    }

    @Test
    void writtenAndReadBackRulesRoundTrip() {
        List<Map<String, Object>> written = List.of(
                rule("protocol", "tcp", "port", 22L, "cidr", "203.0.113.0/24", "description", "SSH"),
                rule("protocol", "tcp", "fromPort", 8000L, "toPort", 8080L, "sourceSecurityGroupId", "sg-9"),
                rule("protocol", "icmp", "cidr", "10.0.0.0/8"),
                rule("protocol", "all", "ipv6Cidr", "::/0"));
        List<IpPermission> sent = SecurityGroupRules.permissions(SecurityGroupRules.parse(written, "ingress"));
        Property ingress = new SecurityGroupResource(null).schema().property("ingress").orElseThrow();
        assertTrue(Values.equivalent(ingress.type(), written, SecurityGroupRules.toValues(SecurityGroupRules.expand(sent))));
    }

    @Test
    void unsetEgressDefaultEqualsAwsDefaultRuleAsRead() {
        Property egress = new SecurityGroupResource(null).schema().property("egress").orElseThrow();
        IpPermission awsDefault = IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build();
        assertTrue(Values.equivalent(egress.type(), egress.defaultValue(),
                SecurityGroupRules.toValues(SecurityGroupRules.expand(List.of(awsDefault)))));
    }

    @Test
    void diffRevokesAuthorizesAndRedescribesOnlyTheDifference() {
        List<SecurityGroupRule> current = SecurityGroupRules.parse(List.of(
                rule("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "description", "old"),
                rule("protocol", "tcp", "port", 22L, "cidr", "0.0.0.0/0"),
                rule("protocol", "tcp", "port", 443L, "cidr", "0.0.0.0/0")), "ingress");
        List<SecurityGroupRule> desired = SecurityGroupRules.parse(List.of(
                rule("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "description", "new"),
                rule("protocol", "tcp", "port", 443L, "cidr", "0.0.0.0/0"),
                rule("protocol", "tcp", "port", 8443L, "cidr", "0.0.0.0/0")), "ingress");

        SecurityGroupRules.Changes c = SecurityGroupRules.diff(current, desired);

        assertEquals(List.of(22L), c.revoke().stream().map(SecurityGroupRule::fromPort).toList());
        assertEquals(List.of(8443L), c.authorize().stream().map(SecurityGroupRule::fromPort).toList());
        assertEquals(List.of("new"), c.redescribe().stream().map(SecurityGroupRule::description).toList());
        assertTrue(SecurityGroupRules.diff(desired, desired).isEmpty());
    }

    @Test
    void sameRuleWithTwoDescriptionsIsRejectedButExactRepeatsCollapse() {
        assertEquals(1, SecurityGroupRules.parse(List.of(
                rule("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0"),
                rule("protocol", "tcp", "fromPort", 80L, "toPort", 80L, "cidr", "0.0.0.0/0")), "ingress").size());
        ProviderException e = assertThrows(ProviderException.class, () -> SecurityGroupRules.parse(List.of(
                rule("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "description", "a"),
                rule("protocol", "tcp", "port", 80L, "cidr", "0.0.0.0/0", "description", "b")), "ingress"));
        assertTrue(e.getMessage().startsWith("ingress[1]"), e.getMessage());
    }
}
