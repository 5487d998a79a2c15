package dev.converge.provider.aws.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.AttributeChange;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.schema.Unknown;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsCli;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A launch template and the group that follows its latestVersion, through the engine: a second plan
 * changes nothing; a user-data change plans the template's new version and, because latestVersion is
 * known only after it, the group's update; applying it starts an instance refresh (played by WireMock:
 * moto has none) and waits for it; destroy leaves no group, template or running instance.
 */
class AutoScalingStackIT {

    private static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();

    @TempDir
    Path dir;

    private static final String STACK = """
            stack: asg
            region: ap-northeast-2
            variables:
              ami: { type: string }
              message: { type: string, default: one }
              desired: { type: number, default: 2 }
              groupName: { type: string, default: asg-web }
              templateName: { type: string, default: asg-web }
            data:
              vpc: { type: aws.ec2.DefaultVpc }
              subnets: { type: aws.ec2.Subnets, properties: { vpcId: "${data.vpc.id}", defaultForAz: true } }
            resources:
              template:
                type: aws.ec2.LaunchTemplate
                properties:
                  name: ${var.templateName}
                  imageId: ${var.ami}
                  instanceType: t3.micro
                  userData: |
                    #!/bin/bash
                    echo ${var.message} > /tmp/message
                  rootVolumeSize: 8
              targets:
                type: aws.elbv2.TargetGroup
                properties: { name: asg-web, protocol: HTTP, port: 80, vpcId: "${data.vpc.id}" }
              web:
                type: aws.autoscaling.Group
                properties:
                  name: ${var.groupName}
                  launchTemplateId: ${resources.template.id}
                  launchTemplateVersion: ${resources.template.latestVersion}
                  minSize: 1
                  maxSize: 3
                  desiredCapacity: ${var.desired}
                  subnetIds: ["${data.subnets.ids[0]}", "${data.subnets.ids[1]}"]
                  targetGroupArns: ["${resources.targets.arn}"]
                  healthCheckType: ELB
                  healthCheckGracePeriodSeconds: 60
                  instanceRefresh: { minHealthyPercentage: 50 }
            """;

    @Test
    void templateChangeRollsTheGroupAndDestroyLeavesNothing() throws Exception {
        Path file = Files.writeString(dir.resolve("asg.yaml"), STACK);
        String ami = AutoScalingGroupIT.anImage(moto.session());
        AwsCli cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        proxy.start();
        try (AwsEngine aws = new AwsEngine(URI.create(proxy.baseUrl()), MotoAccount.REGION, dir.resolve("state.json"))) {
            proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10).willReturn(WireMock.aResponse().proxiedFrom(moto.endpoint().toString())));
            stubRefreshes(proxy);
            Stack first = aws.load(file, Map.of("ami", ami));
            assertOk(aws.apply(first, false));
            assertEquals(List.of(), changes(aws.plan(first, false)), "a second plan changes nothing");
            assertEquals(2, cli.json("autoscaling", "describe-auto-scaling-groups").get("AutoScalingGroups").get(0).get("Instances").size());

            Stack second = aws.load(file, Map.of("ami", ami, "message", "two", "desired", "3"));
            Plan plan = aws.plan(second, false);
            assertEquals(List.of("template UPDATE", "web UPDATE"), changes(plan));
            ResourceChange web = plan.changes().stream().filter(c -> c.address().equals("web")).findFirst().orElseThrow();
            AttributeChange version = web.changes().stream().filter(a -> a.path().equals("launchTemplateVersion")).findFirst().orElseThrow();
            assertEquals(Unknown.VALUE, version.after(), "the new version is known after apply");
            assertTrue(web.notes().stream().anyMatch(n -> n.contains("instance refresh")), web.notes().toString());

            assertOk(aws.apply(second, false));
            JsonNode group = cli.json("autoscaling", "describe-auto-scaling-groups").get("AutoScalingGroups").get(0);
            assertEquals("2", group.get("LaunchTemplate").get("Version").asText());
            assertEquals(3, group.get("Instances").size());
            assertEquals(1, proxy.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString()
                    .contains("Action=StartInstanceRefresh")).count());
            // Waited through AWS's progress (60%) until it succeeded.
            assertEquals(2, proxy.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString()
                    .contains("InstanceRefreshIds.member.1=ir-1")).count());
            assertEquals(List.of(), changes(aws.plan(second, false)), "the refresh leaves nothing to do");

            // A new name is a new group: the old one goes first (the name is unique), with its instances.
            Stack renamed = aws.load(file, Map.of("ami", ami, "message", "two", "desired", "3", "groupName", "asg-web2"));
            assertEquals(List.of("web REPLACE"), changes(aws.plan(renamed, false)));
            assertOk(aws.apply(renamed, false));
            JsonNode all = cli.json("autoscaling", "describe-auto-scaling-groups").get("AutoScalingGroups");
            assertEquals(1, all.size());
            assertEquals("asg-web2", all.get(0).get("AutoScalingGroupName").asText());

            // A new template name is a new template; the group moves to it before the old one is deleted.
            Stack retemplated = aws.load(file, Map.of("ami", ami, "message", "two", "desired", "3", "groupName", "asg-web2",
                    "templateName", "asg-web-v2"));
            assertEquals(List.of("template REPLACE", "web UPDATE"), changes(aws.plan(retemplated, false)));
            proxy.resetRequests();
            assertOk(aws.apply(retemplated, false));
            JsonNode templates = cli.json("ec2", "describe-launch-templates").get("LaunchTemplates");
            assertEquals(1, templates.size(), templates.toString());
            assertEquals("asg-web-v2", templates.get(0).get("LaunchTemplateName").asText());
            Map<String, String> tags = new java.util.TreeMap<>();
            templates.get(0).get("Tags").forEach(t -> tags.put(t.get("Key").asText(), t.get("Value").asText()));
            assertEquals("asg", tags.get("converge:stack"));
            assertEquals("template", tags.get("converge:id"));
            assertEquals(templates.get(0).get("LaunchTemplateId").asText(), cli.json("autoscaling", "describe-auto-scaling-groups")
                    .get("AutoScalingGroups").get(0).get("LaunchTemplate").get("LaunchTemplateId").asText());
            // WireMock lists the newest request first: reversed, the calls in the order they were made.
            List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> served = new java.util.ArrayList<>(proxy.getAllServeEvents());
            java.util.Collections.reverse(served);
            List<String> calls = served.stream()
                    .map(e -> e.getRequest().getBodyAsString()).map(b -> b.contains("Action=UpdateAutoScalingGroup") ? "update"
                            : b.contains("Action=DeleteLaunchTemplate") ? "delete" : "").filter(a -> !a.isEmpty()).toList();
            assertEquals(List.of("update", "delete"), calls, "the group leaves the old template before it is deleted");
            assertEquals(List.of(), changes(aws.plan(retemplated, false)), "the replacement leaves nothing to do");

            assertOk(aws.apply(retemplated, true));
            assertEquals(0, cli.json("autoscaling", "describe-auto-scaling-groups").get("AutoScalingGroups").size());
            assertEquals(0, cli.json("ec2", "describe-launch-templates").get("LaunchTemplates").size());
            JsonNode left = cli.json("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=pending,running,stopping,stopped");
            assertEquals(0, left.get("Reservations").size(), left.toString());
        } finally {
            proxy.stop();
        }
    }

    private static void assertOk(ApplyResult result) {
        assertEquals(List.of(), result.failures());
    }

    private static List<String> changes(Plan plan) {
        return plan.changes().stream().filter(c -> c.action() != Action.NO_OP && c.action() != Action.READ)
                .map(c -> c.address() + " " + c.action()).toList();
    }

    /** StartInstanceRefresh answers ir-1; DescribeInstanceRefreshes: none before it, then 60%, then done. */
    private static void stubRefreshes(WireMockServer proxy) {
        proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1).withRequestBody(WireMock.containing("Action=StartInstanceRefresh"))
                .willReturn(xml("<StartInstanceRefreshResponse xmlns=\"" + NS + "\"><StartInstanceRefreshResult><InstanceRefreshId>ir-1"
                        + "</InstanceRefreshId></StartInstanceRefreshResult></StartInstanceRefreshResponse>")));
        proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(2).withRequestBody(WireMock.containing("Action=DescribeInstanceRefreshes"))
                .willReturn(xml("<DescribeInstanceRefreshesResponse xmlns=\"" + NS + "\"><DescribeInstanceRefreshesResult>"
                        + "<InstanceRefreshes/></DescribeInstanceRefreshesResult></DescribeInstanceRefreshesResponse>")));
        String[] states = {Scenario.STARTED, "done"};
        String[] status = {"InProgress", "Successful"};
        for (int i = 0; i < 2; i++) {
            proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1).inScenario("refresh").whenScenarioStateIs(states[i])
                    .willSetStateTo("done").withRequestBody(WireMock.containing("InstanceRefreshIds.member.1=ir-1"))
                    .willReturn(xml("<DescribeInstanceRefreshesResponse xmlns=\"" + NS + "\"><DescribeInstanceRefreshesResult>"
                            + "<InstanceRefreshes><member><InstanceRefreshId>ir-1</InstanceRefreshId><AutoScalingGroupName>asg-web"
                            + "</AutoScalingGroupName><Status>" + status[i] + "</Status><PercentageComplete>" + (i == 0 ? 60 : 100)
                            + "</PercentageComplete></member></InstanceRefreshes></DescribeInstanceRefreshesResult>"
                            + "</DescribeInstanceRefreshesResponse>")));
        }
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder xml(String body) {
        return WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(body);
    }
}
