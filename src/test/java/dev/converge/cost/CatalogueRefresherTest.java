package dev.converge.cost;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.StringValuePattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.and;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The catalogue regenerated from the Price List Query API, against recorded GetProducts answers
 * served by WireMock as AWS would ({@link RecordedPriceList}).
 */
class CatalogueRefresherTest {

    private RecordedPriceList priceList;
    private WireMockServer server;
    private PriceListApi client;

    @BeforeEach
    void start() {
        priceList = new RecordedPriceList();
        server = priceList.server;
        client = priceList.api();
    }

    @AfterEach
    void stop() {
        client.close();
        priceList.close();
    }

    private static StringValuePattern filter(String field, String value) {
        return RecordedPriceList.filter(field, value);
    }

    private void recordedAnswers() {
        priceList.recordedAnswers();
    }

    private CatalogueRefresher.Result refresh() {
        return new CatalogueRefresher(client)
                .refresh(List.of("us-east-1"), List.of("t3.micro"), PriceCatalogue.bundled(), LocalDate.of(2026, 12, 3));
    }

    private static void assertPrice(PriceCatalogue c, String key, String usd) {
        assertEquals(0, new BigDecimal(usd).compareTo(c.find("us-east-1", key).orElseThrow(() -> new AssertionError(key)).usd()), key);
    }

    @Test
    void everyItemComesFromItsProductWithSkuDescriptionAndDate() throws Exception {
        recordedAnswers();
        CatalogueRefresher.Result r = refresh();
        PriceCatalogue c = r.catalogue();
        assertEquals(LocalDate.of(2026, 12, 3), c.asOf());
        assertPrice(c, "elb.applicationHour", "0.0225");      // not the Outposts product's $0
        assertPrice(c, "elb.applicationLcuHour", "0.008");
        assertPrice(c, "vpc.publicIpv4Hour", "0.005");
        assertPrice(c, "ebs.gp3", "0.08");
        assertPrice(c, "ec2.linux.t3.micro", "0.0104");       // page 2's reservation product is not it
        assertPrice(c, "route53.hostedZone", "0.5");          // the first tier, not the one above 25 zones
        Price micro = c.find("us-east-1", "ec2.linux.t3.micro").orElseThrow();
        assertEquals("AWS Price List Query API (GetProducts, AmazonEC2), SKU CRAJUW7BTXFMT2UJ: "
                + "'$0.0104 per On Demand Linux t3.micro Instance Hour'", micro.source());
        assertEquals("2026-11-01", micro.sourceDate());
        assertTrue(c.find("us-east-1", "acm.publicCertificate").isPresent(), "ACM has no Price List product; its sourced entry is kept");
        assertEquals(List.of("ebs.gp2 in us-east-1: no matching Price List product"), r.missing());
        assertTrue(c.find("us-east-1", "ebs.gp2").isEmpty(), "absent, so plans show it as unknown");
        // The zonal NAT gateway's products, not the regional kind listed before them.
        assertPrice(c, "vpc.natGatewayHour", "0.045");
        assertPrice(c, "vpc.natGatewayGb", "0.045");
        assertEquals("AWS Price List Query API (GetProducts, AmazonEC2), SKU TESTNATHOURS0001: '$0.045 per NAT Gateway Hour'",
                c.find("us-east-1", "vpc.natGatewayHour").orElseThrow().source());
        assertEquals("GB", c.find("us-east-1", "vpc.natGatewayGb").orElseThrow().unit());
        // No query asks for CloudWatch alarms: their sourced entries are kept, and said to be.
        PriceCatalogue bundled = PriceCatalogue.bundled();
        for (String alarm : List.of("cloudwatch.alarmStandard", "cloudwatch.alarmHighResolution")) {
            assertEquals(bundled.find("us-east-1", alarm), c.find("us-east-1", alarm), alarm);
            assertTrue(r.kept().stream().anyMatch(k -> k.startsWith(alarm + " in us-east-1: not asked of the Price List; kept with its source")),
                    r.kept().toString());
        }
        assertEquals(2, r.kept().size(), r.kept().toString());
        server.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(filter("instanceType", "t3.micro")));
        server.verify(postRequestedFor(urlEqualTo("/")).withRequestBody(and(filter("operatingSystem", "Linux"),
                filter("tenancy", "Shared"), filter("preInstalledSw", "NA"), filter("capacitystatus", "Used"))));
    }

    @Test
    void twoDifferentPricesForOneItemLeaveItOutRatherThanPickOne() throws Exception {
        recordedAnswers();
        // A second, different gp3 price for the same query: which one applies is not knowable here.
        String gp3 = Files.readString(Path.of("src/test/resources/pricelist/ebs-gp3.json"));
        String twice = gp3.replaceFirst("\\[\\s*\"", "[\"" + java.util.regex.Matcher.quoteReplacement(
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(gp3).path("PriceList").get(0).asText()
                        .replace("7U7TWP44UP36AT3R", "X9X9X9X9X9X9X9X9").replace("0.0800000000", "0.0950000000")
                        .replace("\"", "\\\"")) + "\", \"");
        server.stubFor(post(urlEqualTo("/")).withRequestBody(filter("volumeApiName", "gp3"))
                .willReturn(aResponse().withHeader("Content-Type", "application/x-amz-json-1.1").withBody(twice)));
        CatalogueRefresher.Result r = refresh();
        assertTrue(r.catalogue().find("us-east-1", "ebs.gp3").isEmpty());
        assertTrue(r.missing().stream().anyMatch(m -> m.startsWith("ebs.gp3 in us-east-1: ambiguous, 2 products with different prices")),
                r.missing().toString());
    }
}
