package dev.converge.provider.aws.route53;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Names, ids and ownership claims as Route 53 writes them and as stacks compare them. */
class Route53NamesTest {

    @Test
    void namesAreLowercaseWithoutTrailingDotAndWithEscapesDecoded() {
        assertEquals("app.example.com", DnsNames.normalize("App.Example.COM."));
        assertEquals("*.example.com", DnsNames.normalize("\\052.example.com."));
        assertEquals("app.example.com.", DnsNames.qualified("app.example.com"));
        assertEquals("app.example.com.", DnsNames.qualified("app.example.com."));
        assertTrue(DnsNames.same("\\052.Example.com.", "*.example.com"));
        assertEquals("a\\05", DnsNames.normalize("a\\05"), "an incomplete escape is left alone");
    }

    @Test
    void aliasTargetsDropTheDualstackPrefixRoute53Adds() {
        assertEquals("my-alb-1.ap-northeast-2.elb.amazonaws.com",
                DnsNames.aliasTarget("dualstack.My-ALB-1.ap-northeast-2.elb.amazonaws.com."));
        assertEquals("d111.cloudfront.net", DnsNames.aliasTarget("d111.cloudfront.net"));
    }

    @Test
    void recordIdsRoundTripAndStripTheHostedZonePrefix() {
        RecordKey key = new RecordKey("/hostedzone/Z123", "App.Example.com.", "a");
        assertEquals("Z123/app.example.com/A", key.physicalId());
        assertEquals(key, RecordKey.parse("Z123/app.example.com/A"));
        assertEquals(new RecordKey("Z123", "_converge-a.app.example.com", "TXT"), key.companion());
        assertThrows(RuntimeException.class, () -> RecordKey.parse("Z123/app.example.com"));
        assertThrows(RuntimeException.class, () -> RecordKey.parse("app.example.com"));
    }

    @Test
    void ownershipClaimsNameStackAndAddressAndAreFoundByTheirName() {
        OwnershipRecord claim = new OwnershipRecord("elb-https", "web[1]");
        // The address in its tag form (no brackets, no quotes, no spaces: the text is split on spaces).
        assertEquals("converge:stack=elb-https converge:id=web:1", claim.text());
        assertEquals(Optional.of(claim), OwnershipRecord.parse(claim.text()));
        // Claims written by earlier versions still name their address.
        assertEquals(Optional.of(claim), OwnershipRecord.parse("converge:stack=elb-https converge:id=web[1]"));
        OwnershipRecord keyed = new OwnershipRecord("elb-https", "web[\"a b\"]");
        assertEquals("converge:stack=elb-https converge:id=web/a+20b", keyed.text());
        assertEquals(Optional.of(keyed), OwnershipRecord.parse(keyed.text()));
        assertEquals(Optional.empty(), OwnershipRecord.parse("v=spf1 -all"));
        assertEquals(Optional.of(new OwnershipRecord("s", null)), OwnershipRecord.parse("converge:stack=s"));
        assertEquals(Optional.of(new RecordKey("Z1", "www.example.com", "AAAA")),
                OwnershipRecord.claimedBy("Z1", "_converge-aaaa.www.example.com."));
        assertEquals(Optional.empty(), OwnershipRecord.claimedBy("Z1", "_dmarc.example.com."));
        assertEquals(Optional.empty(), OwnershipRecord.claimedBy("Z1", "_converge-.example.com."));
    }

    @Test
    void aClaimCarriesItsProofThroughTheTxtEncoding() {
        OwnershipRecord claim = new OwnershipRecord("elb-https", "dns", "0123456789abcdef0123456789abcdef.AbC-_x");
        assertEquals("converge:stack=elb-https converge:id=dns converge:proof=0123456789abcdef0123456789abcdef.AbC-_x", claim.text());
        assertEquals(Optional.of(claim), OwnershipRecord.parse(TxtValues.decode(TxtValues.encode(claim.text()))));
        assertEquals(claim, new OwnershipRecord("elb-https", "dns").withProof(claim.proof()));
    }

    @Test
    void txtValuesAreQuotedEscapedAndSplitAt255Bytes() {
        assertEquals("\"v=spf1 include:example.net ~all\"", TxtValues.encode("v=spf1 include:example.net ~all"));
        assertEquals("\"say \\\"hi\\\" \\\\o/\"", TxtValues.encode("say \"hi\" \\o/"));
        assertEquals("\"caf\\303\\251\"", TxtValues.encode("café"));
        assertEquals("\"\"", TxtValues.encode(""));
        String longText = "x".repeat(300);
        String encoded = TxtValues.encode(longText);
        assertEquals("\"" + "x".repeat(255) + "\" \"" + "x".repeat(45) + "\"", encoded);
        for (String plain : new String[]{"plain", "say \"hi\" \\o/", "café", longText, ""}) {
            assertEquals(plain, TxtValues.decode(TxtValues.encode(plain)), plain);
        }
        assertEquals("unquoted", TxtValues.decode("unquoted"), "records written by hand may lack quotes");
    }
}
