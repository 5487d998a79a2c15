package dev.converge.cost;

import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.terminal.Terminal;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Costs of plans shaped like the elb-https stack's, every expected figure computed from the catalogue. */
class PlanCostTest {

    private static final PriceCatalogue CATALOGUE = PriceCatalogue.bundled();
    private static final Costing COSTING = new Costing(CATALOGUE, Assumptions.DEFAULT, false);
    private static final BigDecimal HOURS = BigDecimal.valueOf(730);

    private static BigDecimal price(String region, String key) {
        return CATALOGUE.find(region, key).orElseThrow().usd();
    }

    private static Map<String, Object> instance(String id) {
        return instance(id, "t3.micro");
    }

    private static Map<String, Object> instance(String id, String type) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("instanceType", type);
        v.put("rootVolumeSize", 8L);
        if (id != null) {
            v.put("id", id);
            v.put("publicIp", "203.0.113.7");
            v.put("state", "running");
        }
        return v;
    }

    private static ResourceChange change(String address, String type, Action action, Map<String, Object> before, Map<String, Object> after) {
        return new ResourceChange(address, type, action, null, before == null ? null : "id", before, after, List.of(), null,
                List.of(), List.of(), List.of());
    }

    private static Plan plan(String region, boolean destroy, List<ResourceChange> changes) {
        return new Plan(Plan.FORMAT_VERSION, "elb-https", region, null, "stacks/elb-https.yaml", destroy, "f", Map.of(), null, 0,
                "l", "now", changes, Map.of(), List.of(), List.of(), 0, null);
    }

    /** elb-https with two instances running and a third planned (instanceCount 2 → 3). */
    private static Plan scaleOut(String region) {
        return scaleOut(region, "t3.micro");
    }

    private static Plan scaleOut(String region, String type) {
        Map<String, Object> alb = Map.of("scheme", "internet-facing", "subnetIds", List.of("subnet-a", "subnet-b", "subnet-c"));
        List<ResourceChange> changes = new ArrayList<>();
        changes.add(change("alb", "aws.elbv2.LoadBalancer", Action.NO_OP, alb, alb));
        changes.add(change("certificate", "aws.acm.Certificate", Action.NO_OP, Map.of(), Map.of()));
        changes.add(change("targets", "aws.elbv2.TargetGroup", Action.UPDATE, Map.of(), Map.of()));
        changes.add(change("web[0]", "aws.ec2.Instance", Action.NO_OP, instance("i-0", type), instance(null, type)));
        changes.add(change("web[1]", "aws.ec2.Instance", Action.NO_OP, instance("i-1", type), instance(null, type)));
        changes.add(change("web[2]", "aws.ec2.Instance", Action.CREATE, null, instance(null, type)));
        return plan(region, false, changes);
    }

    @Test
    void oneMoreInstanceCostsOneT3MicroItsRootVolumeAndItsPublicAddress() {
        PlanCost cost = COSTING.cost(scaleOut("us-east-1"), null, null);
        String r = "us-east-1";
        BigDecimal expected = price(r, "ec2.linux.t3.micro").multiply(HOURS)
                .add(price(r, "ebs.gp3").multiply(BigDecimal.valueOf(8)))
                .add(price(r, "vpc.publicIpv4Hour").multiply(HOURS));
        assertEquals(0, expected.compareTo(cost.delta()), cost.delta() + " vs " + expected);
        BigDecimal alb = price(r, "elb.applicationHour").multiply(HOURS).add(price(r, "elb.applicationLcuHour").multiply(HOURS))
                .add(price(r, "vpc.publicIpv4Hour").multiply(HOURS).multiply(BigDecimal.valueOf(3)));
        assertEquals(0, alb.add(expected.multiply(BigDecimal.valueOf(2))).compareTo(cost.before().known()));
        assertEquals(0, alb.add(expected.multiply(BigDecimal.valueOf(3))).compareTo(cost.after().known()));
        String text = new CostText(Terminal.plain()).plan(cost, false, LocalDate.of(2026, 12, 3));
        assertTrue(text.contains("Cost: " + Money.amount(cost.before().known()) + "/month → " + Money.amount(cost.after().known())
                + "/month (" + Money.signed(expected) + "/month)"), text);
        assertTrue(text.contains("Not included (usage-dependent): data transfer, LCUs above the assumption, DNS queries"), text);
    }

    @Test
    void aPriceNotInTheCatalogueIsUnknownNeverGuessed() {
        // eu-west-1 has no sourced t3.small price: the instances are named as unknown, the rest is counted.
        PlanCost cost = COSTING.cost(scaleOut("eu-west-1", "t3.small"), null, null);
        assertNull(cost.delta());
        assertEquals(List.of("web[0]", "web[1]", "web[2]"), cost.after().unknown());
        String text = new CostText(Terminal.plain()).plan(cost, false, LocalDate.of(2026, 12, 3));
        assertTrue(text.contains("unknown: t3.small (Linux, on-demand): no sourced price for ec2.linux.t3.small in eu-west-1"), text);
        assertTrue(text.contains("not counting web[0], web[1], web[2] (price unknown)"), text);
    }

    @Test
    void aNatGatewayCostsItsHoursAndStatesTheDataItProcessesAsUsageWhileTheNetworkAroundItIsFree() {
        List<ResourceChange> changes = List.of(
                change("vpc", "aws.ec2.Vpc", Action.CREATE, null, Map.of()),
                change("subnet", "aws.ec2.Subnet", Action.CREATE, null, Map.of()),
                change("gateway", "aws.ec2.InternetGateway", Action.CREATE, null, Map.of()),
                change("routes", "aws.ec2.RouteTable", Action.CREATE, null, Map.of()),
                change("nat", "aws.ec2.NatGateway", Action.CREATE, null, Map.of("connectivityType", "public")));
        PlanCost cost = COSTING.cost(plan("us-east-1", false, changes), null, null);
        assertEquals(0, price("us-east-1", "vpc.natGatewayHour").multiply(HOURS).compareTo(cost.delta()), cost.delta().toString());
        String text = new CostText(Terminal.plain()).plan(cost, false, LocalDate.of(2026, 12, 3));
        assertTrue(text.contains("Not included (usage-dependent): data transfer, LCUs above the assumption, DNS queries, "
                + "EBS snapshots and IOPS or throughput above gp3's baseline, data processed by NAT gateways (0 GB assumed; billed per GB)"), text);
        String items = new CostText(Terminal.plain()).breakdown(COSTING.cost(plan("us-east-1", false,
                List.of(change("nat", "aws.ec2.NatGateway", Action.NO_OP, Map.of(), Map.of()))), null, null), LocalDate.of(2026, 12, 3));
        assertTrue(items.contains("data processed: $0.00  0 GB assumed: usage, billed on top at $"
                + price("us-east-1", "vpc.natGatewayGb").toPlainString() + " per GB processed (not included)"), items);

        // Seoul's own rate, not Virginia's.
        PlanCost seoul = COSTING.cost(plan("ap-northeast-2", false, changes), null, null);
        assertEquals(0, price("ap-northeast-2", "vpc.natGatewayHour").multiply(HOURS).compareTo(seoul.delta()), seoul.delta().toString());

        // A region without a sourced NAT gateway price: unknown, never guessed; the free types stay free.
        PlanCost saoPaulo = COSTING.cost(plan("sa-east-1", false, changes), null, null);
        assertNull(saoPaulo.delta());
        assertEquals(List.of("nat"), saoPaulo.after().unknown());
        String unpriced = new CostText(Terminal.plain()).breakdown(COSTING.cost(plan("sa-east-1", false,
                List.of(change("nat", "aws.ec2.NatGateway", Action.NO_OP, Map.of(), Map.of()))), null, null), LocalDate.of(2026, 12, 3));
        assertTrue(unpriced.contains("0 GB assumed: usage, billed per GB processed on top (not included; no sourced per-GB price in sa-east-1)"),
                unpriced);
    }

    private static Map<String, Object> alarm(long periodSeconds) {
        return Map.of("name", "a", "namespace", "AWS/ApplicationELB", "metricName", "UnHealthyHostCount", "periodSeconds", periodSeconds);
    }

    @Test
    void anAlarmCostsOneAlarmMetricMonthAtItsResolutionsRate() {
        List<ResourceChange> standard = List.of(change("unhealthyHosts", "aws.cloudwatch.Alarm", Action.CREATE, null, alarm(60)),
                change("targetErrors", "aws.cloudwatch.Alarm", Action.CREATE, null, alarm(300)));
        PlanCost seoul = COSTING.cost(plan("ap-northeast-2", false, standard), null, null);
        assertEquals(0, price("ap-northeast-2", "cloudwatch.alarmStandard").multiply(BigDecimal.valueOf(2)).compareTo(seoul.delta()),
                seoul.delta().toString());

        // 10 or 30 seconds: a high-resolution alarm, at its own rate where the catalogue has it, unknown where not.
        List<ResourceChange> fast = List.of(change("fast", "aws.cloudwatch.Alarm", Action.CREATE, null, alarm(10)));
        PlanCost virginia = COSTING.cost(plan("us-east-1", false, fast), null, null);
        assertEquals(0, price("us-east-1", "cloudwatch.alarmHighResolution").compareTo(virginia.delta()), virginia.delta().toString());
        PlanCost seoulFast = COSTING.cost(plan("ap-northeast-2", false, fast), null, null);
        assertNull(seoulFast.delta());
        assertEquals(List.of("fast"), seoulFast.after().unknown());
        String text = new CostText(Terminal.plain()).plan(seoulFast, false, LocalDate.of(2026, 12, 3));
        assertTrue(text.contains("no sourced price for cloudwatch.alarmHighResolution in ap-northeast-2"), text);

        // eu-west-1 has no sourced alarm price at all.
        assertNull(COSTING.cost(plan("eu-west-1", false, standard), null, null).delta());
    }

    @Test
    void anInstanceWithAnElasticIpIsBilledForOneAddressNotTwo() {
        // nginx-certbot's first plan: the address's instanceId is the instance's id, known after apply.
        ResourceChange server = change("server", "aws.ec2.Instance", Action.CREATE, null, instance(null));
        ResourceChange ip = new ResourceChange("ip", "aws.ec2.ElasticIp", Action.CREATE, null, null, null,
                Map.of("instanceId", dev.converge.schema.Unknown.VALUE), List.of(), null, List.of(), List.of("server"), List.of());
        PlanCost cost = COSTING.cost(plan("us-east-1", false, List.of(server, ip)), null, null);
        String r = "us-east-1";
        BigDecimal expected = price(r, "ec2.linux.t3.micro").multiply(HOURS).add(price(r, "ebs.gp3").multiply(BigDecimal.valueOf(8)))
                .add(price(r, "vpc.publicIpv4Hour").multiply(HOURS));
        assertEquals(0, expected.compareTo(cost.after().known()), cost.entries().toString());
        // Applied: the live association names the instance by id.
        ResourceChange live = change("server", "aws.ec2.Instance", Action.NO_OP, instance("i-0"), instance(null));
        ResourceChange liveIp = change("ip", "aws.ec2.ElasticIp", Action.NO_OP, Map.of("instanceId", "i-0"), Map.of("instanceId", "i-0"));
        live = new ResourceChange(live.address(), live.type(), live.action(), null, "i-0", live.before(), live.after(), List.of(), null,
                List.of(), List.of(), List.of());
        PlanCost applied = COSTING.cost(plan(r, false, List.of(live, liveIp)), null, null);
        assertEquals(0, expected.compareTo(applied.before().known()));
        assertEquals(0, BigDecimal.ZERO.compareTo(applied.delta()));
    }

    @Test
    void theLcuAssumptionChangesTheLoadBalancersPrice() {
        Costing threeLcu = new Costing(CATALOGUE, Assumptions.DEFAULT.withLcu(BigDecimal.valueOf(3)), false);
        BigDecimal one = COSTING.cost(scaleOut("us-east-1"), null, null).after().known();
        BigDecimal three = threeLcu.cost(scaleOut("us-east-1"), null, null).after().known();
        BigDecimal lcu = price("us-east-1", "elb.applicationLcuHour").multiply(HOURS).multiply(BigDecimal.valueOf(2), MathContext.DECIMAL64);
        assertEquals(0, three.subtract(one).compareTo(lcu));
    }

    @Test
    void destroyTellsWhatStopsAndWhatKeepsCosting() {
        List<ResourceChange> deletes = List.of(change("web[0]", "aws.ec2.Instance", Action.DELETE, instance("i-0"), null));
        PlanCost cost = PlanCost.of(plan("us-east-1", true, deletes), new TypePricing(CATALOGUE, Assumptions.DEFAULT), CATALOGUE,
                Assumptions.DEFAULT, false, List.of("example.com"));
        String text = new CostText(Terminal.plain()).plan(cost, true, LocalDate.of(2026, 12, 3));
        assertTrue(text.contains("Destroy stops " + Money.amount(cost.before().known()) + "/month."), text);
        assertTrue(text.contains("Still costing after destroy: hosted zone example.com (looked up, not owned by the stack): $0.50/month"), text);
    }

    @Test
    void aForgottenResourceLeavesTheStacksCostButIsStillBilled() {
        List<ResourceChange> changes = List.of(change("web[0]", "aws.ec2.Instance", Action.NO_OP, instance("i-0"), instance(null)),
                change("web[1]", "aws.ec2.Instance", Action.FORGET, instance("i-1"), null));
        PlanCost cost = PlanCost.of(plan("us-east-1", false, changes), new TypePricing(CATALOGUE, Assumptions.DEFAULT), CATALOGUE,
                Assumptions.DEFAULT, false, List.of());
        PlanCost.Entry forgotten = cost.entries().get(1);
        assertNull(forgotten.after());
        assertEquals(cost.before().known().subtract(cost.after().known()), forgotten.before().monthly());
        String text = new CostText(Terminal.plain()).plan(cost, false, LocalDate.of(2026, 12, 3));
        assertTrue(text.contains("  . web[1]  " + Money.amount(forgotten.before().monthly()) + " leaves the stack, still billed to the account"),
                text);
    }

    @Test
    void aPlanWithACatalogueOlderThanAYearPrintsOneWarningLine() {
        PlanCost cost = COSTING.cost(scaleOut("us-east-1"), null, null);
        String fresh = new CostText(Terminal.plain()).plan(cost, false, CATALOGUE.asOf().plusMonths(11));
        String stale = new CostText(Terminal.plain()).plan(cost, false, CATALOGUE.asOf().plusYears(1).plusDays(1));
        assertTrue(fresh.lines().noneMatch(l -> l.startsWith("warning:")), fresh);
        assertEquals(List.of("warning: the price catalogue is from " + CATALOGUE.asOf() + ", more than a year old; AWS prices may have changed "
                + "(regenerate it with bin/converge-catalogue)"), stale.lines().filter(l -> l.startsWith("warning:")).toList());
    }

    @Test
    void theBudgetRefusesAPlanOverItNamingTheBiggestItems() {
        PlanCost cost = COSTING.cost(scaleOut("us-east-1"), null, null);
        String refusal = new Budget(BigDecimal.TEN).exceededBy(cost).orElseThrow();
        assertTrue(refusal.contains("over the budget of $10.00/month; the biggest items: alb "), refusal);
        assertTrue(new Budget(BigDecimal.valueOf(1000)).exceededBy(cost).isEmpty());
    }

    /**
     * The cost sections as users read them, compared with golden files in src/test/resources/golden.
     * They follow the bundled catalogue: after a refresh or an intended rendering change, regenerate
     * with {@code mvn test -Dtest=PlanCostTest -Dgolden.update=true} and review the diff.
     */
    @Test
    void costSectionsMatchTheirGoldenFiles() throws Exception {
        PlanCost scale = COSTING.cost(scaleOut("ap-northeast-2"), null, null);
        golden("cost-scale-out.txt", new CostText(Terminal.plain()).plan(scale, false, LocalDate.of(2026, 12, 3)));
        golden("cost-scale-out.md", CostMarkdown.of(scale));
        List<ResourceChange> deletes = scaleOut("ap-northeast-2").changes().stream().filter(c -> c.before() != null)
                .map(c -> change(c.address(), c.type(), Action.DELETE, c.before(), null)).toList();
        PlanCost destroy = PlanCost.of(plan("ap-northeast-2", true, deletes), new TypePricing(CATALOGUE, Assumptions.DEFAULT), CATALOGUE,
                Assumptions.DEFAULT, true, List.of("example.com"));
        golden("cost-destroy-sandbox.txt", new CostText(Terminal.plain()).plan(destroy, true, LocalDate.of(2026, 12, 3)));
        golden("cost-breakdown.txt", new CostText(Terminal.plain()).breakdown(scale, LocalDate.of(2026, 12, 3)));
    }

    private static void golden(String name, String actual) throws Exception {
        java.nio.file.Path file = java.nio.file.Path.of("src/test/resources/golden", name);
        if (Boolean.getBoolean("golden.update")) java.nio.file.Files.writeString(file, actual);
        assertTrue(java.nio.file.Files.exists(file), "no golden file " + file + ": run with -Dgolden.update=true and review it");
        assertEquals(java.nio.file.Files.readString(file), actual, "the rendering of " + name + " changed; if intended, regenerate with -Dgolden.update=true");
    }

    @Test
    void jsonCarriesNumbersCurrencyAssumptionsAndTheCatalogueDate() {
        Map<String, Object> json = CostJson.of(COSTING.cost(scaleOut("us-east-1"), null, null));
        assertEquals("USD", json.get("currency"));
        assertEquals(CATALOGUE.asOf().toString(), json.get("catalogueDate"));
        assertTrue(json.get("delta") instanceof BigDecimal);
        assertTrue(((Map<?, ?>) json.get("assumptions")).containsKey("lcuPerLoadBalancer"));
    }
}
