package dev.converge.provider.aws.cloudwatch;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.plan.Differ;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.testing.AwsCli;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** aws.cloudwatch.Alarm against moto; what it did is checked with the AWS CLI. */
class AlarmIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private final TestContext ctx = new TestContext();
    private AlarmResource type;
    private AwsCli cli;

    @BeforeEach
    void setUp() {
        type = new AlarmResource(moto.session());
        cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
    }

    /** The properties as the planner hands them over: defaults applied. */
    static Map<String, Object> props(String name, Object threshold) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("description", "targets failing their health checks");
        p.put("namespace", "AWS/ApplicationELB");
        p.put("metricName", "UnHealthyHostCount");
        p.put("dimensions", new TreeMap<>(Map.of("TargetGroup", "targetgroup/web/0123456789abcdef",
                "LoadBalancer", "app/web/fedcba9876543210")));
        p.put("statistic", "Maximum");
        p.put("periodSeconds", 60L);
        p.put("evaluationPeriods", 2L);
        p.put("threshold", threshold);
        p.put("comparisonOperator", "GreaterThanThreshold");
        p.put("treatMissingData", "notBreaching");
        p.put("alarmActions", List.of("arn:aws:sns:ap-northeast-2:123456789012:s1-alarms"));
        p.put("okActions", List.of());
        p.put("insufficientDataActions", List.of());
        p.put("actionsEnabled", true);
        p.put("tags", Map.of("team", "web"));
        return p;
    }

    static ManagedType.CreateRequest request(String stack, String address, Map<String, Object> properties, String token) {
        Map<String, String> user = new TreeMap<>();
        if (properties.get("tags") instanceof Map<?, ?> m) m.forEach((k, v) -> user.put(String.valueOf(k), String.valueOf(v)));
        return new ManagedType.CreateRequest(stack, address, properties,
                TestProofs.withProof(Ownership.tags(stack, address, Map.of(), user), stack, address, token), token);
    }

    private JsonNode describe(String name) {
        JsonNode alarms = cli.json("cloudwatch", "describe-alarms", "--alarm-names", name).path("MetricAlarms");
        return alarms.size() == 0 ? null : alarms.get(0);
    }

    private void assertNoChange(Map<String, Object> desired, LiveResource live) {
        assertEquals(List.of(), Differ.diff(type.schema().properties(), type.normalize(desired), live.values(), null, List.of()));
    }

    @Test
    void createReadsBackAsWrittenAndAnUnchangedAlarmPlansNoChange() {
        Map<String, Object> p = props("s1-unhealthy-hosts", 0L);
        LiveResource created = type.create(request("s1", "unhealthyHosts", p, "t1"), ctx);

        assertTrue(created.id().matches("arn:aws:cloudwatch:ap-northeast-2:\\d{12}:alarm:s1-unhealthy-hosts"), created.id());
        assertEquals("unhealthyHosts", created.address());
        assertNoChange(p, created);

        List<LiveResource> byStack = type.read("s1", List.of(), ctx);
        assertEquals(1, byStack.size());
        assertEquals(created.values(), byStack.get(0).values());
        assertNoChange(p, byStack.get(0));
        assertEquals(List.of(created.id()), type.read("another", List.of(created.id()), ctx).stream().map(LiveResource::id).toList());
        assertEquals(List.of(), type.read("another", List.of(), ctx));

        // Independently, with the AWS CLI.
        JsonNode a = describe("s1-unhealthy-hosts");
        assertEquals("UnHealthyHostCount", a.path("MetricName").asText());
        assertEquals("Maximum", a.path("Statistic").asText());
        assertEquals(60, a.path("Period").asInt());
        assertEquals(2, a.path("EvaluationPeriods").asInt());
        assertEquals(0.0, a.path("Threshold").asDouble());
        assertEquals("GreaterThanThreshold", a.path("ComparisonOperator").asText());
        assertEquals("notBreaching", a.path("TreatMissingData").asText());
        assertEquals("arn:aws:sns:ap-northeast-2:123456789012:s1-alarms", a.path("AlarmActions").get(0).asText());
        assertEquals(2, a.path("Dimensions").size());
        JsonNode tags = cli.json("cloudwatch", "list-tags-for-resource", "--resource-arn", created.id()).path("Tags");
        Map<String, String> tagMap = new TreeMap<>();
        tags.forEach(t -> tagMap.put(t.path("Key").asText(), t.path("Value").asText()));
        assertEquals("s1", tagMap.get("converge:stack"));
        assertEquals("unhealthyHosts", tagMap.get("converge:id"));
        assertEquals("web", tagMap.get("team"));
        assertTrue(tagMap.containsKey("converge:proof"));
    }

    @Test
    void thresholdAndTagsChangeInPlace() {
        Map<String, Object> p = props("s1-5xx", 10L);
        LiveResource created = type.create(request("s1", "target5xx", p, "t1"), ctx);

        Map<String, Object> desired = new LinkedHashMap<>(p);
        desired.put("threshold", new BigDecimal("12.5"));
        desired.put("tags", Map.of("team", "platform"));
        LiveResource updated = type.update(created, desired, Set.of("threshold", "tags"),
                request("s1", "target5xx", desired, "t1").tags(), ctx);

        assertEquals(created.id(), updated.id());
        assertNoChange(desired, updated);
        assertEquals(12.5, describe("s1-5xx").path("Threshold").asDouble());
        assertEquals(Map.of("team", "platform"), updated.values().get("tags"));
        // Ownership survives the update.
        assertEquals("target5xx", type.read("s1", List.of(), ctx).get(0).address());
    }

    @Test
    void readOfManyAlarmsTakesTwoCalls() {
        for (int i = 0; i < 5; i++) type.create(request("s1", "a" + i, props("s1-a" + i, (long) i), "t" + i), ctx);
        long before = moto.session().calls().reads();
        List<LiveResource> all = type.read("s1", List.of(), ctx);
        assertEquals(5, all.size());
        // One tagging-API GetResources, one DescribeAlarms for all five names.
        assertEquals(2, moto.session().calls().reads() - before);
    }

    @Test
    void anAlarmOfTheSameNameNotOwnedIsRefusedAndLeftAsItWas() {
        moto.session().cloudwatch().putMetricAlarm(r -> r.alarmName("s1-unhealthy-hosts").namespace("Custom")
                .metricName("Other").statistic("Sum").period(300).evaluationPeriods(1).threshold(99.0)
                .comparisonOperator("LessThanThreshold"));

        ProviderException e = assertThrows(ProviderException.class,
                () -> type.create(request("s1", "unhealthyHosts", props("s1-unhealthy-hosts", 0L), "t1"), ctx));

        assertEquals("AlreadyExists", e.code());
        assertTrue(e.getMessage().contains("not managed by Converge"), e.getMessage());
        JsonNode a = describe("s1-unhealthy-hosts");
        assertEquals("Other", a.path("MetricName").asText());
        assertEquals(99.0, a.path("Threshold").asDouble());
    }

    @Test
    void aRetriedCreateAdoptsItsOwnAlarm() {
        Map<String, Object> p = props("s1-unhealthy-hosts", 0L);
        LiveResource first = type.create(request("s1", "unhealthyHosts", p, "t1"), ctx);
        LiveResource again = type.create(request("s1", "unhealthyHosts", p, "t1"), ctx);
        assertEquals(first.id(), again.id());
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.startsWith("adopting CloudWatch alarm s1-unhealthy-hosts")), ctx.statuses.toString());
    }

    /** AWS answers DeleteAlarms of a name that does not exist with ResourceNotFound (moto succeeds): still success. */
    @Test
    void deletingAnAlarmAwsNoLongerKnowsSucceeds() {
        try (dev.converge.testing.FaultProxy proxy = new dev.converge.testing.FaultProxy(moto.endpoint());
             dev.converge.aws.AwsSession session = new dev.converge.aws.AwsSession(
                     dev.converge.aws.AwsSettings.defaults(MotoAccount.REGION).withEndpoint(proxy.endpoint(), true))) {
            proxy.failQueryAction("DeleteAlarms", 1,
                    dev.converge.testing.FaultProxy.queryError(404, "ResourceNotFound", "Alarm s1-gone does not exist"));
            LiveResource gone = new LiveResource("arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:s1-gone", "a",
                    Map.of("name", "s1-gone"));
            new AlarmResource(session).delete(gone, ctx);
            assertEquals(1, proxy.requests("DeleteAlarms").size());
        }
    }

    @Test
    void deleteRemovesItAndDeletingAMissingOneSucceeds() {
        LiveResource created = type.create(request("s1", "unhealthyHosts", props("s1-unhealthy-hosts", 0L), "t1"), ctx);
        type.delete(created, ctx);
        assertEquals(null, describe("s1-unhealthy-hosts"));
        assertEquals(List.of(), type.read("s1", List.of(created.id()), ctx));
        type.delete(created, ctx);
        assertFalse(ctx.statuses.stream().anyMatch(s -> s.contains("error")));
    }
}
