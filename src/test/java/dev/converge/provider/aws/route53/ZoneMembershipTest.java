package dev.converge.provider.aws.route53;

import dev.converge.provider.PlanChecked;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which names a hosted zone can hold records for, and how a name outside it is reported. */
class ZoneMembershipTest {

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource({
            "app.example.com, example.com, true",
            "example.com, example.com, true",
            "*.example.com, example.com, true",
            "App.Example.COM., example.com., true",
            "\\052.example.com, example.com, true",
            "a.b.example.com, example.com, true",
            "www.other.com, mysite.kr, false",
            "badexample.com, example.com, false",
            "example.com, app.example.com, false",
            "com, example.com, false",
    })
    void isWithin(String name, String zone, boolean within) {
        assertEquals(within, DnsNames.isWithin(name, zone));
    }

    @Test
    void outsideSaysWhereAndHowToFixIt() {
        PlanChecked.Problem p = ZoneMembership.outside("certificate", "subjectAlternativeNames[1]", "WWW.Other.com.", "mysite.kr",
                "/hostedzone/Z123", "validation zone");
        assertEquals("subjectAlternativeNames[1]", p.property());
        assertEquals("'www.other.com' is not inside the validation zone mysite.kr (Z123): Route 53 cannot hold a record for it there",
                p.message());
        assertEquals("use a name that is mysite.kr or ends in .mysite.kr, or the zone that holds www.other.com", p.hint());
    }

    @ParameterizedTest(name = "{0} {1} in {2}: {3}")
    @CsvSource({
            "CNAME, example.com, example.com, true",
            "CNAME, Example.COM., example.com, true",
            "CNAME, www.example.com, example.com, false",
            "A, example.com, example.com, false",
            "TXT, example.com, example.com, false",
    })
    void noCnameAtTheApex(String type, String name, String zone, boolean refused) {
        var problem = RecordChecks.cnameAtApex("dns", type, name, zone);
        assertEquals(refused, problem.isPresent());
        problem.ifPresent(p -> assertEquals("type", p.property()));
    }
}
