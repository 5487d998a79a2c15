package dev.converge.cost;

import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.schema.Unknown;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** An Auto Scaling group costs its capacity × its launch template's instance and root volume; the template is free. */
class GroupPricingTest {

    private static final PriceCatalogue CATALOGUE = PriceCatalogue.bundled();
    private static final Costing COSTING = new Costing(CATALOGUE, Assumptions.DEFAULT, false);
    private static final BigDecimal HOURS = BigDecimal.valueOf(730);
    private static final String REGION = "us-east-1";

    private static BigDecimal price(String key) {
        return CATALOGUE.find(REGION, key).orElseThrow().usd();
    }

    private static Map<String, Object> template(String id) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("instanceType", "t3.micro");
        v.put("rootVolumeSize", 8L);
        v.put("id", id == null ? Unknown.VALUE : id);
        return v;
    }

    private static Map<String, Object> group(Object templateId, Object desired) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("launchTemplateId", templateId);
        v.put("minSize", 1L);
        v.put("maxSize", 4L);
        if (desired != null) v.put("desiredCapacity", desired);
        return v;
    }

    private static ResourceChange change(String address, String type, Action action, String id, Map<String, Object> before,
                                         Map<String, Object> after, List<String> dependsOn) {
        return new ResourceChange(address, type, action, null, id, before, after, List.of(), null, List.of(), dependsOn, List.of());
    }

    private static Plan plan(List<ResourceChange> changes) {
        return new Plan(Plan.FORMAT_VERSION, "web-service", REGION, null, "stacks/web-service.yaml", false, "f", Map.of(), null, 0,
                "l", "now", changes, Map.of(), List.of(), List.of(), 0, null);
    }

    private static BigDecimal perInstance() {
        return price("ec2.linux.t3.micro").multiply(HOURS).add(price("ebs.gp3").multiply(BigDecimal.valueOf(8)));
    }

    @Test
    void aNewGroupCostsItsDesiredInstancesOfItsNewTemplate() {
        PlanCost cost = COSTING.cost(plan(List.of(
                change("template", "aws.ec2.LaunchTemplate", Action.CREATE, null, null, template(null), List.of()),
                change("web", "aws.autoscaling.Group", Action.CREATE, null, null, group(Unknown.VALUE, 2L), List.of("template")))), null, null);
        assertEquals(0, perInstance().multiply(BigDecimal.valueOf(2)).compareTo(cost.after().known()), cost.after().known().toPlainString());
        assertEquals(List.of(), cost.after().unknown());
    }

    @Test
    void scalingOutAddsOneInstanceAndWithoutDesiredTheMinimumCounts() {
        Map<String, Object> lt = template("lt-1");
        PlanCost cost = COSTING.cost(plan(List.of(
                change("template", "aws.ec2.LaunchTemplate", Action.NO_OP, "lt-1", lt, lt, List.of()),
                change("web", "aws.autoscaling.Group", Action.UPDATE, "web", group("lt-1", 2L), group("lt-1", 3L), List.of("template")))),
                null, null);
        assertEquals(0, perInstance().compareTo(cost.delta()), cost.delta().toPlainString());

        PlanCost minimum = COSTING.cost(plan(List.of(
                change("template", "aws.ec2.LaunchTemplate", Action.NO_OP, "lt-1", lt, lt, List.of()),
                change("web", "aws.autoscaling.Group", Action.CREATE, null, null, group("lt-1", null), List.of("template")))), null, null);
        assertEquals(0, perInstance().compareTo(minimum.after().known()));
    }

    @Test
    void withoutItsTemplateInThePlanTheGroupsPriceIsUnknown() {
        PlanCost cost = COSTING.cost(plan(List.of(
                change("web", "aws.autoscaling.Group", Action.CREATE, null, null, group("lt-elsewhere", 2L), List.of()))), null, null);
        assertNull(cost.delta());
        assertEquals(List.of("web"), cost.after().unknown());
    }
}
