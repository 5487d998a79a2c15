package dev.converge.e2e;

import dev.converge.testing.Cli;
import dev.converge.testing.ConvergeProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Three small things a first session runs into, against the sandbox: {@code --debug} written before
 * the command (where the docs put it) logs the AWS calls; {@code output} and {@code state} read the
 * state without asking for variables; destroy without a terminal says what to do instead.
 */
class GlobalOptionsAndStateReadsIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    /** A variable without a default, as a stack meant for several environments has. */
    private static final String STACK = """
            stack: cli-findings
            region: ap-northeast-2
            variables:
              suffix:
                type: string
            data:
              vpc:
                type: aws.ec2.DefaultVpc
            resources:
              group:
                type: aws.ec2.SecurityGroup
                properties:
                  name: cli-findings-${var.suffix}
                  description: one group
                  vpcId: ${data.vpc.id}
            outputs:
              groupName:
                value: cli-findings-${var.suffix}
            """;

    @Test
    void globalOptionsBeforeTheCommandStateReadsWithoutVariablesAndDestroyAdvice() throws Exception {
        Path stack = Files.writeString(sandbox.dir.resolve("findings.yaml"), STACK);
        sandbox.expect(0, "apply", stack.toString(), "--sandbox", "--auto-approve", "--var", "suffix=a");

        // output and state only read the state: no value for `suffix` is needed.
        Cli.Result output = sandbox.expect(0, "output", stack.toString(), "--sandbox", "groupName");
        assertEquals("cli-findings-a", output.out().lines().filter(l -> !l.contains("sandbox")).reduce((a, b) -> b).orElse(""),
                output::toString);
        Cli.Result show = sandbox.expect(0, "state", "show", stack.toString(), "group", "--sandbox");
        assertTrue(show.out().contains("sg-"), show::toString);
        sandbox.expect(0, "state", "list", stack.toString(), "--sandbox");
        // Commands that plan still need it, and say so.
        Cli.Result plan = sandbox.expect(1, "plan", stack.toString(), "--sandbox");
        assertTrue(plan.err().contains("variable 'suffix' has no value"), plan::toString);

        // No terminal in a test: destroy refuses, and points at what destroy does take.
        Cli.Result refused = sandbox.expect(1, "destroy", stack.toString(), "--sandbox", "--var", "suffix=a");
        assertTrue(refused.err().contains("pass --auto-approve, or save a destroy plan with `converge plan "), refused::toString);
        assertTrue(refused.err().contains("--destroy --out FILE` and run `converge apply FILE`"), refused::toString);
        assertFalse(refused.err().contains("apply a saved plan"), refused::toString);

        // --debug before the command, as the docs write it, in a process of its own (the log goes to stderr).
        Map<String, String> env = Map.of("CONVERGE_HOME", sandbox.dir.resolve("home").toString());
        for (String[] args : new String[][] {
                {"--debug", "plan", stack.toString(), "--sandbox", "--var", "suffix=a"},
                {"plan", "--debug", stack.toString(), "--sandbox", "--var", "suffix=a"}}) {
            try (ConvergeProcess p = ConvergeProcess.start(sandbox.dir, env, args)) {
                assertEquals(0, p.waitFor(Duration.ofSeconds(120)), p::output);
                assertTrue(p.output().contains("debug: aws Ec2.DescribeSecurityGroups"), p::output);
            }
        }

        sandbox.expect(0, "destroy", stack.toString(), "--sandbox", "--auto-approve", "--var", "suffix=a");
    }
}
