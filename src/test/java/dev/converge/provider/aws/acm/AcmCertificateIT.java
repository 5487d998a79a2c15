package dev.converge.provider.aws.acm;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.desired.Defaults;
import dev.converge.plan.Differ;
import dev.converge.plan.AttributeChange;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType.CreateRequest;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.provider.SharedReads;
import dev.converge.provider.aws.route53.HostedZoneIds;
import dev.converge.provider.aws.route53.RecordKey;
import dev.converge.provider.aws.route53.RecordResource;
import dev.converge.provider.aws.route53.RecordSets;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcmCertificateIT {

    private static final String STACK = "elb-https";
    /** moto issues a certificate this many seconds after it is requested (whether or not DNS is right). */
    private static final int MOTO_ISSUE_SECONDS = 3;
    @RegisterExtension
    static final MotoAccount moto = MotoAccount.withEnvironment(Map.of("MOTO_ACM_VALIDATION_WAIT", String.valueOf(MOTO_ISSUE_SECONDS)));
    private CertificateResource type;
    private RecordSets raw;
    private String zoneId;

    @BeforeEach
    void setUp() {
        type = new CertificateResource(moto.session());
        raw = new RecordSets(moto.session()::route53);
        zoneId = HostedZoneIds.bare(moto.session().route53().createHostedZone(r -> r.name("example.com.")
                .callerReference(UUID.randomUUID().toString())).hostedZone().id());
    }

    private Map<String, Object> desired(String domain, List<String> alternatives, Map<String, String> tags) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("domainName", domain);
        if (alternatives != null) p.put("subjectAlternativeNames", alternatives);
        p.put("validation", Map.of("method", "dns", "zoneId", zoneId));
        if (tags != null) p.put("tags", tags);
        return Defaults.apply(CertificateResource.SCHEMA.properties(), p);
    }

    @SuppressWarnings("unchecked")
    private CreateRequest request(String address, Map<String, Object> properties, String token) {
        Map<String, String> userTags = (Map<String, String>) properties.getOrDefault("tags", Map.of());
        return new CreateRequest(STACK, address, properties, TestProofs.withProof(
                Ownership.tags(STACK, address, Map.of("project", "converge-demo"), userTags), STACK, address, String.valueOf(token)), token);
    }

    /** As the planner diffs: the stack's default tags (here project) are part of the desired tags. */
    @SuppressWarnings("unchecked")
    private List<AttributeChange> diff(Map<String, Object> desired, LiveResource live) {
        Map<String, Object> withDefaults = new java.util.LinkedHashMap<>(desired);
        Map<String, Object> tags = new java.util.TreeMap<>(Map.of("project", "converge-demo"));
        tags.putAll((Map<String, Object>) desired.getOrDefault("tags", Map.of()));
        withDefaults.put("tags", tags);
        return Differ.diff(CertificateResource.SCHEMA.properties(), withDefaults, live.values(), null, List.of());
    }

    private Optional<ResourceRecordSet> cname(String name) {
        return raw.find(new RecordKey(zoneId, name, "CNAME"));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> records(LiveResource cert) {
        return (List<Map<String, Object>>) cert.values().get("validationRecords");
    }

    @Test
    void createWritesTheValidationRecordWaitsForIssuanceReadsBackAndDeleteCleansUp() {
        TestContext ctx = new TestContext();
        Map<String, Object> props = desired("app.example.com", null, Map.of("team", "web"));
        // A token with hyphens, longer than ACM's \w{1,32}: must still work.
        LiveResource created = type.create(request("certificate", props, UUID.randomUUID() + "-" + UUID.randomUUID()), ctx);

        assertEquals("ISSUED", created.values().get("status"));
        assertTrue(ctx.statuses.stream().anyMatch(s -> s.startsWith("waiting for certificate validation (DNS): ACM checks the CNAME _")),
                ctx.statuses.toString());
        List<Map<String, Object>> records = records(created);
        assertEquals(1, records.size());
        Map<String, Object> record = records.get(0);
        assertEquals("CNAME", record.get("type"));
        ResourceRecordSet inZone = cname((String) record.get("name")).orElseThrow(() -> new AssertionError("no CNAME in the zone"));
        assertEquals(record.get("value") + ".", inZone.resourceRecords().get(0).value());

        List<LiveResource> read = type.read(STACK, List.of(), ctx);
        assertEquals(1, read.size(), "found by its ownership tags");
        LiveResource live = read.get(0);
        assertEquals(created.id(), live.id());
        assertEquals("certificate", live.address());
        assertEquals(List.of(), diff(props, live), "an unchanged stack plans no change");
        assertEquals(Map.of("team", "web", "project", "converge-demo"), live.values().get("tags"));
        assertEquals(Map.of("method", "dns", "zoneId", zoneId, "records", ValidationRecordsInZone.IN_ZONE), live.values().get("validation"),
                "the validation records are read with the certificate");
        assertEquals(live.id(), live.values().get("arn"));
        assertEquals("RSA_2048", live.values().get("keyAlgorithm"));

        type.delete(live, ctx);
        assertEquals(List.of(), type.read(STACK, List.of(live.id()), ctx));
        assertEquals(Optional.empty(), cname((String) record.get("name")), "the validation record goes with the certificate");
        type.delete(live, ctx); // already gone: success
    }

    @Test
    void theSameTokenGivesTheSameCertificate() {
        Map<String, Object> props = desired("app.example.com", List.of(), null);
        String token = UUID.randomUUID().toString();
        LiveResource first = type.create(request("certificate", props, token), new TestContext());
        LiveResource again = type.create(request("certificate", props, token), new TestContext());
        assertEquals(first.id(), again.id());
        assertEquals(1, type.read(STACK, List.of(), new TestContext()).size());
    }

    @Test
    void alternativeNamesSharingARecordWriteItOnceAndReadBackWithoutTheDomainName() {
        Map<String, Object> props = desired("example.com", List.of("*.example.com", "www.example.com"), null);
        LiveResource created = type.create(request("certificate", props, "t1"), new TestContext());
        assertEquals(List.of("*.example.com", "www.example.com"), created.values().get("subjectAlternativeNames"));
        assertEquals(List.of(), diff(props, created));
        for (Map<String, Object> r : records(created)) assertTrue(cname((String) r.get("name")).isPresent(), r.toString());
        long distinct = records(created).stream().map(r -> r.get("name")).distinct().count();
        assertEquals(distinct, records(created).size(), "each record once");
    }

    @Test
    void aRefreshListsTheValidationZoneOnceForCertificatesAndRecords() {
        type.create(request("certificate", desired("app.example.com", null, null), "a"), new TestContext());
        RecordResource records = new RecordResource(moto.session());

        long before = moto.session().calls().reads();
        records.read(STACK, List.of(), new TestContext());
        long alone = moto.session().calls().reads() - before;

        // In one refresh the certificates' read lists the zone for their validation records, and the
        // records' read, which lists every zone, takes that listing instead of asking again.
        TestContext refresh = new TestContext().sharing(new SharedReads());
        assertEquals(1, type.read(STACK, List.of(), refresh).size());
        before = moto.session().calls().reads();
        records.read(STACK, List.of(), refresh);
        assertEquals(alone - 1, moto.session().calls().reads() - before, "the validation zone's ListResourceRecordSets is shared");
    }

    @Test
    void aValidationRecordAnotherCertificateNeedsIsKept() {
        LiveResource first = type.create(request("certificate", desired("app.example.com", null, null), "a"), new TestContext());
        // A second certificate for the same name, as a replacement created before the old one is destroyed.
        LiveResource second = type.create(request("certificate", desired("app.example.com", List.of("api.example.com"), null), "b"),
                new TestContext());
        String name = (String) records(first).get(0).get("name");

        // ACM has no batch describe: one GetResources page for the stack, then one DescribeCertificate each;
        // the zone that holds both certificates' validation records is listed once.
        long before = moto.session().calls().reads();
        assertEquals(2, type.read(STACK, List.of(), new TestContext()).size());
        assertEquals(4, moto.session().calls().reads() - before);

        type.delete(first, new TestContext());
        assertTrue(cname(name).isPresent(), "the second certificate still needs the record");

        type.delete(second, new TestContext());
        assertEquals(Optional.empty(), cname(name));
        for (Map<String, Object> r : records(second)) assertEquals(Optional.empty(), cname((String) r.get("name")));
    }

    @Test
    void tagsChangeInPlace() {
        Map<String, Object> props = desired("app.example.com", null, Map.of("team", "web", "old", "x"));
        LiveResource created = type.create(request("certificate", props, "t"), new TestContext());
        Map<String, Object> changed = desired("app.example.com", null, Map.of("team", "platform"));
        LiveResource updated = type.update(created, changed, Set.of("tags"), request("certificate", changed, "t").tags(), new TestContext());
        assertEquals(created.id(), updated.id());
        assertEquals(Map.of("team", "platform", "project", "converge-demo"), updated.values().get("tags"));
        LiveResource live = type.read(STACK, List.of(), new TestContext()).get(0);
        assertEquals(List.of(), diff(changed, live));
        assertEquals("certificate", live.address(), "ownership tags survive a tag update");
    }

    @Test
    void aTimeoutSaysTheCertificateExistsAndTheNextApplyResumesWaiting() {
        Map<String, Object> props = desired("app.example.com", null, null);
        ProviderException e = assertThrows(ProviderException.class,
                () -> type.create(request("certificate", props, "t"), new TestContext().withTimeout(Duration.ofSeconds(1))));
        assertEquals("CertificateNotIssued", e.code());
        assertTrue(e.getMessage().contains("It exists, and the next apply resumes waiting"), e.getMessage());

        // The next plan: the certificate is found, and its unfinished validation is the change.
        LiveResource pending = type.read(STACK, List.of(), new TestContext()).get(0);
        assertEquals("PENDING_VALIDATION", pending.values().get("status"));
        List<AttributeChange> changes = diff(props, pending);
        assertEquals(List.of("validation"), changes.stream().map(AttributeChange::path).toList());
        assertNull(changes.get(0).forcesReplacement(), "resuming is an update, not a new certificate");

        TestContext ctx = new TestContext();
        LiveResource issued = type.update(pending, props, Set.of("validation"), request("certificate", props, "t").tags(), ctx);
        assertEquals("ISSUED", issued.values().get("status"));
        assertEquals(List.of(), diff(props, type.read(STACK, List.of(), ctx).get(0)));
    }

    @Test
    void aKnownCertificateWithoutOwnershipTagsIsReadByItsArn() {
        String arn = moto.session().acm().requestCertificate(r -> r.domainName("legacy.example.com").validationMethod("DNS")).certificateArn();
        List<LiveResource> read = type.read(STACK, List.of(arn, arn.replaceAll("[0-9a-f-]{36}$", UUID.randomUUID().toString())),
                new TestContext());
        assertEquals(1, read.size());
        assertNull(read.get(0).address());
        assertEquals("legacy.example.com", read.get(0).values().get("domainName"));
    }

    /**
     * AWS refuses to delete a certificate a listener uses (moto 5.2.1 deletes it): the error must be
     * retryable, and the validation record must stay until the certificate is really gone.
     */
    @Test
    void aCertificateInUseIsRetryableAndKeepsItsValidationRecord() {
        LiveResource cert = type.create(request("certificate", desired("app.example.com", null, null), "t"), new TestContext());
        String name = (String) records(cert).get(0).get("name");
        WireMockServer aws = new WireMockServer(options().dynamicPort());
        aws.start();
        try (AwsSession viaAws = new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(URI.create(aws.baseUrl()), true))) {
            aws.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
            aws.stubFor(post(urlPathEqualTo("/")).withHeader("X-Amz-Target", equalTo("CertificateManager.DeleteCertificate"))
                    .atPriority(1).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/x-amz-json-1.1")
                            .withBody("{\"__type\":\"ResourceInUseException\",\"message\":\"Certificate " + cert.id()
                                    + " in account 123456789012 is in use.\"}")));
            ProviderException e = assertThrows(ProviderException.class, () -> new CertificateResource(viaAws).delete(cert, new TestContext()));
            assertEquals("ResourceInUseException", e.code());
            assertTrue(e.retryable(), "the listener is usually on its way out: the engine retries");
            assertTrue(cname(name).isPresent(), "the record stays while the certificate exists");
            assertFalse(type.read(STACK, List.of(), new TestContext()).isEmpty());

            aws.resetMappings();
            aws.stubFor(any(anyUrl()).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
            new CertificateResource(viaAws).delete(cert, new TestContext());
            assertEquals(Optional.empty(), cname(name));
        } finally {
            aws.stop();
        }
    }

}
