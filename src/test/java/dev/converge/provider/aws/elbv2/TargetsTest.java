package dev.converge.provider.aws.elbv2;

import dev.converge.provider.aws.elbv2.Targets.Target;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealth;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TargetsTest {

    @Test
    void parsesInstancesIpv4AndIpv6WithOrWithoutPort() {
        assertEquals(new Target("i-0abc", 80), Targets.parse("i-0abc", 80));
        assertEquals(new Target("i-0abc", 8080), Targets.parse("i-0abc:8080", 80));
        assertEquals(new Target("10.0.1.5", 443), Targets.parse("10.0.1.5:443", 80));
        assertEquals(new Target("2001:db8::5", 80), Targets.parse("2001:db8::5", 80));
        assertEquals(new Target("2001:db8::5", 9000), Targets.parse("[2001:db8::5]:9000", 80));
        assertThrows(IllegalArgumentException.class, () -> Targets.parse("i-0abc:http", 80));
        assertThrows(IllegalArgumentException.class, () -> Targets.parse("i-0abc:70000", 80));
    }

    @Test
    void canonicalFormLeavesOutTheGroupsPort() {
        assertEquals("i-0abc", Targets.format(new Target("i-0abc", 80), 80));
        assertEquals("i-0abc:8080", Targets.format(new Target("i-0abc", 8080), 80));
        assertEquals("[2001:db8::5]:9000", Targets.format(new Target("2001:db8::5", 9000), 80));
        // "i-0abc:80" in a group on port 80 is the same registration as "i-0abc".
        assertEquals(Targets.parse("i-0abc:80", 80), Targets.parse("i-0abc", 80));
    }

    @Test
    void drainingAndDeregisteredTargetsAreNotPresent() {
        List<TargetHealthDescription> health = List.of(
                health("i-b", 80, "healthy", null),
                health("i-a", 8080, "initial", "Elb.RegistrationInProgress"),
                health("i-c", 80, "draining", "Target.DeregistrationInProgress"),
                health("i-d", 80, "unused", "Target.NotRegistered"),
                health("i-e", 80, "unused", "Target.NotInUse"),
                health("i-f", 80, "unhealthy.draining", null));
        assertEquals(List.of("i-a:8080", "i-b", "i-e"), Targets.present(health, 80));
    }

    @Test
    void differenceOnly() {
        Set<Target> present = Targets.parseAll(List.of("i-a", "i-b", "i-c:8080"), 80);
        Set<Target> desired = Targets.parseAll(List.of("i-b", "i-c:8081", "i-d:80"), 80);
        assertEquals(List.of(new Target("i-c", 8081), new Target("i-d", 80)), Targets.toRegister(desired, present));
        assertEquals(List.of(new Target("i-a", 80), new Target("i-c", 8080)), Targets.toDeregister(desired, present));
    }

    private static TargetHealthDescription health(String id, int port, String state, String reason) {
        return TargetHealthDescription.builder()
                .target(TargetDescription.builder().id(id).port(port).build())
                .targetHealth(TargetHealth.builder().state(state).reason(reason).build())
                .build();
    }
}
