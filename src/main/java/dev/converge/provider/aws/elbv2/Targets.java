package dev.converge.provider.aws.elbv2;

import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * A target group's targets as a stack writes them: {@code "i-0abc"} (the group's port),
 * {@code "i-0abc:8080"} (another port), {@code "10.0.1.5:80"} or {@code "[2001:db8::5]:80"} for IP
 * targets. The canonical form leaves the port out when it is the group's own, which is how a
 * target is read back.
 */
final class Targets {

    /** One registration: a target id and the port it receives traffic on. */
    record Target(String id, long port) {
        TargetDescription sdk() {
            return TargetDescription.builder().id(id).port((int) port).build();
        }
    }

    /** Health states and reasons of a target that is leaving (or has left) the group. */
    private static final Set<String> LEAVING_STATES = Set.of("draining", "unhealthy.draining");
    private static final Set<String> LEAVING_REASONS = Set.of("Target.DeregistrationInProgress", "Target.NotRegistered");

    private Targets() {
    }

    static Target parse(String text, long groupPort) {
        String s = text.trim();
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) throw new IllegalArgumentException("target " + text + ": missing ]");
            String id = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) return new Target(id, groupPort);
            if (!rest.startsWith(":")) throw new IllegalArgumentException("target " + text + ": expected :port after ]");
            return new Target(id, port(text, rest.substring(1)));
        }
        int colon = s.indexOf(':');
        // An IPv6 address without brackets has many colons and no port.
        if (colon < 0 || s.indexOf(':', colon + 1) >= 0) return new Target(s, groupPort);
        return new Target(s.substring(0, colon), port(text, s.substring(colon + 1)));
    }

    private static long port(String text, String digits) {
        try {
            long port = Long.parseLong(digits);
            if (port < 1 || port > 65535) throw new NumberFormatException();
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target " + text + ": the port must be a number from 1 to 65535");
        }
    }

    static String format(Target t, long groupPort) {
        if (t.port() == groupPort) return t.id();
        return (t.id().contains(":") ? "[" + t.id() + "]" : t.id()) + ":" + t.port();
    }

    static Set<Target> parseAll(Collection<?> texts, long groupPort) {
        Set<Target> out = new LinkedHashSet<>();
        if (texts != null) for (Object t : texts) out.add(parse(String.valueOf(t), groupPort));
        return out;
    }

    /** The registered targets, in canonical form and sorted; those draining away are not counted. */
    static List<String> present(Collection<TargetHealthDescription> health, long groupPort) {
        TreeSet<String> out = new TreeSet<>();
        for (Target t : presentTargets(health)) out.add(format(t, groupPort));
        return new ArrayList<>(out);
    }

    static Set<Target> presentTargets(Collection<TargetHealthDescription> health) {
        Set<Target> out = new LinkedHashSet<>();
        for (TargetHealthDescription d : health) {
            if (isLeaving(d.targetHealth())) continue;
            out.add(new Target(d.target().id(), d.target().port()));
        }
        return out;
    }

    private static boolean isLeaving(TargetHealth h) {
        if (h == null) return false;
        // Set.of(...).contains(null) throws; a healthy target has no reason.
        String state = h.stateAsString();
        String reason = h.reasonAsString();
        return (state != null && LEAVING_STATES.contains(state)) || (reason != null && LEAVING_REASONS.contains(reason));
    }

    /** What to register: desired targets not present. */
    static List<Target> toRegister(Set<Target> desired, Set<Target> present) {
        List<Target> out = new ArrayList<>();
        for (Target t : desired) if (!present.contains(t)) out.add(t);
        return out;
    }

    /** What to deregister: present targets not desired. */
    static List<Target> toDeregister(Set<Target> desired, Set<Target> present) {
        return toRegister(present, desired);
    }
}
