package dev.converge.addr;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AddressTest {

    /** ELBv2's, ACM's and SSM's rule for tag values, the strictest of the services Converge tags. */
    private static final Pattern AWS_TAG_VALUE = Pattern.compile("^[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]{0,256}$");

    private static final List<Address> SAMPLES = List.of(
            Address.resource("alb"), Address.resource("web", 0), Address.resource("web", 12), Address.data("vpc"),
            Address.resource("sg", "a"), Address.resource("sg", "api/v1"), Address.resource("sg", "a b"),
            Address.resource("sg", "quote\"back\\slash"), Address.resource("sg", "+plus"), Address.resource("sg", "서울"),
            Address.resource("sg", "tab\tnew\nline"), Address.resource("sg", ""), Address.resource("sg", "0"),
            Address.resource("web").inModule("site"), Address.data("zone").inModule("site"),
            Address.resource("web", 2).inModule("site"), Address.resource("sg", "x.y:z").inModule("site-2"));

    /**
     * What made a load of 100,000 counted instances take 24 s: {@code r1[0..999]}, {@code r2[0..999]},
     * ... hashed to a tenth as many values, so every map of addresses degraded into lists. Checked
     * here by counting, which no machine's load can make flaky.
     */
    @Test
    void countedInstancesOfManyResourcesHashApart() {
        java.util.Set<Integer> hashes = new java.util.HashSet<>();
        int n = 0;
        for (int r = 0; r < 100; r++) {
            for (int i = 0; i < 1000; i++, n++) hashes.add(Address.resource("r" + r, i).hashCode());
        }
        assertTrue(hashes.size() > n * 0.99, hashes.size() + " distinct hash codes for " + n + " addresses");
    }

    @Test
    void theWrittenFormReadsBackAsItself() {
        for (Address a : SAMPLES) assertEquals(a, Address.parse(a.toString()), a.toString());
    }

    @Test
    void theTagFormIsValidEverywhereAndReadsBackAsItself() {
        for (Address a : SAMPLES) {
            assertTrue(AWS_TAG_VALUE.matcher(a.tag()).matches(), a.tag());
            assertEquals(Optional.of(a), Address.fromTag(a.tag()), a.tag());
        }
    }

    @Test
    void writtenForms() {
        assertEquals("sg[\"a\"]", Address.resource("sg", "a").toString());
        assertEquals("sg[\"q\\\"\"]", Address.resource("sg", "q\"").toString());
        assertEquals("module.site.data.zone", Address.data("zone").inModule("site").toString());
        assertEquals("module.site.web[1]", Address.resource("web", 1).inModule("site").toString());
    }

    @Test
    void plainAddressesKeepTheirTagAndCountedOnesMoveToAFormElbv2Accepts() {
        assertEquals("alb", Address.resource("alb").tag());
        assertEquals("web:0", Address.resource("web", 0).tag());
        assertEquals("sg/a+20b", Address.resource("sg", "a b").tag());
        assertEquals("sg/+2B", Address.resource("sg", "+").tag());
        assertEquals("sg/서울", Address.resource("sg", "서울").tag());
        assertEquals("module.site.web", Address.resource("web").inModule("site").tag());
        // "web[0]" is what earlier versions wrote, and was refused by ELBv2: it still names web[0].
        assertFalse(AWS_TAG_VALUE.matcher("web[0]").matches());
        assertEquals(Optional.of(Address.resource("web", 0)), Address.fromTag("web[0]"));
    }

    @Test
    void theKeyZeroAndTheIndexZeroAreTwoAddresses() {
        assertNotEquals(Address.resource("sg", 0), Address.resource("sg", "0"));
        assertNotEquals(Address.resource("sg", 0).tag(), Address.resource("sg", "0").tag());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "1web", "web[", "web[x]", "web[\"a]", "web[\"a\"]x", "data.web[0]", "module.web",
            "module..web", "web[0][1]", "web[\"a\\q\"]"})
    void notAddresses(String text) {
        assertFalse(Address.isValid(text), text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"web/a+2", "web/a+zz", "web/a b", "web:x", "data.web:0", "web/a+61"})
    void notTags(String text) {
        assertEquals(Optional.empty(), Address.fromTag(text));
    }

    @Test
    void orderIsRootFirstThenLookupsThenByNameIndexAndKey() {
        TreeSet<Address> sorted = new TreeSet<>(List.of(Address.resource("b").inModule("m"), Address.resource("web", "b"),
                Address.resource("web", "a"), Address.data("z"), Address.resource("a")));
        assertEquals(List.of("data.z", "a", "web[\"a\"]", "web[\"b\"]", "module.m.b"), sorted.stream().map(Address::toString).toList());
    }
}
