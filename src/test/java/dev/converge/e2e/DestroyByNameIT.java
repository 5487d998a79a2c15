package dev.converge.e2e;

import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code converge destroy --stack NAME} in the sandbox, without a loadable stack file: once with the
 * file broken (the target's state next to it orders the deletions), once with the file and its state
 * both gone (what carries the stack's proven ownership is found in every type and ordered by type).
 */
class DestroyByNameIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    @Test
    void destroysFromTheStateWhenTheFileIsBrokenAndFromProofsWhenBothAreGone() throws Exception {
        Path file = sandbox.stack("elb-https.yaml");
        String original = Files.readString(file);
        sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");

        Files.writeString(file, "stack: elb-https\nresources: [unclosed\n");
        Cli.Result broken = sandbox.expect(1, "destroy", file.toString(), "--sandbox", "--auto-approve");
        assertTrue(broken.err().contains("YAML syntax error"), broken::toString);
        Cli.Result noRegion = sandbox.expect(1, "destroy", "--stack", "elb-https", file.toString(), "--sandbox", "--auto-approve");
        assertTrue(noRegion.err().contains("destroy --stack needs --region"), noRegion::toString);
        Cli.Result noFile = sandbox.expect(1, "destroy", "--sandbox", "--auto-approve");
        assertTrue(noFile.err().contains("missing STACK"), noFile::toString);

        Cli.Result destroyed = sandbox.expect(0, "destroy", "--stack", "elb-https", file.toString(), "--region", "ap-northeast-2",
                "--sandbox", "--auto-approve");
        assertTrue(destroyed.out().contains("# https will be destroyed"), destroyed::toString);
        assertTrue(destroyed.out().contains("Destroy complete: 10 destroyed"), destroyed::toString);
        assertTrue(destroyed.out().contains("Nothing owned by stack elb-https remains."), destroyed::toString);
        assertNothingTagged();

        // Again, then lose both the file and its state: the proofs alone name what to delete.
        Files.writeString(file, original);
        sandbox.expect(0, "apply", file.toString(), "--sandbox", "--auto-approve");
        Files.delete(file);
        deleteTree(file.getParent().resolve(".converge"));
        Cli.Result fromProofs = sandbox.expect(0, "destroy", "--stack", "elb-https", file.toString(), "--region", "ap-northeast-2",
                "--sandbox", "--auto-approve");
        assertTrue(fromProofs.out().contains("Destroy complete: 10 destroyed"), fromProofs::toString);
        assertTrue(fromProofs.out().contains("Nothing owned by stack elb-https remains."), fromProofs::toString);
        assertNothingTagged();
    }

    private static void assertNothingTagged() {
        assertEquals(0, sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag:converge:stack,Values=elb-https")
                .path("SecurityGroups").size(), "no security group of the stack is left");
        var reservations = sandbox.aws.json("ec2", "describe-instances", "--filters", "Name=tag:converge:stack,Values=elb-https",
                "Name=instance-state-name,Values=pending,running,stopping,stopped").path("Reservations");
        assertEquals(0, reservations.size(), "no instance of the stack is left");
        assertEquals(0, sandbox.aws.json("elbv2", "describe-load-balancers").path("LoadBalancers").size(), "no load balancer is left");
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.delete(f);
        }
    }
}
