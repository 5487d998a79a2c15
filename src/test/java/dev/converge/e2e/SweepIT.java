package dev.converge.e2e;

import dev.converge.cost.Money;
import dev.converge.cost.PriceCatalogue;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code converge sweep} in the sandbox: a stack declared by a file here (elb-https, in
 * ap-northeast-2) and a leaked one in a second region whose file is elsewhere (scratch, in
 * us-east-1, with an Elastic IP associated with nothing); then {@code --delete} leaves nothing of it
 * but an instance someone else tagged as its own, which sweep reports as not proven and never deletes.
 */
class SweepIT {

    private static final PriceCatalogue CATALOGUE = PriceCatalogue.bundled();

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static final String SCRATCH = """
            stack: scratch
            region: us-east-1
            data:
              ubuntu:
                type: aws.ec2.Ami
                properties:
                  owners: ["099720109477"]
                  namePattern: ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*
            resources:
              box:
                type: aws.ec2.Instance
                properties:
                  ami: ${data.ubuntu.id}
                  instanceType: t3.micro
                  rootVolumeSize: 8
              spare:
                type: aws.ec2.ElasticIp
            """;

    private static BigDecimal usEast1(String key) {
        return CATALOGUE.find("us-east-1", key).orElseThrow().usd();
    }

    @Test
    void findsTheLeakedStackInAnotherRegionPricesItAndDeletesIt() throws Exception {
        String elb = sandbox.stack("elb-https.yaml").toString();
        sandbox.expect(0, "apply", elb, "--sandbox", "--auto-approve");
        // Named unlike its stack: a file claims the stack it declares, whatever the file is called.
        Path elsewhere = Files.createTempDirectory("converge-scratch").resolve("experiment.yaml");
        Files.writeString(elsewhere, SCRATCH);
        sandbox.expect(0, "apply", elsewhere.toString(), "--sandbox", "--auto-approve");

        // A root volume an old stack left behind, attached to nothing.
        var volume = new dev.converge.testing.AwsCli(sandbox.endpoint, "us-east-1").json("ec2", "create-volume", "--size", "20",
                "--volume-type", "gp3", "--availability-zone", "us-east-1a",
                "--tag-specifications", "ResourceType=volume,Tags=[{Key=converge:stack,Value=old-experiment}]");
        String volumeId = volume.path("VolumeId").asText();

        Cli.Result swept = sandbox.expect(0, "sweep", elb, "--sandbox", "--region", "ap-northeast-2", "--region", "us-east-1");
        BigDecimal idleVolume = usEast1("ebs.gp3").multiply(BigDecimal.valueOf(20));
        assertTrue(swept.out().contains("volume " + volumeId + " (20 GB gp3) attached to nothing (stack old-experiment, us-east-1): "
                + Money.amount(idleVolume) + "/month"), swept::toString);
        BigDecimal hours = BigDecimal.valueOf(CATALOGUE.hoursPerMonth());
        BigDecimal address = usEast1("vpc.publicIpv4Hour").multiply(hours);
        BigDecimal scratch = usEast1("ec2.linux.t3.micro").multiply(hours).add(usEast1("ebs.gp3").multiply(BigDecimal.valueOf(8)))
                .add(address).add(address);
        assertTrue(swept.out().contains("scratch (us-east-1): 2 resources, " + Money.amount(scratch) + "/month  LEAKED: no stack file here declares it"),
                swept::toString);
        assertTrue(swept.out().contains("elb-https (ap-northeast-2): 10 resources, "), swept::toString);
        assertTrue(swept.out().contains("declared in "), swept::toString);
        assertTrue(swept.out().contains("associated with nothing (stack scratch, us-east-1): " + Money.amount(address) + "/month"), swept::toString);
        assertTrue(swept.out().contains("remove it: converge sweep --delete scratch --region us-east-1"), swept::toString);

        Cli.Result refused = sandbox.expect(1, "sweep", elb, "--sandbox", "--region", "ap-northeast-2", "--delete", "elb-https", "--auto-approve");
        assertTrue(refused.err().contains("is declared in"), refused::toString);

        // Someone with tagging rights only marks an instance of theirs as scratch's box: a claim, not a proof.
        var usEast1 = new dev.converge.testing.AwsCli(sandbox.endpoint, "us-east-1");
        String ami = usEast1.json("ec2", "describe-instances", "--filters", "Name=tag:converge:stack,Values=scratch")
                .path("Reservations").get(0).path("Instances").get(0).path("ImageId").asText();
        String forged = usEast1.json("ec2", "run-instances", "--image-id", ami, "--instance-type", "t3.micro",
                "--tag-specifications", "ResourceType=instance,Tags=[{Key=converge:stack,Value=scratch},{Key=converge:id,Value=box}]")
                .path("Instances").get(0).path("InstanceId").asText();
        Cli.Result claimed = sandbox.expect(0, "sweep", elb, "--sandbox", "--region", "us-east-1");
        assertTrue(claimed.out().lines().anyMatch(l -> l.contains(forged) && l.contains("not proven: never deleted by sweep")), claimed::toString);

        // A root volume an earlier box of scratch left behind: it carries a proof made with scratch's key, so
        // sweep --delete scratch deletes it. A copy of the live box's tags on another volume is not proven.
        byte[] key = java.util.Base64.getDecoder().decode(usEast1.json("ssm", "get-parameter", "--name", "/converge/scratch/ownership-key",
                "--with-decryption").path("Parameter").path("Value").asText());
        String strayProof = dev.converge.provider.OwnershipProof.sign(key, "scratch", "box", "0123456789abcdef0123456789abcdef");
        String stray = volume(usEast1, "scratch", "box", strayProof);
        String boxProof = tagOf(usEast1.json("ec2", "describe-instances", "--instance-ids", boxId(usEast1, forged))
                .path("Reservations").get(0).path("Instances").get(0), "converge:proof");
        String copied = volume(usEast1, "scratch", "box", boxProof);
        Cli.Result volumes = sandbox.expect(0, "sweep", elb, "--sandbox", "--region", "us-east-1");
        assertTrue(volumes.out().lines().anyMatch(l -> l.contains(stray) && l.contains("deleted with the stack by sweep --delete scratch")),
                volumes::toString);
        assertTrue(volumes.out().lines().anyMatch(l -> l.contains(copied) && l.contains("not proven: never deleted by sweep")), volumes::toString);

        Cli.Result deleted = sandbox.expect(0, "sweep", elb, "--sandbox", "--region", "ap-northeast-2", "--region", "us-east-1",
                "--delete", "scratch", "--auto-approve");
        assertTrue(deleted.out().contains("Nothing owned by stack scratch remains."), deleted::toString);
        assertTrue(deleted.out().contains("Destroy stops an estimated " + Money.amount(scratch) + "/month."), deleted::toString);
        assertTrue(deleted.out().contains("- deleted volume " + stray), deleted::toString);
        assertTrue(deleted.out().contains("No stray volume of the stack remains."), deleted::toString);
        assertTrue(usEast1.json("ec2", "describe-volumes", "--filters", "Name=volume-id,Values=" + stray).path("Volumes").isEmpty(),
                "the proven stray volume is gone");
        assertEquals(1, usEast1.json("ec2", "describe-volumes", "--filters", "Name=volume-id,Values=" + copied).path("Volumes").size(),
                "the copy of a live proof survives");
        assertEquals(1, usEast1.json("ec2", "describe-volumes", "--filters", "Name=volume-id,Values=" + volumeId).path("Volumes").size(),
                "a volume without proof survives");
        Cli.Result after = sandbox.expect(0, "sweep", elb, "--sandbox", "--region", "ap-northeast-2", "--region", "us-east-1");
        // Only the forged claim is left of scratch, untouched.
        assertTrue(after.out().contains("scratch (us-east-1): 1 resource, "), after::toString);
        assertTrue(after.out().lines().anyMatch(l -> l.contains(forged) && l.contains("not proven")), after::toString);
        assertFalse(after.out().contains("spare"), after::toString);
        assertEquals("running", usEast1.json("ec2", "describe-instances", "--instance-ids", forged).path("Reservations").get(0)
                .path("Instances").get(0).path("State").path("Name").asText(), "the forged claim survives sweep --delete");
        // Once its file is not at hand (only scratch's is named), elb-https is a leak too: deleted in dependency
        // order (listeners before the load balancer, instances before their security group) without its file.
        Cli.Result elbDeleted = sandbox.expect(0, "sweep", elsewhere.toString(), "--sandbox", "--region", "ap-northeast-2",
                "--delete", "elb-https", "--auto-approve");
        assertTrue(elbDeleted.out().contains("Destroy complete: 10 destroyed"), elbDeleted::toString);
        assertTrue(elbDeleted.out().contains("Nothing owned by stack elb-https remains."), elbDeleted::toString);

        // A stack of which only a root volume is left (its key still there): nothing to confirm in a destroy
        // listing, so the volume is deleted only with --auto-approve.
        byte[] ghostKey = "converge-sweep-test-key-00000001".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        usEast1.json("ssm", "put-parameter", "--name", "/converge/ghost/ownership-key", "--type", "SecureString",
                "--value", java.util.Base64.getEncoder().encodeToString(ghostKey));
        String ghostVolume = volume(usEast1, "ghost", "server",
                dev.converge.provider.OwnershipProof.sign(ghostKey, "ghost", "server", "fedcba9876543210fedcba9876543210"));
        Cli.Result unconfirmed = sandbox.expect(1, "sweep", elb, "--sandbox", "--region", "us-east-1", "--delete", "ghost");
        assertTrue(unconfirmed.err().contains("refusing to delete volumes without --auto-approve"), unconfirmed::toString);
        assertEquals(1, usEast1.json("ec2", "describe-volumes", "--filters", "Name=volume-id,Values=" + ghostVolume).path("Volumes").size());
        Cli.Result ghost = sandbox.expect(0, "sweep", elb, "--sandbox", "--region", "us-east-1", "--delete", "ghost", "--auto-approve");
        assertTrue(ghost.out().contains("- deleted volume " + ghostVolume), ghost::toString);
        assertTrue(usEast1.json("ec2", "describe-volumes", "--filters", "Name=volume-id,Values=" + ghostVolume).path("Volumes").isEmpty(),
                "the proven stray volume of a stack with nothing else left is gone");
    }

    /** An available gp3 volume carrying a stack's ownership tags (with the given proof). */
    private static String volume(dev.converge.testing.AwsCli aws, String stack, String address, String proof) {
        return aws.json("ec2", "create-volume", "--size", "8", "--volume-type", "gp3", "--availability-zone", "us-east-1a",
                "--tag-specifications", "ResourceType=volume,Tags=[{Key=converge:stack,Value=" + stack + "},{Key=converge:id,Value=" + address
                        + "},{Key=converge:proof,Value=" + proof + "}]").path("VolumeId").asText();
    }

    /** The instance Converge created as scratch's box (not the forged one). */
    private static String boxId(dev.converge.testing.AwsCli aws, String forged) {
        for (var r : aws.json("ec2", "describe-instances", "--filters", "Name=tag:converge:id,Values=box", "Name=instance-state-name,Values=running")
                .path("Reservations")) {
            for (var i : r.path("Instances")) if (!i.path("InstanceId").asText().equals(forged)) return i.path("InstanceId").asText();
        }
        throw new AssertionError("scratch's box is not running");
    }

    private static String tagOf(com.fasterxml.jackson.databind.JsonNode resource, String key) {
        for (var t : resource.path("Tags")) if (t.path("Key").asText().equals(key)) return t.path("Value").asText();
        throw new AssertionError("no tag " + key);
    }
}
