package dev.converge.provider.aws.cloudwatch;

import dev.converge.provider.aws.AwsProvider;
import dev.converge.stack.DiagnosticPrinter;
import dev.converge.stack.Stack;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alarms part of the web service's stack loads against the topic's and the alarm's schemas, and
 * what AWS would refuse (operators, statistics, missing-data treatments, topic names) is reported at
 * its place before any client exists.
 */
class AlarmsStackSchemaTest {

    @TempDir
    Path dir;

    private static final String ALARMS = """
            stack: web-service
            region: ap-northeast-2
            variables:
              alarmEmail: { type: string, default: "" }
            resources:
              alarms:
                type: aws.sns.Topic
                properties:
                  name: ${stack.name}-alarms
                  subscriptions: [ { protocol: email, endpoint: "${var.alarmEmail}" } ]
              unhealthyHosts:
                type: aws.cloudwatch.Alarm
                properties:
                  name: ${stack.name}-unhealthy-hosts
                  namespace: AWS/ApplicationELB
                  metricName: UnHealthyHostCount
                  dimensions: { TargetGroup: targetgroup/web/0123456789abcdef, LoadBalancer: app/web/fedcba9876543210 }
                  statistic: Maximum
                  periodSeconds: 60
                  evaluationPeriods: 2
                  threshold: 0
                  comparisonOperator: GreaterThanThreshold
                  treatMissingData: notBreaching
                  alarmActions: [ "${resources.alarms.arn}" ]
            """;

    private Stack load(String text) throws Exception {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, text);
        return new StackLoader(AwsProvider.schemaRegistry()).load(file, VariableInputs.none());
    }

    private String errors(String text) throws Exception {
        StackException e = assertThrows(StackException.class, () -> load(text));
        return new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics());
    }

    @Test
    void theContractsAlarmsLoad() throws Exception {
        Stack s = load(ALARMS);
        assertEquals(2, s.resourceInstances().size());
    }

    @Test
    void anOperatorOutsideAwssEnumIsReportedWithTheAllowedOnes() throws Exception {
        String out = errors(ALARMS.replace("comparisonOperator: GreaterThanThreshold", "comparisonOperator: GreaterThan"));
        assertTrue(out.contains("stack.yaml:22:27"), out);
        assertTrue(out.contains("comparisonOperator: 'GreaterThan' is not one of GreaterThanOrEqualToThreshold, "
                + "GreaterThanThreshold, LessThanThreshold, LessThanOrEqualToThreshold"), out);
    }

    @Test
    void treatMissingDataAndStatisticAreAwssValues() throws Exception {
        assertTrue(errors(ALARMS.replace("treatMissingData: notBreaching", "treatMissingData: zero"))
                .contains("treatMissingData: 'zero' is not one of missing, notBreaching, breaching, ignore"));
        assertTrue(errors(ALARMS.replace("statistic: Maximum", "statistic: Max"))
                .contains("statistic: 'Max' is not one of SampleCount, Average, Sum, Minimum, Maximum"));
    }

    @Test
    void exactlyOneOfStatisticAndExtendedStatistic() throws Exception {
        String both = errors(ALARMS.replace("statistic: Maximum", "statistic: Maximum\n      extendedStatistic: p99"));
        assertTrue(both.contains("only one of statistic, extendedStatistic must be set"), both);
        String neither = errors(ALARMS.replace("      statistic: Maximum\n", ""));
        assertTrue(neither.contains("one of statistic, extendedStatistic must be set"), neither);
        load(ALARMS.replace("statistic: Maximum", "extendedStatistic: p99.9"));
    }

    @Test
    void periodsBelowTenSecondsAndPercentilesOfAnotherShapeAreRefused() throws Exception {
        assertTrue(errors(ALARMS.replace("periodSeconds: 60", "periodSeconds: 5")).contains("periodSeconds: 5 is out of range 10–"));
        assertTrue(errors(ALARMS.replace("statistic: Maximum", "extendedStatistic: p999"))
                .contains("must be a percentile such as p99 or p99.9"));
    }

    @Test
    void topicNamesFollowSnssRuleAndFifoTopicsAreNotSupported() throws Exception {
        String out = errors(ALARMS.replace("name: ${stack.name}-alarms", "name: alarms.fifo"));
        assertTrue(out.contains("name: 'alarms.fifo' (11 characters) must be 1–256 letters, digits, hyphens and underscores "
                + "(FIFO topics, named .fifo, are not supported)"), out);
        assertTrue(errors(ALARMS.replace("protocol: email", "protocol: smtp")).contains("'smtp' is not one of email, email-json"));
    }

    @Test
    void anEmptyEndpointMeansNoSubscription() {
        var topic = new dev.converge.provider.aws.sns.TopicResource(null);
        Map<String, Object> desired = Map.of("name", "t", "subscriptions",
                List.of(Map.of("protocol", "email", "endpoint", ""), Map.of("protocol", "https", "endpoint", "https://x.example.com/")));
        assertEquals(List.of(Map.of("protocol", "https", "endpoint", "https://x.example.com/")),
                topic.normalize(desired).get("subscriptions"));
        assertEquals(List.of(), topic.createNotes(topic.normalize(Map.of("name", "t", "subscriptions",
                List.of(Map.of("protocol", "email", "endpoint", ""))))));
    }
}
