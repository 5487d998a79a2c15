package dev.converge.cost;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code --pricing live} against the Price List API played from recorded answers: asked once, then
 * cached for a day, asked again after it, and the catalogue (one warning line) when AWS refuses.
 */
class LivePricesTest {

    private static final PriceCatalogue BUNDLED = PriceCatalogue.bundled();
    private static final Instant NOON = Instant.parse("2026-12-03T12:00:00Z");

    @TempDir
    Path cache;

    private RecordedPriceList priceList;
    private final List<String> warnings = new ArrayList<>();

    @BeforeEach
    void start() {
        priceList = new RecordedPriceList();
    }

    @AfterEach
    void stop() {
        priceList.close();
    }

    private PriceCatalogue ask(Instant now, String... types) {
        try (PriceListApi api = priceList.api()) {
            return new LivePrices(api, cache, BUNDLED, Clock.fixed(now, ZoneOffset.UTC), warnings::add).catalogueFor("us-east-1", Set.of(types));
        }
    }

    private static BigDecimal usd(PriceCatalogue c, String key) {
        return c.find("us-east-1", key).orElseThrow(() -> new AssertionError(key)).usd();
    }

    @Test
    void asksTheApiOnceThenUsesTheCachedAnswerForADay() {
        priceList.recordedAnswers();
        PriceCatalogue first = ask(NOON, "t3.micro");
        int asked = priceList.requests();
        assertTrue(asked >= 7, "one query per item, two pages for t3.micro: " + asked);
        assertEquals(0, new BigDecimal("0.0104").compareTo(usd(first, "ec2.linux.t3.micro")));
        assertTrue(first.find("us-east-1", "ec2.linux.t3.micro").orElseThrow().source().startsWith("AWS Price List Query API (GetProducts"));
        // gp2 has no product in the recorded answer: the catalogue's sourced price stays, it is not dropped or guessed.
        assertEquals(BUNDLED.find("us-east-1", "ebs.gp2"), first.find("us-east-1", "ebs.gp2"));
        assertTrue(Files.isRegularFile(cache.resolve("us-east-1.json")));

        PriceCatalogue again = ask(NOON.plus(Duration.ofHours(23)), "t3.micro");
        assertEquals(asked, priceList.requests(), "within a day the cached answer is used: no request");
        assertEquals(usd(first, "ec2.linux.t3.micro"), usd(again, "ec2.linux.t3.micro"));
        assertEquals(List.of(), warnings);
    }

    @Test
    void anAnswerOlderThanADayIsAskedAgain() {
        priceList.recordedAnswers();
        ask(NOON, "t3.micro");
        int asked = priceList.requests();
        ask(NOON.plus(LivePrices.TTL).plusSeconds(1), "t3.micro");
        assertEquals(2 * asked, priceList.requests(), "expired: every item asked again");
    }

    @Test
    void aTypeTheCachedAnswerDidNotAskForIsAsked() {
        priceList.recordedAnswers();
        ask(NOON, "t3.micro");
        int asked = priceList.requests();
        PriceCatalogue wider = ask(NOON.plusSeconds(60), "t3.micro", "t3.small");
        assertTrue(priceList.requests() > asked);
        // t3.small has no recorded product: the catalogue's price for it stays.
        assertEquals(BUNDLED.find("us-east-1", "ec2.linux.t3.small"), wider.find("us-east-1", "ec2.linux.t3.small"));
    }

    @Test
    void whenAwsRefusesThePlanUsesTheCatalogueWithOneWarningLine() {
        priceList.denyEverything();
        PriceCatalogue c = ask(NOON, "t3.micro");
        assertEquals(BUNDLED, c);
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: the AWS Price List API could not be asked ("), warnings.get(0));
        assertTrue(warnings.get(0).contains("not authorized to perform: pricing:GetProducts"), warnings.get(0));
        assertTrue(warnings.get(0).endsWith("prices come from the catalogue of " + BUNDLED.asOf() + " instead"), warnings.get(0));
        assertFalse(Files.exists(cache.resolve("us-east-1.json")), "a failure is not cached");
    }

    @Test
    void aBrokenCacheFileIsAskedAgainNotTrusted() throws Exception {
        priceList.recordedAnswers();
        Files.writeString(cache.resolve("us-east-1.json"), "{ not json");
        PriceCatalogue c = ask(NOON, "t3.micro");
        assertTrue(priceList.requests() > 0);
        assertEquals(0, new BigDecimal("0.0104").compareTo(usd(c, "ec2.linux.t3.micro")));
    }
}
