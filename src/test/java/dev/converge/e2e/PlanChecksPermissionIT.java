package dev.converge.e2e;

import dev.converge.testing.Cli;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoSandbox;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Credentials that may launch instances but not DescribeInstanceTypeOfferings (a least-privilege CI
 * role) still plan: the instance check is skipped and the plan warns on each instance. AWS's answer
 * (HTTP 403, UnauthorizedOperation) is put back with WireMock in front of moto, reached as the sandbox.
 */
class PlanChecksPermissionIT {

    @RegisterExtension
    static final MotoSandbox<FaultProxy> sandbox = MotoSandbox.behindFaultProxy();

    @Test
    void aCheckTheCredentialsMayNotMakeIsAWarningNotAFailure() {
        sandbox.proxy().answerQueryAction("DescribeInstanceTypeOfferings",
                FaultProxy.ec2Error(403, "UnauthorizedOperation", "You are not authorized to perform this operation."));
        String stack = sandbox.stack("elb-https.yaml").toString();
        Cli.Result plan = sandbox.cli().run("plan", stack, "--sandbox", "--detailed-exitcode");
        assertEquals(2, plan.exitCode(), plan::toString);
        String warning = "# warning: instance type and image not checked before apply: UnauthorizedOperation: "
                + "You are not authorized to perform this operation.";
        assertEquals(2, plan.out().split(java.util.regex.Pattern.quote(warning), -1).length - 1, () -> "one per instance: " + plan);
        assertTrue(plan.out().contains("Plan: 10 to add"), plan::toString);
        assertFalse(plan.err().contains("error"), plan::toString);

        // The other checks still ran: a domain outside its zone fails the same plan.
        Cli.Result outside = sandbox.cli().run("plan", stack, "--sandbox", "--var", "domain=www.other.com");
        assertEquals(1, outside.exitCode(), outside::toString);
        assertTrue(outside.err().contains("certificate.domainName: 'www.other.com' is not inside the validation zone example.com"),
                outside::toString);
    }
}
