package dev.converge.provider.aws.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.AttributeChange;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsCli;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alarms of the web service through the real engine against moto: a topic with a subscription
 * and an alarm notifying it; apply, an unchanged stack plans nothing, a threshold edit is one
 * in-place update, destroy leaves nothing (checked with the AWS CLI).
 */
class AlarmsStackIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();

    @TempDir
    Path dir;

    private static final String STACK = """
            stack: web-service
            region: ap-northeast-2
            variables:
              hook: { type: string, default: "https://hooks.example.com/alarms" }
              alarmEmail: { type: string, default: "" }
              threshold: { type: number, default: 0 }
              period: { type: number, default: 60 }
            resources:
              alarms:
                type: aws.sns.Topic
                properties:
                  name: ${stack.name}-alarms
                  subscriptions:
                    - { protocol: https, endpoint: "${var.hook}" }
                    - { protocol: email, endpoint: "${var.alarmEmail}" }
              unhealthyHosts:
                type: aws.cloudwatch.Alarm
                properties:
                  name: ${stack.name}-unhealthy-hosts
                  namespace: AWS/ApplicationELB
                  metricName: UnHealthyHostCount
                  dimensions: { TargetGroup: targetgroup/web/0123456789abcdef, LoadBalancer: app/web/fedcba9876543210 }
                  statistic: Maximum
                  periodSeconds: ${var.period}
                  evaluationPeriods: 2
                  threshold: ${var.threshold}
                  comparisonOperator: GreaterThanThreshold
                  treatMissingData: notBreaching
                  alarmActions: [ "${resources.alarms.arn}" ]
            """;

    private static List<ResourceChange> changes(Plan plan) {
        return plan.changes().stream().filter(ResourceChange::isChange).toList();
    }

    private static ResourceChange change(Plan plan, String address) {
        return plan.changes().stream().filter(c -> c.address().equals(address)).findFirst().orElseThrow();
    }

    /** A period CloudWatch refuses, from a variable: the plan reports it at its place, and nothing is written. */
    @Test
    void aPeriodCloudWatchRefusesFailsThePlan() throws Exception {
        Path file = dir.resolve("web-service.yaml");
        Files.writeString(file, STACK);
        AwsCli cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
        try (AwsEngine aws = new AwsEngine(moto.endpoint(), MotoAccount.REGION, dir.resolve("state.json"))) {
            Stack stack = aws.load(file, Map.of("period", "90"));
            dev.converge.stack.StackException e = org.junit.jupiter.api.Assertions.assertThrows(
                    dev.converge.stack.StackException.class, () -> aws.plan(stack, false));
            String text = new dev.converge.stack.DiagnosticPrinter(dev.converge.stack.DiagnosticPrinter.PLAIN).render(e.diagnostics());
            assertTrue(text.contains("web-service.yaml:24:"), text);
            assertTrue(text.contains("periodSeconds 90 is not a period CloudWatch accepts: 10, 30 or a multiple of 60"), text);
            assertEquals(0, cli.json("sns", "list-topics").path("Topics").size());
        }
    }

    @Test
    void appliesPlansNoChangeUpdatesTheThresholdInPlaceAndDestroys() throws Exception {
        Path file = dir.resolve("web-service.yaml");
        Files.writeString(file, STACK);
        AwsCli cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
        try (AwsEngine aws = new AwsEngine(moto.endpoint(), MotoAccount.REGION, dir.resolve("state.json"))) {
            Stack stack = aws.load(file, Map.of());
            Plan first = aws.plan(stack, false);
            assertEquals(2, changes(first).size());
            // The https subscription waits for its endpoint to confirm: the plan says so; the empty e-mail is none.
            assertEquals(1, change(first, "alarms").notes().size(), change(first, "alarms").notes().toString());
            assertTrue(change(first, "alarms").notes().get(0).contains("https:https://hooks.example.com/alarms stays pending"));

            ApplyResult created = aws.apply(stack, false);
            assertTrue(created.succeeded(), created.failures().toString());
            assertEquals(2, created.added());
            String topicArn = cli.json("sns", "list-topics").path("Topics").get(0).path("TopicArn").asText();
            JsonNode alarm = cli.json("cloudwatch", "describe-alarms", "--alarm-names", "web-service-unhealthy-hosts")
                    .path("MetricAlarms").get(0);
            assertEquals(topicArn, alarm.path("AlarmActions").get(0).asText());
            assertEquals(1, cli.json("sns", "list-subscriptions-by-topic", "--topic-arn", topicArn).path("Subscriptions").size());

            assertEquals(List.of(), changes(aws.plan(stack, false)), "an unchanged stack plans no changes");

            Stack edited = aws.load(file, Map.of("threshold", "3"));
            List<ResourceChange> edit = changes(aws.plan(edited, false));
            assertEquals(List.of("unhealthyHosts"), edit.stream().map(ResourceChange::address).toList());
            assertEquals(Action.UPDATE, edit.get(0).action());
            assertEquals(List.of("threshold"), edit.get(0).changes().stream().map(AttributeChange::path).toList());
            ApplyResult updated = aws.apply(edited, false);
            assertTrue(updated.succeeded(), updated.failures().toString());
            assertEquals(3.0, cli.json("cloudwatch", "describe-alarms", "--alarm-names", "web-service-unhealthy-hosts")
                    .path("MetricAlarms").get(0).path("Threshold").asDouble());
            assertEquals(List.of(), changes(aws.plan(edited, false)));

            ApplyResult destroyed = aws.apply(edited, true);
            assertTrue(destroyed.succeeded(), destroyed.failures().toString());
            assertFalse(aws.plan(edited, true).hasChanges());
            assertEquals(0, cli.json("cloudwatch", "describe-alarms").path("MetricAlarms").size());
            assertEquals(0, cli.json("sns", "list-topics").path("Topics").size());
        }
    }

    /**
     * New names replace the topic and the alarm (both names are identities): applied, each new one
     * exists with its ownership tags, the alarm notifies the new topic, and the old ones are gone.
     */
    @Test
    void newNamesReplaceTheTopicAndTheAlarm() throws Exception {
        Path file = dir.resolve("web-service.yaml");
        Files.writeString(file, STACK);
        AwsCli cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
        try (AwsEngine aws = new AwsEngine(moto.endpoint(), MotoAccount.REGION, dir.resolve("state.json"))) {
            ApplyResult created = aws.apply(aws.load(file, Map.of()), false);
            assertTrue(created.succeeded(), created.failures().toString());
            String oldTopic = cli.json("sns", "list-topics").path("Topics").get(0).path("TopicArn").asText();

            Files.writeString(file, STACK.replace("${stack.name}-alarms", "${stack.name}-alarms2")
                    .replace("${stack.name}-unhealthy-hosts", "${stack.name}-unhealthy-hosts2"));
            Stack renamed = aws.load(file, Map.of());
            Plan plan = aws.plan(renamed, false);
            assertEquals(Action.REPLACE, change(plan, "alarms").action());
            assertEquals(Action.REPLACE, change(plan, "unhealthyHosts").action());
            ApplyResult replaced = aws.apply(renamed, false);
            assertTrue(replaced.succeeded(), replaced.failures().toString());

            JsonNode topics = cli.json("sns", "list-topics").path("Topics");
            assertEquals(1, topics.size(), topics.toString());
            String newTopic = topics.get(0).path("TopicArn").asText();
            assertTrue(newTopic.endsWith(":web-service-alarms2"), newTopic);
            assertFalse(newTopic.equals(oldTopic));
            Map<String, String> topicTags = tags(cli.json("sns", "list-tags-for-resource", "--resource-arn", newTopic).path("Tags"));
            assertEquals("web-service", topicTags.get("converge:stack"));
            assertEquals("alarms", topicTags.get("converge:id"));
            assertEquals(1, cli.json("sns", "list-subscriptions-by-topic", "--topic-arn", newTopic).path("Subscriptions").size());

            JsonNode alarms = cli.json("cloudwatch", "describe-alarms").path("MetricAlarms");
            assertEquals(1, alarms.size(), alarms.toString());
            assertEquals("web-service-unhealthy-hosts2", alarms.get(0).path("AlarmName").asText());
            assertEquals(newTopic, alarms.get(0).path("AlarmActions").get(0).asText());
            Map<String, String> alarmTags = tags(cli.json("cloudwatch", "list-tags-for-resource", "--resource-arn",
                    alarms.get(0).path("AlarmArn").asText()).path("Tags"));
            assertEquals("web-service", alarmTags.get("converge:stack"));
            assertEquals("unhealthyHosts", alarmTags.get("converge:id"));
            assertEquals(List.of(), changes(aws.plan(renamed, false)), "the replacement leaves nothing to do");
        }
    }

    private static Map<String, String> tags(JsonNode list) {
        Map<String, String> out = new java.util.TreeMap<>();
        list.forEach(t -> out.put(t.path("Key").asText(), t.path("Value").asText()));
        return out;
    }
}
