package dev.converge.plan;

import dev.converge.json.Json;
import dev.converge.secrets.SensitiveStrings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What plan JSON and an unencrypted saved plan leave out (docs/plan-format.md#sensitive-values). */
class PlanRedactionTest {

    @BeforeEach
    void secret() {
        SensitiveStrings.reset();
        SensitiveStrings.addVariable("token", "hunter7token");
    }

    @AfterEach
    void forget() {
        SensitiveStrings.reset();
    }

    private static Plan plan() {
        ResourceChange tg = new ResourceChange("targets", "aws.elbv2.TargetGroup", Action.UPDATE, null,
                "arn:aws:elasticloadbalancing:ap-northeast-2:1:targetgroup/tg-hunter7token/1",
                Map.of("name", "tg-hunter7token", "port", 80L), Map.of("name", "tg-hunter7token", "port", 81L),
                List.of(new AttributeChange("port", 80L, 81L, null, false, false),
                        new AttributeChange("tags.Token", "old", "HUNTER7TOKEN", null, true, false)),
                null, List.of(), List.of(), List.of("name", "tags"));
        return new Plan(Plan.FORMAT_VERSION, "demo", "ap-northeast-2", null, "/demo.yaml", false, "fp",
                Map.of("token", "hunter7token", "size", 3L), null, 0, "live", "2026-12-03T09:00:00Z", List.of(tg),
                Map.of("url", "https://hunter7token.example.com", "port", 81L), List.of(), List.of(), 0, null);
    }

    @Test
    void sensitiveValuesAreLeftOutAndMarked() {
        Plan r = PlanRedaction.redact(plan());
        assertEquals(Map.of("size", 3L), r.variables());
        assertEquals(Map.of("port", 81L), r.outputs());
        assertEquals(List.of("url"), r.sensitiveOutputs());
        ResourceChange c = r.changes().get(0);
        assertEquals(Map.of("port", 81L), c.after());
        assertEquals(Map.of("port", 80L), c.before());
        AttributeChange token = c.changes().get(1);
        assertTrue(token.sensitive());
        assertNull(token.before());
        assertNull(token.after());
        assertEquals(81L, c.changes().get(0).after(), "what is not sensitive stays");
        assertEquals("arn:aws:elasticloadbalancing:ap-northeast-2:1:targetgroup/tg-(sensitive)/1", c.physicalId());
        assertFalse(Json.write(r).toLowerCase().contains("hunter7token"), Json.write(r));
    }

    @Test
    void redactingTwiceChangesNothingSoSavedAndFreshPlansCompare() {
        Plan once = PlanRedaction.redact(plan());
        assertEquals(Json.write(once), Json.write(PlanRedaction.redact(once)));
        assertTrue(PlanFile.sameChanges(plan(), once), "a saved (redacted) plan matches the same plan made again");
    }
}
