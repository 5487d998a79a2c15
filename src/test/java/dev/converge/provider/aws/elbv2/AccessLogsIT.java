package dev.converge.provider.aws.elbv2;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.converge.apply.ApplyResult;
import dev.converge.plan.Action;
import dev.converge.plan.Plan;
import dev.converge.plan.ResourceChange;
import dev.converge.stack.Stack;
import dev.converge.testing.AccessLogPolicyCheck;
import dev.converge.testing.AwsCli;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A bucket for access logs and a load balancer that writes them, planned and applied by the engine
 * through WireMock in front of moto. The proxy puts back AWS's check that moto does not make
 * ({@link AccessLogPolicyCheck}): enabling access logs needs the bucket policy that lets the
 * region's Elastic Load Balancing write them.
 */
class AccessLogsIT {

    private static final String STACK = """
            stack: logs-test
            region: ap-northeast-2
            data:
              vpc: { type: aws.ec2.DefaultVpc }
              subnets:
                type: aws.ec2.Subnets
                properties: { vpcId: "${data.vpc.id}", defaultForAz: true }
            resources:
              logs:
                type: aws.s3.Bucket
                properties:
                  namePrefix: logs-test-
                  versioning: true
                  lifecycleRules: [ { id: expire-logs, expirationDays: 90 } ]
                  GRANT
                  forceDestroy: true
              alb:
                type: aws.elbv2.LoadBalancer
                properties:
                  name: logs-test
                  subnetIds: ${data.subnets.ids}
                  attributes: { accessLogs: { enabled: true, bucket: "${resources.logs.name}", prefix: alb } }
            """;

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();
    @TempDir
    Path dir;
    WireMockServer proxy;
    AwsEngine engine;
    AwsCli aws;

    @BeforeEach
    void setUp() {
        // ap-northeast-2 opened before August 2022: its Elastic Load Balancing account writes the logs.
        AccessLogPolicyCheck check = new AccessLogPolicyCheck(moto.session().s3(),
                Map.of("AWS", "arn:aws:iam::600734575887:root"), moto.session().accountId());
        proxy = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(check));
        proxy.start();
        proxy.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().proxiedFrom(moto.endpoint().toString())));
        URI endpoint = URI.create("http://127.0.0.1:" + proxy.port());
        engine = new AwsEngine(endpoint, MotoAccount.REGION, dir.resolve("state.json"));
        aws = new AwsCli(moto.endpoint(), MotoAccount.REGION);
    }

    @AfterEach
    void tearDown() {
        engine.close();
        proxy.stop();
    }

    private Stack stack(String grant, String namePrefix) throws Exception {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, STACK.replace("GRANT", grant).replace("logs-test-", namePrefix));
        return engine.load(file, Map.of());
    }

    private static ResourceChange change(Plan plan, String address) {
        return plan.changes().stream().filter(c -> c.address().equals(address)).findFirst().orElseThrow();
    }

    @Test
    void accessLogsAreRefusedWithoutTheGrantAndWrittenWithIt() throws Exception {
        ApplyResult refused = engine.apply(stack("", "logs-test-"), false);
        assertFalse(refused.succeeded());
        ApplyResult.Failure failure = refused.failures().get(0);
        assertEquals("InvalidConfigurationRequest", failure.code(), failure.toString());
        assertTrue(failure.message().contains("Access Denied for bucket: logs-test-"), failure.message());

        Stack granted = stack("loadBalancerLogs: { prefix: alb }", "logs-test-");
        Plan fix = engine.plan(granted, false);
        assertEquals(Action.UPDATE, change(fix, "logs").action());
        assertEquals(List.of("logs"), change(fix, "alb").dependsOn(), "the load balancer waits for the bucket's policy");
        ApplyResult applied = engine.apply(granted, false);
        assertTrue(applied.succeeded(), applied.failures()::toString);

        String bucket = (String) engine.state(granted).resources().get("logs").live().get("name");
        assertTrue(bucket.matches("logs-test-[0-9a-f]{16}"), bucket);
        String arn = (String) engine.state(granted).resources().get("alb").live().get("arn");
        Map<String, String> attributes = new TreeMap<>();
        for (JsonNode a : aws.json("elbv2", "describe-load-balancer-attributes", "--load-balancer-arn", arn).path("Attributes")) {
            attributes.put(a.path("Key").asText(), a.path("Value").asText());
        }
        assertEquals("true", attributes.get("access_logs.s3.enabled"));
        assertEquals(bucket, attributes.get("access_logs.s3.bucket"));
        assertEquals("alb", attributes.get("access_logs.s3.prefix"));

        // The generated name is kept: plan after plan, nothing changes.
        assertFalse(engine.plan(granted, false).hasChanges(), () -> engine.plan(granted, false).changes().toString());
        assertFalse(engine.plan(granted, false).hasChanges());

        // A new prefix is a new bucket.
        Plan renamed = engine.plan(stack("loadBalancerLogs: { prefix: alb }", "logs-next-"), false);
        assertEquals(Action.REPLACE, change(renamed, "logs").action());

        // Destroy says the bucket will be emptied, and empties it.
        moto.session().s3().putObject(r -> r.bucket(bucket).key("alb/AWSLogs/x.log.gz"), RequestBody.fromString("log"));
        Plan destroy = engine.plan(granted, true);
        assertEquals(List.of("bucket " + bucket + " will be emptied first (forceDestroy): every object version and delete "
                + "marker in it is deleted"), change(destroy, "logs").notes());
        // Logs keep arriving between a saved destroy plan and its apply: the plan must not change with them.
        moto.session().s3().putObject(r -> r.bucket(bucket).key("alb/AWSLogs/y.log.gz"), RequestBody.fromString("log"));
        assertTrue(dev.converge.plan.PlanFile.sameChanges(destroy, engine.plan(granted, true)));
        ApplyResult destroyed = engine.apply(granted, true);
        assertTrue(destroyed.succeeded(), destroyed.failures()::toString);
        assertFalse(aws.json("s3api", "list-buckets").path("Buckets").toString().contains(bucket));
    }

    @Test
    void aCrashBetweenCreateBucketAndItsTagsIsAdoptedByTheNextApply() throws Exception {
        // PutBucketTagging never reaches S3 once, as if the process died right after CreateBucket.
        failTaggingOnce("/logs-test-[0-9a-f]{16}");
        Stack stack = stack("loadBalancerLogs: { prefix: alb }", "logs-test-");

        ApplyResult interrupted = engine.apply(stack, false);
        assertFalse(interrupted.succeeded());
        assertTrue(engine.state(stack).pending().containsKey("logs"), "the write-ahead names the create");
        assertEquals(1, aws.json("s3api", "list-buckets").path("Buckets").size(), "the bucket exists, unclaimed");

        // The rerun is a new process: it knows only what the state says.
        engine.close();
        engine = new AwsEngine(URI.create("http://127.0.0.1:" + proxy.port()), MotoAccount.REGION, dir.resolve("state.json"));
        ApplyResult rerun = engine.apply(stack, false);
        assertTrue(rerun.succeeded(), rerun.failures()::toString);
        assertTrue(engine.progress.stream().anyMatch(l -> l.contains("adopting bucket logs-test-")), engine.progress::toString);
        assertEquals(1, aws.json("s3api", "list-buckets").path("Buckets").size(), "still one bucket");
        assertFalse(engine.plan(stack, false).hasChanges());
        assertTrue(engine.apply(stack, true).succeeded());
    }

    @Test
    void aCreateRetriedAfterItsTaggingFailedContinuesWithItsBucket() {
        failTaggingOnce("/logs-fixed");
        var type = new dev.converge.provider.aws.s3.BucketResource(engine.session);
        var ctx = new dev.converge.testing.TestContext();
        Map<String, Object> p = new java.util.LinkedHashMap<>(Map.of("name", "logs-fixed", "encryption", "AES256",
                "publicAccessBlock", true, "versioning", false, "lifecycleRules", List.of(), "forceDestroy", false));
        String token = "0123456789abcdef0123456789abcdef";
        var request = new dev.converge.provider.ManagedType.CreateRequest("s1", "logs", p, dev.converge.testing.TestProofs.withProof(
                dev.converge.provider.Ownership.tags("s1", "logs", Map.of(), Map.of()), "s1", "logs", token), token);

        assertEquals("AccessDenied", org.junit.jupiter.api.Assertions.assertThrows(dev.converge.provider.ProviderException.class,
                () -> type.create(request, ctx)).code());
        // The applier's retry of the same create, in the same run: the bucket is known to be its own.
        assertEquals("logs-fixed", type.create(request, ctx).id());
        assertTrue(ctx.statuses.stream().anyMatch(l -> l.startsWith("continuing with bucket logs-fixed")), ctx.statuses::toString);
        assertEquals("logs", type.read("s1", List.of(), ctx).get(0).address());
    }

    private void failTaggingOnce(String path) {
        proxy.stubFor(put(urlPathMatching(path)).withQueryParam("tagging", com.github.tomakehurst.wiremock.client.WireMock.matching(".*"))
                .atPriority(1).inScenario("tagging " + path).whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
                .willSetStateTo("done").willReturn(aResponse().withStatus(403).withHeader("Content-Type", "application/xml")
                        .withBody("<Error><Code>AccessDenied</Code><Message>simulated failure</Message></Error>")));
    }
}
