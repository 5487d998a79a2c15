package dev.converge.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.converge.cost.Money;
import dev.converge.cost.PriceCatalogue;
import dev.converge.json.Json;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Money through the real command line against the sandbox, with the elb-https stack: every figure
 * the test expects is computed from the catalogue in the jar, never copied from an output.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CostIT {

    private static final String REGION = "ap-northeast-2";
    private static final PriceCatalogue CATALOGUE = PriceCatalogue.bundled();
    private static final BigDecimal HOURS = BigDecimal.valueOf(CATALOGUE.hoursPerMonth());

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static BigDecimal price(String key) {
        return CATALOGUE.find(REGION, key).orElseThrow().usd();
    }

    /** One web server: a t3.micro, its 8 GB gp3 root volume and its public IPv4 address. */
    private static BigDecimal webServer() {
        return price("ec2.linux.t3.micro").multiply(HOURS).add(price("ebs.gp3").multiply(BigDecimal.valueOf(8)))
                .add(price("vpc.publicIpv4Hour").multiply(HOURS));
    }

    /** The load balancer: its hours, one LCU, and a public address in each zone it spans. */
    private static BigDecimal loadBalancer() {
        int zones = sandbox.aws.json("elbv2", "describe-load-balancers", "--names", "elb-https")
                .path("LoadBalancers").get(0).path("AvailabilityZones").size();
        return price("elb.applicationHour").add(price("elb.applicationLcuHour")).multiply(HOURS)
                .add(price("vpc.publicIpv4Hour").multiply(HOURS).multiply(BigDecimal.valueOf(zones)));
    }

    private String stack() {
        return sandbox.stack("elb-https.yaml").toString();
    }

    @Test
    @Order(1)
    void applyEndsWithTheRunRate() {
        Cli.Result applied = sandbox.expect(0, "apply", stack(), "--sandbox", "--auto-approve");
        BigDecimal runRate = loadBalancer().add(webServer().multiply(BigDecimal.valueOf(2)));
        assertTrue(applied.out().contains("Run-rate now: " + Money.amount(runRate) + "/month (estimate; the sandbox bills nothing)"), applied::toString);
        assertTrue(applied.out().contains("Cost estimate (sandbox: AWS list prices for ap-northeast-2"), applied::toString);
    }

    @Test
    @Order(2)
    void oneMoreInstanceCostsOneT3MicroItsRootVolumeAndItsAddress() throws Exception {
        Cli.Result plan = sandbox.expect(0, "plan", stack(), "--sandbox", "--var", "instanceCount=3", "--json");
        JsonNode cost = Json.mapper().readTree(plan.out()).path("cost");
        assertEquals("USD", cost.path("currency").asText());
        assertEquals(CATALOGUE.asOf().toString(), cost.path("catalogueDate").asText());
        assertEquals(0, Money.cents(webServer()).compareTo(cost.path("delta").decimalValue()), cost::toString);
        Cli.Result text = sandbox.expect(0, "plan", stack(), "--sandbox", "--var", "instanceCount=3");
        BigDecimal before = loadBalancer().add(webServer().multiply(BigDecimal.valueOf(2)));
        String line = "Cost estimate: " + Money.amount(before) + "/month → " + Money.amount(before.add(webServer())) + "/month ("
                + Money.signed(webServer()) + "/month)";
        assertTrue(text.out().contains(line), () -> line + "\n" + text);
        assertTrue(text.out().contains("Not included (usage-dependent): data transfer, LCUs above the assumption, DNS queries"), text::toString);
    }

    @Test
    @Order(3)
    void theBudgetGuardExitsOneNamingTheBiggestItemsAndZeroUnderBudget() {
        Cli.Result over = sandbox.expect(1, "plan", stack(), "--sandbox", "--var", "instanceCount=3", "--max-monthly-cost", "60");
        assertTrue(over.err().contains("over the budget of $60.00/month; the biggest items: alb "), over::toString);
        sandbox.expect(0, "plan", stack(), "--sandbox", "--var", "instanceCount=3", "--max-monthly-cost", "200");
        Cli.Result refused = sandbox.expect(1, "apply", stack(), "--sandbox", "--var", "instanceCount=3", "--auto-approve",
                "--max-monthly-cost", "60");
        assertTrue(refused.err().contains("nothing was changed"), refused::toString);
        // The same limit written in the stack file, and the command line's overriding it.
        java.nio.file.Path budgeted = sandbox.stack("elb-https-budget.yaml");
        try {
            java.nio.file.Files.writeString(budgeted, java.nio.file.Files.readString(sandbox.stack("elb-https.yaml"))
                    .replace("\nregion: ap-northeast-2\n", "\nregion: ap-northeast-2\nbudget: { monthly: 60 }\n"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        Cli.Result fromFile = sandbox.expect(1, "plan", budgeted.toString(), "--sandbox", "--var", "instanceCount=3");
        assertTrue(fromFile.err().contains("over the budget of $60.00/month; the biggest items: alb "), fromFile::toString);
        sandbox.expect(0, "plan", budgeted.toString(), "--sandbox", "--var", "instanceCount=3", "--max-monthly-cost", "200");
        assertEquals(2, sandbox.aws.json("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=running")
                .path("Reservations").findValues("InstanceId").size(), "the refused apply launched nothing");
    }

    @Test
    @Order(4)
    void costShowsTheLiveBreakdown() {
        Cli.Result cost = sandbox.expect(0, "cost", stack(), "--sandbox");
        BigDecimal total = loadBalancer().add(webServer().multiply(BigDecimal.valueOf(2)));
        assertTrue(cost.out().contains("Total: " + Money.amount(total) + "/month"), cost::toString);
        assertTrue(cost.out().contains("hosted zone example.com (looked up, not owned by the stack): $0.50"), cost::toString);
    }

    @Test
    @Order(5)
    void destroySaysWhatStopsCostingAndWhatStays() {
        BigDecimal total = loadBalancer().add(webServer().multiply(BigDecimal.valueOf(2)));
        Cli.Result destroyed = sandbox.expect(0, "destroy", stack(), "--sandbox", "--auto-approve");
        assertTrue(destroyed.out().contains("Destroy stops an estimated " + Money.amount(total) + "/month."), destroyed::toString);
        assertTrue(destroyed.out().contains("Still costing after destroy: hosted zone example.com (looked up, not owned by the stack): $0.50/month"),
                destroyed::toString);
    }
}
