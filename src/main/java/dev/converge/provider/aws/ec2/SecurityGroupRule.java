package dev.converge.provider.aws.ec2;

import dev.converge.provider.ProviderException;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One security group rule in the shape users write: one protocol, one port range, one source.
 * AWS groups rules into IpPermissions (one range, many sources); {@link #expand} splits them back
 * so that what is read compares one-to-one with what is written.
 *
 * <p>Internally a single port is a range with {@code fromPort == toPort}; ICMP "all types" is
 * {@code -1/-1}, as AWS stores it; protocol "all" has no ports.
 *
 * @param protocol tcp, udp, icmp, icmpv6, all, or another IP protocol number as AWS reports it
 */
record SecurityGroupRule(String protocol, Long fromPort, Long toPort, String cidr, String ipv6Cidr,
                         String sourceSecurityGroupId, String description) {

    static final String ALL = "all";

    /** A rule's identity in AWS: everything but the description, which can change in place. */
    record Key(String protocol, Long fromPort, Long toPort, String cidr, String ipv6Cidr, String sourceSecurityGroupId) {
    }

    Key key() {
        return new Key(protocol, fromPort, toPort, cidr, ipv6Cidr, sourceSecurityGroupId);
    }

    SecurityGroupRule withDescription(String d) {
        return new SecurityGroupRule(protocol, fromPort, toPort, cidr, ipv6Cidr, sourceSecurityGroupId, d);
    }

    /**
     * Parses and checks a rule as written in a stack ({@code where} names it in errors, e.g.
     * "ingress[2]"). The schema already checked types and the one-source rule; the port rules
     * depend on the protocol, so they are checked here, before any call reaches AWS.
     */
    static SecurityGroupRule parse(Map<String, Object> rule, String where) {
        String protocol = String.valueOf(rule.get("protocol")).toLowerCase(Locale.ROOT);
        Long port = number(rule.get("port"));
        Long from = number(rule.get("fromPort"));
        Long to = number(rule.get("toPort"));
        String cidr = (String) rule.get("cidr");
        String ipv6Cidr = (String) rule.get("ipv6Cidr");
        String group = (String) rule.get("sourceSecurityGroupId");
        int sources = (cidr != null ? 1 : 0) + (ipv6Cidr != null ? 1 : 0) + (group != null ? 1 : 0);
        if (sources != 1) throw invalid(where, "needs exactly one of cidr, ipv6Cidr, sourceSecurityGroupId");
        String description = (String) rule.get("description");
        if (description != null && description.isEmpty()) description = null;
        switch (protocol) {
            case ALL -> {
                if (port != null || from != null || to != null) throw invalid(where, "protocol all covers every port: remove port/fromPort/toPort");
            }
            case "tcp", "udp" -> {
                if (port != null && (from != null || to != null)) throw invalid(where, "set port or fromPort and toPort, not both");
                if (port != null) {
                    from = port;
                    to = port;
                } else if (from == null || to == null) {
                    throw invalid(where, "protocol " + protocol + " needs port, or fromPort and toPort");
                }
                if (from < 0 || to > 65535 || from > to) throw invalid(where, "port range " + from + "-" + to + " is not within 0-65535 in order");
            }
            case "icmp", "icmpv6" -> {
                // For ICMP the two numbers are a type and a code, not a range: "port" would mislead.
                if (port != null) throw invalid(where, "protocol " + protocol + " takes fromPort (ICMP type) and toPort (ICMP code), not port");
                if ((from == null) != (to == null)) throw invalid(where, "set both fromPort (ICMP type) and toPort (ICMP code), or neither for all ICMP");
                if (from == null) {
                    from = -1L;
                    to = -1L;
                }
            }
            default -> throw invalid(where, "protocol must be tcp, udp, icmp, icmpv6 or all, not " + protocol);
        }
        return new SecurityGroupRule(protocol, from, to, cidr, ipv6Cidr, group, description);
    }

    /** The rule in the schema's shape: what users write, and what read returns. */
    Map<String, Object> toValue() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("protocol", protocol);
        boolean icmp = protocol.equals("icmp") || protocol.equals("icmpv6");
        if (fromPort != null && toPort != null) {
            if (icmp) {
                if (fromPort != -1 || toPort != -1) {
                    out.put("fromPort", fromPort);
                    out.put("toPort", toPort);
                }
            } else if (fromPort.equals(toPort)) {
                out.put("port", fromPort);
            } else {
                out.put("fromPort", fromPort);
                out.put("toPort", toPort);
            }
        }
        if (cidr != null) out.put("cidr", cidr);
        if (ipv6Cidr != null) out.put("ipv6Cidr", ipv6Cidr);
        if (sourceSecurityGroupId != null) out.put("sourceSecurityGroupId", sourceSecurityGroupId);
        if (description != null) out.put("description", description);
        return out;
    }

    /** The rule as one AWS permission with a single source. */
    IpPermission toIpPermission() {
        IpPermission.Builder b = IpPermission.builder().ipProtocol(protocol.equals(ALL) ? "-1" : protocol);
        if (fromPort != null) b.fromPort(fromPort.intValue());
        if (toPort != null) b.toPort(toPort.intValue());
        if (cidr != null) b.ipRanges(IpRange.builder().cidrIp(cidr).description(description).build());
        if (ipv6Cidr != null) b.ipv6Ranges(Ipv6Range.builder().cidrIpv6(ipv6Cidr).description(description).build());
        if (sourceSecurityGroupId != null) {
            b.userIdGroupPairs(UserIdGroupPair.builder().groupId(sourceSecurityGroupId).description(description).build());
        }
        return b.build();
    }

    /**
     * One rule per source of an AWS permission. Prefix-list sources are not part of the rule
     * shape and are left out.
     */
    static List<SecurityGroupRule> expand(IpPermission p) {
        String protocol = protocolName(p.ipProtocol());
        boolean ported = !protocol.equals(ALL) && p.fromPort() != null && p.toPort() != null;
        Long from = ported ? (long) p.fromPort() : null;
        Long to = ported ? (long) p.toPort() : null;
        List<SecurityGroupRule> out = new ArrayList<>();
        for (IpRange r : p.ipRanges()) out.add(new SecurityGroupRule(protocol, from, to, r.cidrIp(), null, null, blankToNull(r.description())));
        for (Ipv6Range r : p.ipv6Ranges()) out.add(new SecurityGroupRule(protocol, from, to, null, r.cidrIpv6(), null, blankToNull(r.description())));
        for (UserIdGroupPair g : p.userIdGroupPairs()) {
            out.add(new SecurityGroupRule(protocol, from, to, null, null, g.groupId(), blankToNull(g.description())));
        }
        return out;
    }

    /** AWS answers with names for some protocols and numbers for others, depending on how they were written. */
    static String protocolName(String awsProtocol) {
        String p = awsProtocol.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "-1" -> ALL;
            case "6" -> "tcp";
            case "17" -> "udp";
            case "1" -> "icmp";
            case "58" -> "icmpv6";
            default -> p;
        };
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    private static Long number(Object v) {
        if (v == null) return null;
        if (v instanceof Number n) return n.longValue();
        return Long.parseLong(String.valueOf(v));
    }

    private static ProviderException invalid(String where, String problem) {
        return new ProviderException("InvalidRule", where + ": " + problem, false);
    }
}
