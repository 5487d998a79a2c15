package dev.converge.e2e;

import dev.converge.cost.Money;
import dev.converge.cost.PriceCatalogue;
import dev.converge.cost.RecordedPriceList;
import dev.converge.testing.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code plan --pricing live} through the real command line: the Price List API played by WireMock
 * from recorded us-east-1 answers (reached through the SDK's own {@code aws.endpointUrlPricing}, as
 * AWS_ENDPOINT_URL_PRICING would), asked once and then read from the project's cache, the catalogue
 * with one warning line when AWS refuses, and no request at all without the option.
 */
class LivePricingIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private RecordedPriceList priceList;

    @BeforeEach
    void start() throws Exception {
        priceList = new RecordedPriceList();
        System.setProperty("aws.endpointUrlPricing", priceList.server.baseUrl());
        System.setProperty("aws.accessKeyId", "AKIDEXAMPLE");
        System.setProperty("aws.secretAccessKey", "secret");
        Path cache = sandbox.dir.resolve("home").resolve("pricing");
        if (Files.isDirectory(cache)) {
            try (var files = Files.list(cache)) {
                for (Path f : files.toList()) Files.delete(f);
            }
        }
    }

    @AfterEach
    void stop() {
        System.clearProperty("aws.endpointUrlPricing");
        System.clearProperty("aws.accessKeyId");
        System.clearProperty("aws.secretAccessKey");
        priceList.close();
    }

    private Cli.Result plan(String... extra) {
        String[] args = new String[5 + extra.length];
        System.arraycopy(new String[]{"plan", sandbox.stack("elb-https.yaml").toString(), "--sandbox", "--region", "us-east-1"}, 0, args, 0, 5);
        System.arraycopy(extra, 0, args, 5, extra.length);
        return sandbox.expect(0, args);
    }

    /** Whether the plan prices web[0] (a t3.micro, its 8 GB root volume at gp3 USD per GB-month, its address) so. */
    private static boolean webServerAt(Cli.Result plan, String gp3) {
        PriceCatalogue c = PriceCatalogue.bundled();
        BigDecimal hours = BigDecimal.valueOf(c.hoursPerMonth());
        BigDecimal monthly = c.find("us-east-1", "ec2.linux.t3.micro").orElseThrow().usd().multiply(hours)
                .add(new BigDecimal(gp3).multiply(BigDecimal.valueOf(8)))
                .add(c.find("us-east-1", "vpc.publicIpv4Hour").orElseThrow().usd().multiply(hours));
        return plan.out().lines().anyMatch(l -> l.contains("web[0]") && l.contains(Money.amount(monthly)));
    }

    @Test
    void pricesComeFromThePriceListOnceThenFromTheCacheForADay() {
        priceList.recordedAnswers();
        priceList.gp3CostsInstead("0.0850000000");
        Cli.Result live = plan("--pricing", "live");
        int asked = priceList.requests();
        assertTrue(asked > 0, "the Price List API was asked");
        assertTrue(live.out().contains("price catalogue of " + LocalDate.now()), live::toString);
        assertTrue(webServerAt(live, "0.085"), live::toString);
        assertTrue(Files.isRegularFile(sandbox.dir.resolve("home").resolve("pricing").resolve("us-east-1.json")));

        Cli.Result cached = plan("--pricing", "live");
        assertEquals(asked, priceList.requests(), "the cached answer is used: no request");
        assertTrue(webServerAt(cached, "0.085"), cached::toString);

        Cli.Result catalogue = plan();
        assertEquals(asked, priceList.requests(), "without --pricing live nothing is asked");
        BigDecimal gp3 = PriceCatalogue.bundled().find("us-east-1", "ebs.gp3").orElseThrow().usd();
        assertTrue(webServerAt(catalogue, gp3.toPlainString()), catalogue::toString);
        assertTrue(catalogue.out().contains("price catalogue of " + PriceCatalogue.bundled().asOf()), catalogue::toString);
    }

    @Test
    void whenThePriceListRefusesThePlanUsesTheCatalogueWithOneWarningLine() {
        priceList.denyEverything();
        Cli.Result r = plan("--pricing", "live");
        String all = r.out() + r.err();
        assertEquals(1, all.lines().filter(l -> l.contains("the AWS Price List API could not be asked")).count(), r::toString);
        assertTrue(all.contains("prices come from the catalogue of " + PriceCatalogue.bundled().asOf() + " instead"), r::toString);
        assertTrue(r.out().contains("price catalogue of " + PriceCatalogue.bundled().asOf()), r::toString);
        assertFalse(Files.exists(sandbox.dir.resolve("home").resolve("pricing").resolve("us-east-1.json")), "a failure is not cached");
    }
}
