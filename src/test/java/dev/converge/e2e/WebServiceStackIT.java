package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production web service end to end through the command line, in the sandbox: its own VPC,
 * the Auto Scaling group in private subnets behind the load balancer, SSM instead of SSH, access
 * logs in a private bucket, alarms to a topic; then a scale-out in place, and a destroy that leaves
 * nothing (roles, profiles, the emptied bucket and the VPC included), each checked with the AWS CLI.
 */
class WebServiceStackIT {

    private static final String STACK_TAG = "Name=tag:converge:stack,Values=web-service";

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    @Test
    void lifecycle() {
        String stack = sandbox.stack("web-service.yaml").toString();

        Cli.Result plan = sandbox.expect(2, "plan", stack, "--sandbox", "--detailed-exitcode");
        assertTrue(plan.out().contains("Plan: 26 to add, 0 to change, 0 to replace, 0 to destroy"), plan::toString);
        assertTrue(plan.out().contains("Cost estimate"), "the plan prices the service: " + plan);

        Cli.Result apply = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertTrue(apply.out().contains("Apply complete: 26 added, 0 changed, 0 destroyed"), apply::toString);

        // The network: one VPC, four subnets in two zones, the private ones routed through the NAT gateway.
        JsonNode vpcs = sandbox.aws.json("ec2", "describe-vpcs", "--filters", STACK_TAG).path("Vpcs");
        assertEquals(1, vpcs.size(), vpcs::toString);
        assertEquals("10.20.0.0/16", vpcs.get(0).path("CidrBlock").asText());
        String vpc = vpcs.get(0).path("VpcId").asText();
        JsonNode subnets = sandbox.aws.json("ec2", "describe-subnets", "--filters", "Name=vpc-id,Values=" + vpc).path("Subnets");
        Set<String> zones = new TreeSet<>();
        subnets.forEach(s -> zones.add(s.path("AvailabilityZone").asText()));
        assertEquals(4, subnets.size(), subnets::toString);
        assertEquals(2, zones.size(), "two availability zones: " + zones);
        String nat = sandbox.aws.json("ec2", "describe-nat-gateways", "--filter", "Name=vpc-id,Values=" + vpc)
                .path("NatGateways").get(0).path("NatGatewayId").asText();
        assertTrue(sandbox.aws.json("ec2", "describe-route-tables", "--filters", "Name=vpc-id,Values=" + vpc).toString()
                .contains("\"NatGatewayId\":\"" + nat + "\""), "a route table sends the private subnets through the NAT gateway");

        // Compute: the group runs its instances from the template, IMDSv2 only, with the SSM role.
        JsonNode group = sandbox.aws.json("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names",
                "web-service-web").path("AutoScalingGroups").get(0);
        assertEquals(2, group.path("DesiredCapacity").asInt());
        assertEquals("ELB", group.path("HealthCheckType").asText());
        assertEquals(1, group.path("TargetGroupARNs").size(), group::toString);
        JsonNode version = sandbox.aws.json("ec2", "describe-launch-template-versions", "--launch-template-name", "web-service-web")
                .path("LaunchTemplateVersions").get(0).path("LaunchTemplateData");
        assertEquals("required", version.path("MetadataOptions").path("HttpTokens").asText(), "IMDSv2 only");
        assertTrue(version.path("IamInstanceProfile").toString().contains("web-service-ap-northeast-2-web"), version::toString);
        assertEquals("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore", sandbox.aws.json("iam", "list-attached-role-policies",
                "--role-name", "web-service-ap-northeast-2-web").path("AttachedPolicies").get(0).path("PolicyArn").asText());
        JsonNode webRules = sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=group-name,Values=web-service-web")
                .path("SecurityGroups").get(0).path("IpPermissions");
        webRules.forEach(r -> assertTrue(r.path("FromPort").asInt() != 22, "no SSH: " + webRules));

        // Access logs: a private, encrypted bucket the load balancer writes to.
        String bucket = sandbox.aws.json("s3api", "list-buckets").path("Buckets").get(0).path("Name").asText();
        assertTrue(bucket.startsWith("web-service-logs-"), bucket);
        assertTrue(sandbox.aws.json("s3api", "get-public-access-block", "--bucket", bucket).toString().contains("\"BlockPublicAcls\":true"));
        String lb = sandbox.aws.json("elbv2", "describe-load-balancers", "--names", "web-service").path("LoadBalancers").get(0)
                .path("LoadBalancerArn").asText();
        String attributes = sandbox.aws.json("elbv2", "describe-load-balancer-attributes", "--load-balancer-arn", lb).toString();
        assertTrue(attributes.contains("{\"Key\":\"access_logs.s3.bucket\",\"Value\":\"" + bucket + "\"}"), attributes);

        // Alarms on the target group and load balancer, to the topic.
        JsonNode alarms = sandbox.aws.json("cloudwatch", "describe-alarms", "--alarm-name-prefix", "web-service-").path("MetricAlarms");
        assertEquals(2, alarms.size(), alarms::toString);
        String topic = sandbox.aws.json("sns", "list-topics").path("Topics").get(0).path("TopicArn").asText();
        alarms.forEach(a -> assertEquals(topic, a.path("AlarmActions").get(0).asText()));
        assertTrue(alarms.toString().contains("\"Value\":\"targetgroup/web-service-web/"), "dimensions name the target group: " + alarms);

        sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");

        // New user data: a new template version, and the group rolls its instances through an instance
        // refresh (moto has none; the sandbox completes it at once, its instances running nothing).
        java.nio.file.Path file = java.nio.file.Path.of(stack);
        String original = read(file);
        write(file, original.replace("        #!/bin/bash\n", "        #!/bin/bash\n        # release 2\n"));
        Cli.Result roll = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve");
        assertTrue(roll.out().contains("Apply complete: 0 added, 2 changed, 0 destroyed"), roll::toString);
        assertTrue(roll.out().contains("an instance refresh replaces every instance"), roll::toString);
        assertEquals("2", sandbox.aws.json("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names",
                "web-service-web").path("AutoScalingGroups").get(0).path("LaunchTemplate").path("Version").asText());
        assertEquals("Successful", sandbox.aws.json("autoscaling", "describe-instance-refreshes", "--auto-scaling-group-name",
                "web-service-web").path("InstanceRefreshes").get(0).path("Status").asText());
        sandbox.expect(0, "plan", stack, "--sandbox", "--detailed-exitcode");

        // More instances: the group scales in place.
        Cli.Result scale = sandbox.expect(0, "apply", stack, "--sandbox", "--auto-approve", "--var", "desiredCapacity=3");
        assertTrue(scale.out().contains("Apply complete: 0 added, 1 changed, 0 destroyed"), scale::toString);
        assertEquals(3, sandbox.aws.json("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names",
                "web-service-web").path("AutoScalingGroups").get(0).path("DesiredCapacity").asInt());

        // Logs have arrived: destroy empties the bucket (forceDestroy) and leaves nothing.
        sandbox.aws.json("s3api", "put-object", "--bucket", bucket, "--key", "alb/AWSLogs/123456789012/log.gz");
        Cli.Result destroy = sandbox.expect(0, "destroy", stack, "--sandbox", "--auto-approve", "--var", "desiredCapacity=3");
        assertTrue(destroy.out().contains("Destroy complete: 26 destroyed"), destroy::toString);
        assertTrue(destroy.out().contains("Nothing owned by stack web-service remains"), destroy::toString);

        List<String> left = new ArrayList<>();
        sandbox.aws.json("ec2", "describe-vpcs", "--filters", STACK_TAG).path("Vpcs").forEach(v -> left.add(v.path("VpcId").asText()));
        sandbox.aws.json("ec2", "describe-nat-gateways").path("NatGateways").forEach(n -> {
            if (!"deleted".equals(n.path("State").asText())) left.add(n.path("NatGatewayId").asText());
        });
        sandbox.aws.json("ec2", "describe-addresses").path("Addresses").forEach(a -> left.add(a.path("PublicIp").asText()));
        sandbox.aws.json("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=pending,running,stopping,stopped")
                .path("Reservations").forEach(r -> r.path("Instances").forEach(i -> left.add(i.path("InstanceId").asText())));
        sandbox.aws.json("autoscaling", "describe-auto-scaling-groups").path("AutoScalingGroups")
                .forEach(g -> left.add(g.path("AutoScalingGroupName").asText()));
        sandbox.aws.json("ec2", "describe-launch-templates").path("LaunchTemplates").forEach(t -> left.add(t.path("LaunchTemplateName").asText()));
        sandbox.aws.json("iam", "list-roles").path("Roles").forEach(r -> left.add(r.path("RoleName").asText()));
        sandbox.aws.json("iam", "list-instance-profiles").path("InstanceProfiles").forEach(p -> left.add(p.path("Arn").asText()));
        sandbox.aws.json("s3api", "list-buckets").path("Buckets").forEach(b -> left.add(b.path("Name").asText()));
        sandbox.aws.json("elbv2", "describe-load-balancers").path("LoadBalancers").forEach(l -> left.add(l.path("LoadBalancerName").asText()));
        sandbox.aws.json("cloudwatch", "describe-alarms").path("MetricAlarms").forEach(a -> left.add(a.path("AlarmName").asText()));
        sandbox.aws.json("sns", "list-topics").path("Topics").forEach(t -> left.add(t.path("TopicArn").asText()));
        assertTrue(left.isEmpty(), "left after destroy: " + left);
    }

    private static String read(java.nio.file.Path file) {
        try {
            return java.nio.file.Files.readString(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void write(java.nio.file.Path file, String text) {
        try {
            java.nio.file.Files.writeString(file, text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
