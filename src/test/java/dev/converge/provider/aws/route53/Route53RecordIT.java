package dev.converge.provider.aws.route53;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.desired.Defaults;
import dev.converge.plan.Differ;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType.CreateRequest;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.schema.Unknown;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.route53.model.ChangeAction;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Route53RecordIT {

    private static final String STACK = "nginx-certbot";
    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();
    private RecordResource type;
    private RecordSets raw;
    private String zoneId;

    @BeforeEach
    void setUp() {
        type = new RecordResource(moto.session());
        raw = new RecordSets(moto.session()::route53);
        zoneId = HostedZoneIds.bare(moto.session().route53().createHostedZone(r -> r.name("example.com.")
                .callerReference(UUID.randomUUID().toString())).hostedZone().id());
    }

    /** The properties as the engine hands them over: schema defaults applied. */
    private Map<String, Object> desired(Map<String, Object> properties) {
        return Defaults.apply(RecordResource.SCHEMA.properties(), new LinkedHashMap<>(properties));
    }

    private CreateRequest request(String address, Map<String, Object> properties) {
        // One token per address, as a rerun of an interrupted apply reuses its pending create's token.
        String token = UUID.nameUUIDFromBytes(address.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
        return new CreateRequest(STACK, address, properties,
                TestProofs.withProof(Ownership.tags(STACK, address, Map.of(), Map.of()), STACK, address, token), token);
    }

    private Map<String, Object> aRecord(String name, List<String> ips, long ttl) {
        return desired(Map.of("zoneId", zoneId, "name", name, "type", "A", "ttl", ttl, "values", ips));
    }

    private void assertNoDiff(Map<String, Object> desired, LiveResource live) {
        assertEquals(List.of(), Differ.diff(RecordResource.SCHEMA.properties(), desired, live.values(), null, List.of()),
                "an unchanged stack plans no change");
    }

    private Optional<ResourceRecordSet> rawFind(String name, String recordType) {
        return raw.find(new RecordKey(zoneId, name, recordType));
    }

    @Test
    void createReadUpdateDeleteAnARecordWithItsOwnershipClaim() {
        TestContext ctx = new TestContext();
        Map<String, Object> props = aRecord("WWW.example.com.", List.of("203.0.113.10"), 300);
        LiveResource created = type.create(request("dns", props), ctx);
        assertEquals(zoneId + "/www.example.com/A", created.id());
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.startsWith("waiting for Route 53")), ctx.statuses.toString());

        ResourceRecordSet claim = rawFind("_converge-a.www.example.com", "TXT").orElseThrow();
        assertEquals("\"converge:stack=nginx-certbot converge:id=dns converge:proof=" + created.proof() + "\"",
                claim.resourceRecords().get(0).value());
        assertTrue(created.proof() != null && created.proof().contains("."), "the claim carries the create's proof");

        List<LiveResource> read = type.read(STACK, List.of(), ctx);
        assertEquals(1, read.size(), "the claim finds the record without any state");
        LiveResource live = read.get(0);
        assertEquals(created.id(), live.id());
        assertEquals("dns", live.address());
        assertEquals(Map.of("zoneId", zoneId, "name", "www.example.com", "type", "A", "ttl", 300L,
                "values", List.of("203.0.113.10"), "id", created.id()), live.values());
        assertNoDiff(props, live);
        assertEquals(List.of(), type.read("another-stack", List.of(), ctx), "another stack does not see it");

        Map<String, Object> changed = aRecord("www.example.com", List.of("203.0.113.20", "203.0.113.11"), 60);
        LiveResource updated = type.update(live, changed, Set.of("ttl", "values"), request("dns", changed).tags(), ctx);
        assertEquals(60L, updated.values().get("ttl"));
        assertNoDiff(changed, type.read(STACK, List.of(), ctx).get(0));

        type.delete(updated, ctx);
        assertEquals(Optional.empty(), rawFind("www.example.com", "A"));
        assertEquals(Optional.empty(), rawFind("_converge-a.www.example.com", "TXT"), "the claim goes with the record");
        assertEquals(List.of(), type.read(STACK, List.of(updated.id()), ctx));
        type.delete(updated, ctx); // already gone: success
    }

    @Test
    void aForeignRecordWithTheSameNameIsAClearErrorAndIsLeftAlone() {
        raw.submit(zoneId, List.of(RecordSets.change(ChangeAction.CREATE, ResourceRecordSet.builder()
                .name("www.example.com.").type("A").ttl(300L).resourceRecords(r -> r.value("198.51.100.1")).build())), "by hand");
        ProviderException e = assertThrows(ProviderException.class,
                () -> type.create(request("dns", aRecord("www.example.com", List.of("203.0.113.10"), 300)), new TestContext()));
        assertEquals("RecordExists", e.code());
        assertTrue(e.getMessage().contains("A record www.example.com in hosted zone " + zoneId), e.getMessage());
        assertTrue(e.getMessage().contains("not created by Converge"), e.getMessage());
        assertEquals("198.51.100.1", rawFind("www.example.com", "A").orElseThrow().resourceRecords().get(0).value());
        assertEquals(Optional.empty(), rawFind("_converge-a.www.example.com", "TXT"));
    }

    @Test
    void aRecordClaimedByAnotherStackIsAClearError() {
        Map<String, Object> props = aRecord("www.example.com", List.of("203.0.113.10"), 300);
        new RecordResource(moto.session()).create(new CreateRequest("other", "dns", props, Ownership.tags("other", "dns", Map.of(), Map.of()),
                "t"), new TestContext());
        ProviderException e = assertThrows(ProviderException.class, () -> type.create(request("dns", props), new TestContext()));
        assertEquals("RecordClaimed", e.code());
        assertTrue(e.getMessage().contains("belongs to stack other (dns)"), e.getMessage());
    }

    @Test
    void aRerunAfterAnInterruptedApplyAdoptsItsOwnRecord() {
        TestContext ctx = new TestContext();
        Map<String, Object> props = aRecord("www.example.com", List.of("203.0.113.10"), 300);
        type.create(request("dns", props), ctx);
        Map<String, Object> again = aRecord("www.example.com", List.of("203.0.113.99"), 300);
        LiveResource adopted = type.create(request("dns", again), ctx);
        assertEquals(List.of("203.0.113.99"), adopted.values().get("values"));
        assertEquals(1, type.read(STACK, List.of(), ctx).size());
    }

    @Test
    void anAliasRecordReadsBackAsWrittenEvenWhenRoute53AddsDualstack() {
        TestContext ctx = new TestContext();
        Map<String, Object> props = desired(Map.of("zoneId", zoneId, "name", "app.example.com", "type", "A",
                "alias", Map.of("dnsName", "elb-https-123.ap-northeast-2.elb.amazonaws.com", "hostedZoneId", "ZWKZPGTI48KDX",
                        "evaluateTargetHealth", true)));
        LiveResource created = type.create(request("dns", props), ctx);
        assertNull(created.values().get("ttl"), "alias records have no TTL");
        assertEquals(Map.of("dnsName", "elb-https-123.ap-northeast-2.elb.amazonaws.com", "hostedZoneId", "ZWKZPGTI48KDX",
                "evaluateTargetHealth", true), created.values().get("alias"));
        assertNoDiff(props, type.read(STACK, List.of(), ctx).get(0));

        // What the Route 53 console writes for a load balancer alias.
        raw.submit(zoneId, List.of(RecordSets.change(ChangeAction.UPSERT, ResourceRecordSet.builder()
                .name("app.example.com.").type("A").aliasTarget(a -> a.dnsName("dualstack.ELB-https-123.ap-northeast-2.elb.amazonaws.com.")
                        .hostedZoneId("ZWKZPGTI48KDX").evaluateTargetHealth(true)).build())), "console");
        assertNoDiff(props, type.read(STACK, List.of(), ctx).get(0));

        type.delete(created, ctx);
        assertEquals(Optional.empty(), rawFind("app.example.com", "A"));
        assertEquals(Optional.empty(), rawFind("_converge-a.app.example.com", "TXT"));
    }

    @Test
    void txtValuesAreWrittenQuotedAndReadBackPlain() {
        TestContext ctx = new TestContext();
        String longText = "k=" + "a".repeat(300);
        Map<String, Object> props = desired(Map.of("zoneId", zoneId, "name", "example.com", "type", "TXT",
                "values", List.of("v=spf1 include:_spf.example.net ~all", longText)));
        type.create(request("spf", props), ctx);
        List<String> written = rawFind("example.com", "TXT").orElseThrow().resourceRecords().stream().map(r -> r.value()).toList();
        assertTrue(written.contains("\"v=spf1 include:_spf.example.net ~all\""), written.toString());
        assertTrue(written.stream().anyMatch(v -> v.startsWith("\"k=aaa") && v.contains("\" \"")), "long text is split: " + written);
        assertNoDiff(props, type.read(STACK, List.of(), ctx).get(0));
    }

    @Test
    void aKnownRecordWithoutClaimIsStillReadByItsId() {
        TestContext ctx = new TestContext();
        raw.submit(zoneId, List.of(RecordSets.change(ChangeAction.CREATE, ResourceRecordSet.builder()
                .name("mail.example.com.").type("MX").ttl(3600L).resourceRecords(r -> r.value("10 mx.example.net")).build())), "by hand");
        List<LiveResource> read = type.read(STACK, List.of(zoneId + "/mail.example.com/MX", zoneId + "/gone.example.com/A",
                "ZNOSUCHZONE/www.example.com/A"), ctx);
        assertEquals(1, read.size());
        assertNull(read.get(0).address());
        assertEquals(List.of("10 mx.example.net"), read.get(0).values().get("values"));
        assertEquals(3600L, read.get(0).values().get("ttl"));
    }

    /** Reading is per zone, not per record: 300 record sets per call, claims included. */
    @Test
    void readingManyRecordsCostsAFewCallsPerZone() {
        TestContext ctx = new TestContext();
        int count = 120;
        for (int i = 0; i < count; i++) {
            type.create(request("host[" + i + "]", aRecord("host-" + i + ".example.com", List.of("203.0.113." + (i % 250)), 300)), ctx);
        }
        long before = moto.session().calls().reads();
        List<LiveResource> read = type.read(STACK, List.of(), ctx);
        long calls = moto.session().calls().reads() - before;
        assertEquals(count, read.size());
        // 1 ListHostedZones + ceil((120 records + 120 claims + SOA + NS) / 300) pages = 2.
        assertEquals(2, calls, "read calls for " + count + " records");
        assertTrue(calls <= 0.2 * count);
    }

    /**
     * A refresh lists the zones of the records the state knows and the zones the stack's records go
     * into, by zone id or, while the id waits for a lookup, by name; the other zones of the account
     * are not listed. The unscoped read (import, sweep) still lists every zone.
     */
    @Test
    void theRefreshListsOnlyTheZonesTheStacksRecordsAreIn() {
        TestContext ctx = new TestContext();
        String used = newZone("scope-used.test");
        String other = newZone("scope-other.test");
        LiveResource mine = type.create(request("site", desired(Map.of("zoneId", used, "name", "www.scope-used.test", "type", "A",
                "ttl", 300L, "values", List.of("203.0.113.20")))), ctx);
        // The stack's, but neither in its file any more nor in a state: what a lost state and an edit leave.
        LiveResource forgotten = type.create(request("old", desired(Map.of("zoneId", other, "name", "old.scope-other.test", "type", "A",
                "ttl", 300L, "values", List.of("203.0.113.21")))), ctx);
        Map<String, Object> byName = Map.of("zoneId", Unknown.VALUE, "name", "www.scope-used.test");

        long before = moto.session().calls().reads();
        List<LiveResource> scoped = type.read(STACK, List.of(), List.of(byName), ctx);
        assertEquals(List.of(mine.id()), scoped.stream().map(LiveResource::id).toList());
        assertEquals(2, moto.session().calls().reads() - before, "ListHostedZones and the one zone the name is in");

        assertEquals(List.of(forgotten.id()), ids(type.read(STACK, List.of(forgotten.id()), List.of(), ctx)), "a zone the state knows");
        assertEquals(List.of(forgotten.id()), ids(type.read(STACK, List.of(), List.of(Map.of("zoneId", "/hostedzone/" + other,
                "name", Unknown.VALUE)), ctx)), "a zone named by id");
        Map<String, Object> unknownZone = Map.of("zoneId", Unknown.VALUE, "name", Unknown.VALUE);
        assertTrue(ids(type.read(STACK, List.of(), List.of(unknownZone), ctx)).containsAll(List.of(mine.id(), forgotten.id())),
                "a record whose zone and name both wait for a read: every zone");
        assertTrue(ids(type.read(STACK, List.of(), ctx)).containsAll(List.of(mine.id(), forgotten.id())), "unscoped: every zone");
    }

    /**
     * In the steady state every record the stack declares is one the state knows, in a zone the
     * state names: the refresh reads that zone without listing the account's zones first. A zone
     * deleted since reads as empty, as an unlisted one did.
     */
    @Test
    void recordsTheStateKnowsAreReadWithoutListingTheZones() {
        TestContext ctx = new TestContext();
        String zone = newZone("scope-known.test");
        LiveResource site = type.create(request("site", desired(Map.of("zoneId", zone, "name", "www.scope-known.test", "type", "A",
                "ttl", 300L, "values", List.of("203.0.113.30")))), ctx);
        List<Map<String, Object>> declared = List.of(Map.of("zoneId", Unknown.VALUE, "name", "WWW.scope-known.test."));

        long before = moto.session().calls().reads();
        assertEquals(List.of(site.id()), ids(type.read(STACK, List.of(site.id()), declared, ctx)));
        assertEquals(1, moto.session().calls().reads() - before, "the zone's ListResourceRecordSets alone");

        type.delete(site, ctx);
        moto.session().route53().deleteHostedZone(r -> r.id(zone));
        assertEquals(List.of(), type.read(STACK, List.of(site.id()), declared, ctx), "a deleted zone holds nothing");
    }

    private String newZone(String name) {
        return HostedZoneIds.bare(moto.session().route53().createHostedZone(r -> r.name(name + ".")
                .callerReference(UUID.randomUUID().toString())).hostedZone().id());
    }

    private static List<String> ids(List<LiveResource> read) {
        return read.stream().map(LiveResource::id).sorted().toList();
    }

    /**
     * On AWS a CREATE of an existing record fails with an InvalidChangeBatch body (moto 5.2.1 would
     * add a second record set); a record written between our check and our CREATE must be reported
     * as such, with Route 53's own words.
     */
    @Test
    void aRecordWrittenByAnotherWriterDuringCreateIsReportedClearly() {
        WireMockServer aws = new WireMockServer(options().dynamicPort());
        aws.start();
        try (AwsSession viaAws = new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(URI.create(aws.baseUrl()), true))) {
            aws.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
            aws.stubFor(post(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?")).atPriority(1).willReturn(aResponse()
                    .withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                            <?xml version="1.0" encoding="UTF-8"?>
                            <InvalidChangeBatch xmlns="https://route53.amazonaws.com/doc/2013-04-01/">
                              <Messages><Message>Tried to create resource record set [name='www.example.com.', type='A'] but it already exists</Message></Messages>
                              <RequestId>b25f48e8-84fd-11e6-80d9-574e0c4664cb</RequestId>
                            </InvalidChangeBatch>""")));
            ProviderException e = assertThrows(ProviderException.class, () -> new RecordResource(viaAws)
                    .create(request("dns", aRecord("www.example.com", List.of("203.0.113.10"), 300)), new TestContext()));
            assertEquals("RecordExists", e.code());
            assertTrue(e.getMessage().contains("A record www.example.com in hosted zone " + zoneId), e.getMessage());
            assertTrue(e.getMessage().contains("Tried to create resource record set [name='www.example.com.', type='A'] but it already exists"),
                    e.getMessage());
        } finally {
            aws.stop();
        }
    }
    /**
     * A {@code removed:} entry's record: only its companion claim goes, in one change batch of one
     * DELETE (checked on the wire, through a proxy in front of the sandbox); the record itself stays,
     * no read of the stack finds it any more, and disowning it again changes nothing.
     */
    @Test
    void disowningARecordDeletesOnlyItsCompanionClaim() {
        TestContext ctx = new TestContext();
        LiveResource created = type.create(request("dns", aRecord("www.example.com", List.of("203.0.113.10"), 300)), ctx);
        WireMockServer aws = new WireMockServer(options().dynamicPort());
        aws.start();
        try (AwsSession viaAws = new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(URI.create(aws.baseUrl()), true))) {
            aws.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
            RecordResource proxied = new RecordResource(viaAws);
            ProviderException other = assertThrows(ProviderException.class, () -> proxied.disown("another-stack", created, ctx));
            assertEquals("OwnedByAnotherStack", other.code());
            assertTrue(rawFind("_converge-a.www.example.com", "TXT").isPresent(), "another stack's refusal changes nothing");

            proxied.disown(STACK, created, ctx);
            List<String> batches = aws.findAll(postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?"))).stream()
                    .map(r -> r.getBodyAsString()).toList();
            assertEquals(1, batches.size(), batches.toString());
            String batch = batches.get(0);
            assertEquals(1, batch.split("<Change>", -1).length - 1, batch);
            assertTrue(batch.contains("<Action>DELETE</Action>") && batch.contains("_converge-a.www.example.com")
                    && batch.contains("<Type>TXT</Type>") && !batch.contains("<Type>A</Type>"), batch);

            proxied.disown(STACK, created, ctx); // nothing left to drop: no second batch
            assertEquals(1, aws.findAll(postRequestedFor(urlPathMatching("/2013-04-01/hostedzone/.*/rrset/?"))).size());
        } finally {
            aws.stop();
        }
        assertTrue(rawFind("www.example.com", "A").isPresent(), "the record stays");
        assertEquals(Optional.empty(), rawFind("_converge-a.www.example.com", "TXT"));
        assertEquals(List.of(), type.read(STACK, List.of(), ctx), "nothing claims it for the stack any more");
    }
}
