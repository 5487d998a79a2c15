package dev.converge.provider.aws.route53;

import dev.converge.provider.ProviderException;
import dev.converge.provider.UsedAttributes;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HostedZoneDataIT {

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private static String createZone(String name, boolean privateZone) {
        return moto.session().route53().createHostedZone(r -> {
            r.name(name).callerReference(UUID.randomUUID().toString()).hostedZoneConfig(c -> c.privateZone(privateZone));
            if (privateZone) r.vpc(v -> v.vpcId("vpc-12345678").vpcRegion("ap-northeast-2"));
        }).hostedZone().id().replace("/hostedzone/", "");
    }

    @Test
    void findsAZoneByNameWithOrWithoutTheTrailingDot() {
        createZone("other.com.", false);
        String id = createZone("example.com.", false);
        createZone("sub.example.com.", false);
        HostedZoneData type = new HostedZoneData(moto.session());
        for (String name : List.of("example.com", "example.com.", "Example.COM")) {
            Map<String, Object> zone = type.read(Map.of("name", name, "privateZone", false), new TestContext());
            assertEquals(id, zone.get("id"));
            assertFalse(((String) zone.get("id")).startsWith("/"));
            assertEquals("example.com", zone.get("name"));
            assertFalse(((List<?>) zone.get("nameServers")).isEmpty(), "a public zone has name servers");
        }
    }

    /** Only GetHostedZone returns the name servers: a stack that does not use them saves that Route 53 round trip. */
    @Test
    void theNameServersAreReadOnlyWhenTheStackUsesThem() {
        String id = createZone("ns-use.example.", false);
        HostedZoneData type = new HostedZoneData(moto.session());
        Map<String, Object> inputs = Map.of("name", "ns-use.example", "privateZone", false);

        long before = moto.session().calls().reads();
        Map<String, Object> lean = type.read(inputs, new UsedAttributes(false, Set.of("id")), new TestContext());
        assertEquals(1, moto.session().calls().reads() - before, "ListHostedZonesByName alone");
        assertEquals(id, lean.get("id"));
        assertFalse(lean.containsKey("nameServers"), "left out, not made up: " + lean);

        before = moto.session().calls().reads();
        Map<String, Object> full = type.read(inputs, new UsedAttributes(false, Set.of("nameServers")), new TestContext());
        assertEquals(2, moto.session().calls().reads() - before, "and GetHostedZone");
        assertFalse(((List<?>) full.get("nameServers")).isEmpty());
        assertEquals(full, type.read(inputs, new TestContext()), "without a stack to ask, every attribute");
    }

    @Test
    void aPrivateZoneIsFoundOnlyWhenAskedFor() {
        String privateId = createZone("internal.example.", true);
        HostedZoneData type = new HostedZoneData(moto.session());
        Map<String, Object> zone = type.read(Map.of("name", "internal.example", "privateZone", true), new TestContext());
        assertEquals(privateId, zone.get("id"));
        assertEquals(List.of(), zone.get("nameServers"));
        ProviderException e = assertThrows(ProviderException.class,
                () -> type.read(Map.of("name", "internal.example", "privateZone", false), new TestContext().asIfAws()));
        assertTrue(e.getMessage().contains("no public Route 53 hosted zone named internal.example"), e.getMessage());
    }

    @Test
    void aMissingZoneIsAClearErrorOnAwsAndIsNeverCreated() {
        HostedZoneData type = new HostedZoneData(moto.session());
        ProviderException e = assertThrows(ProviderException.class,
                () -> type.read(Map.of("name", "example.com", "privateZone", false), new TestContext().asIfAws()));
        assertEquals("HostedZoneNotFound", e.code());
        assertTrue(e.getMessage().contains("example.com"), e.getMessage());
        assertEquals(0, moto.session().route53().listHostedZones().hostedZones().size(), "nothing was created");
    }

    @Test
    void theSandboxCreatesAMissingPublicZoneAndSaysSo() {
        HostedZoneData type = new HostedZoneData(moto.session());
        TestContext ctx = new TestContext();
        Map<String, Object> zone = type.read(Map.of("name", "example.com.", "privateZone", false), ctx);
        assertEquals(List.of("created hosted zone example.com in the sandbox"), ctx.statuses);
        var zones = moto.session().route53().listHostedZones().hostedZones();
        assertEquals(1, zones.size());
        assertEquals(zone.get("id"), HostedZoneIds.bare(zones.get(0).id()));
        // The next lookup finds it instead of creating another.
        TestContext again = new TestContext();
        assertEquals(zone.get("id"), type.read(Map.of("name", "example.com", "privateZone", false), again).get("id"));
        assertTrue(again.statuses.isEmpty());
        assertEquals(1, moto.session().route53().listHostedZones().hostedZones().size());
    }

    @Test
    void twoPublicZonesWithTheSameNameAreAmbiguous() {
        String a = createZone("example.com.", false);
        String b = createZone("example.com.", false);
        ProviderException e = assertThrows(ProviderException.class,
                () -> new HostedZoneData(moto.session()).read(Map.of("name", "example.com", "privateZone", false), new TestContext().asIfAws()));
        assertEquals("AmbiguousHostedZone", e.code());
        assertTrue(e.getMessage().contains(a) && e.getMessage().contains(b), e.getMessage());
    }

}
