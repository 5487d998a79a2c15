package dev.converge.provider.aws.cloudwatch;

import dev.converge.provider.PlanChecked;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What CloudWatch refuses that the schema cannot say, checked at plan time. */
class AlarmRulesTest {

    private static Map<String, Object> alarm(Object period, Object evaluationPeriods, Object datapoints) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("periodSeconds", period);
        p.put("evaluationPeriods", evaluationPeriods);
        if (datapoints != null) p.put("datapointsToAlarm", datapoints);
        p.put("dimensions", Map.of());
        return p;
    }

    @Test
    void periodsAreTenThirtyOrWholeMinutes() {
        for (long ok : new long[]{10, 30, 60, 120, 300, 3600, 86400}) assertTrue(AlarmRules.validPeriod(ok), ok + " s");
        for (long bad : new long[]{1, 5, 15, 20, 45, 59, 61, 90, 100}) assertFalse(AlarmRules.validPeriod(bad), bad + " s");
    }

    @Test
    void aBadPeriodIsReportedAtThePropertyWithAFix() {
        List<PlanChecked.Problem> problems = AlarmRules.check(new PlanChecked.Planned("unhealthyHosts", alarm(90L, 2L, null)));
        assertEquals(1, problems.size());
        PlanChecked.Problem p = problems.get(0);
        assertEquals("unhealthyHosts", p.address());
        assertEquals("periodSeconds", p.property());
        assertEquals("periodSeconds 90 is not a period CloudWatch accepts: 10, 30 or a multiple of 60", p.message());
        assertTrue(p.hint().startsWith("use 60"));
    }

    @Test
    void moreDatapointsThanPeriodsCanNeverAlarm() {
        List<PlanChecked.Problem> problems = AlarmRules.check(new PlanChecked.Planned("a", alarm(60L, 2L, 3L)));
        assertEquals(List.of("datapointsToAlarm"), problems.stream().map(PlanChecked.Problem::property).toList());
        assertEquals(List.of(), AlarmRules.check(new PlanChecked.Planned("a", alarm(60L, 3L, 3L))));
        assertEquals(List.of(), AlarmRules.check(new PlanChecked.Planned("a", alarm(60L, 3L, null))));
    }

    @Test
    void anUpdateThatLeavesThePeriodAloneDoesNotCheckIt() {
        // An alarm AWS accepted once is not blocked from a tag change.
        Map<String, Object> p = alarm(90L, 2L, null);
        assertEquals(List.of(), AlarmRules.check(new PlanChecked.Planned("a", p, Set.of("tags"))));
        assertEquals(1, AlarmRules.check(new PlanChecked.Planned("a", p, Set.of("periodSeconds"))).size());
    }

    @Test
    void unknownValuesAreLeftToApply() {
        Map<String, Object> p = alarm(dev.converge.schema.Unknown.VALUE, 2L, null);
        assertEquals(List.of(), AlarmRules.check(new PlanChecked.Planned("a", p)));
    }

    @Test
    void atMostThirtyDimensions() {
        Map<String, Object> p = alarm(60L, 1L, null);
        Map<String, Object> dims = new LinkedHashMap<>();
        for (int i = 0; i < 31; i++) dims.put("D" + i, "v");
        p.put("dimensions", dims);
        assertEquals(List.of("dimensions"), AlarmRules.check(new PlanChecked.Planned("a", p)).stream().map(PlanChecked.Problem::property).toList());
    }

    @Test
    void alarmNamesComeFromTheirArnEvenWithColons() {
        assertEquals("web:5xx", AlarmResource.nameOf("arn:aws:cloudwatch:ap-northeast-2:123456789012:alarm:web:5xx"));
    }
}
