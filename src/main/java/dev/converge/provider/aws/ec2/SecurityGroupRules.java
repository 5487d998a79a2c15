package dev.converge.provider.aws.ec2;

import dev.converge.provider.ProviderException;
import software.amazon.awssdk.services.ec2.model.IpPermission;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The rule sets of one direction (ingress or egress): parsing, reading back, and the difference. */
final class SecurityGroupRules {

    private SecurityGroupRules() {
    }

    /** The rules a stack wrote, checked ({@code direction} names them in errors). */
    @SuppressWarnings("unchecked")
    static List<SecurityGroupRule> parse(Object value, String direction) {
        List<SecurityGroupRule> out = new ArrayList<>();
        if (!(value instanceof List<?> list)) return out;
        Map<SecurityGroupRule.Key, SecurityGroupRule> byKey = new LinkedHashMap<>();
        List<Map<String, Object>> written = new ArrayList<>();
        List<String> places = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            for (Map<String, Object> one : oneSourceEach((Map<String, Object>) list.get(i))) {
                written.add(one);
                places.add(direction + "[" + i + "]");
            }
        }
        for (int i = 0; i < written.size(); i++) {
            String where = places.get(i);
            SecurityGroupRule rule = SecurityGroupRule.parse(written.get(i), where);
            SecurityGroupRule same = byKey.putIfAbsent(rule.key(), rule);
            if (same == null) {
                out.add(rule);
            } else if (!same.equals(rule)) {
                // AWS keeps one rule per protocol, range and source: two descriptions cannot both win.
                throw new ProviderException("InvalidRule", where + ": the same rule is written twice with different descriptions", false);
            }
        }
        return out;
    }

    /** A rule written with {@code cidrs} is one rule per range (none for an empty list); any other is itself. */
    private static List<Map<String, Object>> oneSourceEach(Map<String, Object> rule) {
        if (!(rule.get("cidrs") instanceof List<?> cidrs)) return List.of(rule);
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object cidr : cidrs) {
            Map<String, Object> one = new LinkedHashMap<>(rule);
            one.remove("cidrs");
            one.put("cidr", cidr);
            out.add(one);
        }
        return out;
    }

    /** Every rule of AWS's permissions, one per source, in a stable order. */
    static List<SecurityGroupRule> expand(Collection<IpPermission> permissions) {
        List<SecurityGroupRule> out = new ArrayList<>();
        for (IpPermission p : permissions) out.addAll(SecurityGroupRule.expand(p));
        out.sort(Comparator.comparing(r -> r.toValue().toString()));
        return out;
    }

    static List<Object> toValues(List<SecurityGroupRule> rules) {
        List<Object> out = new ArrayList<>();
        for (SecurityGroupRule r : rules) out.add(r.toValue());
        return out;
    }

    static List<IpPermission> permissions(Collection<SecurityGroupRule> rules) {
        return rules.stream().map(SecurityGroupRule::toIpPermission).toList();
    }

    /** What to revoke, authorize, and re-describe to turn {@code current} into {@code desired}. */
    static Changes diff(Collection<SecurityGroupRule> current, Collection<SecurityGroupRule> desired) {
        Map<SecurityGroupRule.Key, SecurityGroupRule> have = new LinkedHashMap<>();
        for (SecurityGroupRule r : current) have.put(r.key(), r);
        Map<SecurityGroupRule.Key, SecurityGroupRule> want = new LinkedHashMap<>();
        for (SecurityGroupRule r : desired) want.put(r.key(), r);
        List<SecurityGroupRule> revoke = new ArrayList<>();
        List<SecurityGroupRule> authorize = new ArrayList<>();
        List<SecurityGroupRule> describe = new ArrayList<>();
        have.forEach((k, r) -> {
            if (!want.containsKey(k)) revoke.add(r);
        });
        want.forEach((k, r) -> {
            SecurityGroupRule existing = have.get(k);
            if (existing == null) authorize.add(r);
            else if (!existing.equals(r)) describe.add(r);
        });
        return new Changes(revoke, authorize, describe);
    }

    /**
     * @param redescribe rules that exist with another description: changed in place, so traffic
     *                   they allow never stops
     */
    record Changes(List<SecurityGroupRule> revoke, List<SecurityGroupRule> authorize, List<SecurityGroupRule> redescribe) {
        boolean isEmpty() {
            return revoke.isEmpty() && authorize.isEmpty() && redescribe.isEmpty();
        }
    }
}
