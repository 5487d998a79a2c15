package dev.converge.cost;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CatalogueReaderTest {

    private static PriceCatalogue read(String json) throws Exception {
        return CatalogueReader.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static String catalogue(String asOf, String price) {
        return """
                {"currency": "USD", "asOf": "%s", "hoursPerMonth": 730,
                 "global": {"route53.hostedZone": {"usd": 0.5, "unit": "month", "source": "Route 53 pricing", "sourceDate": "2026-12-03"}},
                 "regions": {"us-east-1": {"ec2.linux.t3.micro": %s}}}
                """.formatted(asOf, price);
    }

    @Test
    void theBundledCatalogueIsValidSourcedAndCoversTheDocsRegions() {
        PriceCatalogue c = PriceCatalogue.bundled();
        assertEquals("USD", c.currency());
        assertEquals(730, c.hoursPerMonth());
        for (String region : List.of("us-east-1", "ap-northeast-2", "eu-west-1")) {
            assertTrue(c.regions().containsKey(region), region);
            assertTrue(c.find(region, "vpc.publicIpv4Hour").isPresent(), "public IPv4 in " + region);
        }
        c.regions().values().forEach(prices -> prices.values().forEach(p -> assertFalse(p.source().isBlank())));
        assertEquals(0, new BigDecimal("0.50").compareTo(c.find("ap-northeast-2", "route53.hostedZone").orElseThrow().usd()));
    }

    /**
     * What the bundled catalogue holds for the regions the docs use, pinned so that docs/cost.md's
     * table and the file cannot drift apart: a price added or dropped changes this list, and the
     * table with it. Absent items are unknown in plans (never borrowed from another region).
     */
    @Test
    void theDocsRegionsHoldExactlyTheItemsDocsCostMdLists() {
        PriceCatalogue c = PriceCatalogue.bundled();
        Set<String> every = new TreeSet<>(PriceCatalogue.REGIONAL_KEYS);
        every.addAll(List.of("ec2.linux.t3.micro", "ec2.linux.t3.small", "ec2.linux.t3.medium"));
        Map<String, Set<String>> unknown = Map.of(
                "us-east-1", Set.of(),
                "ap-northeast-2", Set.of("cloudwatch.alarmHighResolution"),
                "eu-west-1", Set.of("ec2.linux.t3.small", "ec2.linux.t3.medium", "cloudwatch.alarmStandard", "cloudwatch.alarmHighResolution"));
        unknown.forEach((region, absent) -> {
            Set<String> expected = new TreeSet<>(every);
            expected.removeAll(absent);
            assertEquals(expected, new TreeSet<>(c.regions().get(region).keySet()), region);
        });
        assertEquals(Set.of("us-east-1", "ap-northeast-2", "eu-west-1"), c.regions().keySet());
        // Seoul, where our users deploy: the figures of docs/cost.md's table.
        assertEquals(0, new BigDecimal("0.059").compareTo(c.find("ap-northeast-2", "vpc.natGatewayHour").orElseThrow().usd()));
        assertEquals(0, new BigDecimal("0.059").compareTo(c.find("ap-northeast-2", "vpc.natGatewayGb").orElseThrow().usd()));
        assertEquals(0, new BigDecimal("0.114").compareTo(c.find("ap-northeast-2", "ebs.gp2").orElseThrow().usd()));
        assertEquals(0, new BigDecimal("0.10").compareTo(c.find("ap-northeast-2", "cloudwatch.alarmStandard").orElseThrow().usd()));
    }

    /** docs/cost.md's price table, row label → item key. */
    private static final Map<String, String> DOC_ROWS = Map.ofEntries(
            Map.entry("t3.micro, Linux, per hour", "ec2.linux.t3.micro"),
            Map.entry("t3.small, Linux, per hour", "ec2.linux.t3.small"),
            Map.entry("t3.medium, Linux, per hour", "ec2.linux.t3.medium"),
            Map.entry("EBS gp3, per GB-month", "ebs.gp3"),
            Map.entry("EBS gp2, per GB-month", "ebs.gp2"),
            Map.entry("ALB, per hour", "elb.applicationHour"),
            Map.entry("ALB LCU, per hour", "elb.applicationLcuHour"),
            Map.entry("Public IPv4 address, per hour", "vpc.publicIpv4Hour"),
            Map.entry("NAT gateway, per hour", "vpc.natGatewayHour"),
            Map.entry("NAT gateway, per GB processed (usage, not in the monthly figure)", "vpc.natGatewayGb"),
            Map.entry("CloudWatch standard-resolution alarm, per alarm metric-month", "cloudwatch.alarmStandard"),
            Map.entry("CloudWatch high-resolution alarm, per alarm metric-month", "cloudwatch.alarmHighResolution"));

    @Test
    void docsCostMdShowsTheCataloguesPricesAndUnknownsAsTheyAre() throws Exception {
        PriceCatalogue c = PriceCatalogue.bundled();
        List<String> lines = java.nio.file.Files.readAllLines(java.nio.file.Path.of("docs/cost.md"));
        int start = lines.indexOf("| Item | us-east-1 | ap-northeast-2 | eu-west-1 |");
        assertTrue(start >= 0, "docs/cost.md has the price table");
        List<String> regions = List.of("us-east-1", "ap-northeast-2", "eu-west-1");
        Set<String> seen = new TreeSet<>();
        for (int i = start + 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            String[] cells = lines.get(i).split("\\|");
            String key = DOC_ROWS.get(cells[1].strip());
            assertTrue(key != null, "a row docs/cost.md has and this test does not know: " + cells[1]);
            seen.add(key);
            for (int r = 0; r < regions.size(); r++) {
                String shown = cells[r + 2].strip();
                var price = c.regions().get(regions.get(r)).get(key);
                if (shown.equals("unknown")) assertTrue(price == null, key + " in " + regions.get(r) + " is in the catalogue");
                else assertEquals(0, new BigDecimal(shown).compareTo(price == null ? BigDecimal.valueOf(-1) : price.usd()),
                        key + " in " + regions.get(r) + ": docs say " + shown);
            }
        }
        assertEquals(new TreeSet<>(DOC_ROWS.values()), seen, "every row");
    }

    @Test
    void aPriceInAnotherUnitThanItsItemsIsRefusedRatherThanMisapplied() {
        // A per-GB-month price under an hourly item would be multiplied by 730 hours.
        CatalogueException e = assertThrows(CatalogueException.class, () -> read(catalogue("2026-12-03",
                "{\"usd\": 0.08, \"unit\": \"GB-month\", \"source\": \"x\", \"sourceDate\": \"2026-01-01\"}")));
        assertEquals(List.of("us-east-1.ec2.linux.t3.micro: is priced per hour, not per GB-month"), e.problems());
        assertEquals("GB", PriceCatalogue.unitOf("vpc.natGatewayGb"));
        assertEquals("month", PriceCatalogue.unitOf("cloudwatch.alarmStandard"));
        assertEquals("hour", PriceCatalogue.unitOf("ec2.linux.m7g.large"));
    }

    @Test
    void aPriceIsReadWithItsSourceAndRegionalPricesComeBeforeGlobalOnes() throws Exception {
        PriceCatalogue c = read(catalogue("2026-12-03",
                "{\"usd\": 0.0104, \"unit\": \"hour\", \"source\": \"Price List SKU CRAJUW7BTXFMT2UJ\", \"sourceDate\": \"2026-09-01\"}"));
        Price p = c.find("us-east-1", "ec2.linux.t3.micro").orElseThrow();
        assertEquals(new BigDecimal("0.0104"), p.usd());
        assertEquals("Price List SKU CRAJUW7BTXFMT2UJ", p.source());
        assertTrue(c.find("eu-west-1", "ec2.linux.t3.micro").isEmpty(), "absent is unknown, never borrowed from another region");
        assertTrue(c.find("eu-west-1", "route53.hostedZone").isPresent());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        CatalogueException e = assertThrows(CatalogueException.class, () -> read(catalogue("yesterday",
                "{\"usd\": -1, \"unit\": \"hour\", \"source\": \"x\", \"sourceDate\": \"2026-01-01\"}")));
        assertEquals(2, e.problems().size(), e.problems().toString());
        CatalogueException noSource = assertThrows(CatalogueException.class, () -> read(catalogue("2026-12-03",
                "{\"usd\": 0.01, \"unit\": \"day\", \"source\": \" \", \"sourceDate\": \"soon\"}")));
        assertEquals(List.of("us-east-1.ec2.linux.t3.micro: unit must be one of [hour, GB-month, month, GB], not 'day'",
                "us-east-1.ec2.linux.t3.micro: has no source (every price says where it was read)",
                "us-east-1.ec2.linux.t3.micro: sourceDate must be a date (YYYY-MM-DD), not 'soon'").stream().sorted().toList(),
                noSource.problems().stream().sorted().toList());
        assertThrows(CatalogueException.class, () -> read(catalogue("2026-12-03",
                "{\"usd\": 0.01, \"unit\": \"hour\", \"source\": \"x\", \"sourceDate\": \"2026-01-01\"}").replace("us-east-1\"", "moon-base\"")));
    }

    @Test
    void aCatalogueOlderThanAYearWarnsOnce() throws Exception {
        PriceCatalogue c = read(catalogue("2025-01-10",
                "{\"usd\": 0.0104, \"unit\": \"hour\", \"source\": \"s\", \"sourceDate\": \"2025-01-01\"}"));
        assertTrue(c.staleWarning(LocalDate.of(2026, 1, 10)).isEmpty(), "exactly a year is not stale");
        String w = c.staleWarning(LocalDate.of(2026, 1, 11)).orElseThrow();
        assertTrue(w.startsWith("warning: the price catalogue is from 2025-01-10"), w);
        assertFalse(w.contains("\n"), "one line");
    }
}
