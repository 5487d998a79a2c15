package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.stack.DiagnosticPrinter;
import dev.converge.stack.Stack;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The EC2 entries of the example stacks load against these types' schemas: every property name,
 * type, pattern and exactly-one-of group the stacks write is one the types declare.
 */
class Ec2StackSchemasTest {

    @TempDir
    Path dir;

    private Stack load(String stackFile) throws Exception {
        // Schemas only: the session is never asked for a client.
        AwsSession unused = new AwsSession(AwsSettings.defaults("ap-northeast-2"));
        try {
            return new StackLoader(Ec2StackFiles.ec2Types(unused)).load(Ec2StackFiles.writeEc2Part(stackFile, dir), VariableInputs.none());
        } catch (StackException e) {
            return fail(new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics()));
        }
    }

    @Test
    void elbHttpsEc2EntriesLoad() throws Exception {
        Stack s = load("elb-https.yaml");
        // vpc, subnets, os; two security groups and two instances (instanceCount defaults to 2).
        assertEquals(3, s.dataInstances().size());
        assertEquals(4, s.resourceInstances().size());
    }

    @Test
    void nginxCertbotEc2EntriesLoad() throws Exception {
        Stack s = load("nginx-certbot.yaml");
        assertEquals(2, s.dataInstances().size());
        assertEquals(3, s.resourceInstances().size());
    }
}
