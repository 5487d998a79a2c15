package dev.converge.provider.aws.ec2;

import dev.converge.apply.ApplyResult;
import dev.converge.engine.Engine;
import dev.converge.engine.PlanOptions;
import dev.converge.engine.StopSignal;
import dev.converge.execution.EngineSettings;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.provider.TypeRegistry;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import dev.converge.state.LocalStateStore;
import dev.converge.state.State;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The EC2 part of the example stacks through the real engine against moto: apply, then an
 * unchanged stack plans no changes (defaults such as the egress rule, AWS-chosen subnets and
 * unread user data all agree), an edit plans exactly that edit, and destroy leaves nothing.
 */
class Ec2StackIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();
    private TypeRegistry registry;
    private final EngineSettings settings = EngineSettings.forSandbox()
            .withRetry(Duration.ofMillis(50), Duration.ofMillis(200), Duration.ofSeconds(5));

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        registry = Ec2StackFiles.ec2Types(moto.session());
    }

    private Stack load(Path file, Map<String, String> vars) {
        return new StackLoader(registry).load(file, new VariableInputs(vars, List.of(), Map.of()));
    }

    private LocalStateStore store() {
        return new LocalStateStore(dir.resolve("state.json"));
    }

    private State state(Stack stack) {
        return store().read().orElseGet(() -> State.empty(stack.name()));
    }

    private Engine engine() {
        return new Engine(registry, settings, text -> { });
    }

    private Plan plan(Stack stack, boolean destroy) {
        return engine().plan(stack, state(stack), PlanOptions.of(destroy)).plan();
    }

    private ApplyResult apply(Stack stack, boolean destroy) {
        // The engine writes through the store that read the state: it checks nobody wrote in between.
        LocalStateStore store = store();
        State state = store.read().orElseGet(() -> State.empty(stack.name()));
        Engine engine = engine();
        ApplyResult result = engine.apply(engine.plan(stack, state, PlanOptions.of(destroy)), store, StopSignal.NONE).result();
        assertTrue(result.succeeded(), result.failures().toString());
        return result;
    }

    private static List<ResourceChange> changes(Plan plan) {
        return plan.changes().stream().filter(ResourceChange::isChange).toList();
    }

    @Test
    void nginxCertbotConvergesUpdatesInPlaceAndDestroys() throws Exception {
        Path file = Ec2StackFiles.writeEc2Part("nginx-certbot.yaml", dir);
        Stack stack = load(file, Map.of());

        assertEquals(3, apply(stack, false).added());
        assertEquals(List.of(), changes(plan(stack, false)), "an unchanged stack plans no changes");

        Stack bigger = load(file, Map.of("instanceType", "t3.small", "sshCidr", "203.0.113.0/24"));
        List<ResourceChange> edit = changes(plan(bigger, false));
        assertEquals(List.of("securityGroup", "server"), edit.stream().map(ResourceChange::address).sorted().toList());
        assertTrue(edit.stream().allMatch(c -> c.action() == Action.UPDATE), edit.toString());
        assertEquals(2, apply(bigger, false).changed(), "security group rules and instance type changed in place");
        assertEquals(List.of(), changes(plan(bigger, false)));

        apply(bigger, true);
        assertFalse(plan(bigger, true).hasChanges());
        assertTrue(moto.session().ec2().describeAddresses().addresses().isEmpty());
        assertTrue(moto.session().ec2().describeSecurityGroups(r -> r.filters(f -> f.name("tag:converge:stack").values("nginx-certbot")))
                .securityGroups().isEmpty());
    }

    @Test
    void elbHttpsEc2PartConverges() throws Exception {
        Path file = Ec2StackFiles.writeEc2Part("elb-https.yaml", dir);
        Stack stack = load(file, Map.of());

        assertEquals(4, apply(stack, false).added());
        assertEquals(List.of(), changes(plan(stack, false)), "an unchanged stack plans no changes");

        apply(stack, true);
        assertFalse(plan(stack, true).hasChanges());
    }
}
