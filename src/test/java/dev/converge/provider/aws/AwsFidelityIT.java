package dev.converge.provider.aws;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.converge.apply.ApplyResult;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.FaultProxy;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AWS behaviour moto does not reproduce, put back with WireMock between the SDK and moto: throttled
 * reads, 5xx answers and reset connections, a security group that stays in use for a while after its dependents are gone, a
 * RunInstances whose outcome is unknown, retried with the same client token on the next apply,
 * and certificates that stay pending until their validation record exists in the right zone.
 */
class AwsFidelityIT {

    private static final String STACK = """
            stack: fidelity
            region: ap-northeast-2
            data:
              vpc: { type: aws.ec2.DefaultVpc }
              os:
                type: aws.ec2.Ami
                properties: { owners: ["099720109477"], namePattern: "ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-amd64-server-*" }
            resources:
              sg:
                type: aws.ec2.SecurityGroup
                properties:
                  name: fidelity-web
                  description: fidelity test
                  vpcId: ${data.vpc.id}
                  ingress: [ { protocol: tcp, port: 80, cidr: 0.0.0.0/0 } ]
              server:
                type: aws.ec2.Instance
                properties:
                  ami: ${data.os.id}
                  instanceType: t3.micro
                  securityGroupIds: [ "${resources.sg.id}" ]
            """;

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();
    @TempDir
    Path dir;
    FaultProxy proxy;
    AwsEngine engine;
    Stack stack;

    @BeforeEach
    void setUp() throws Exception {
        proxy = new FaultProxy(moto.endpoint());
        engine = new AwsEngine(proxy.endpoint(), "ap-northeast-2", dir.resolve("state.json"));
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, STACK);
        stack = engine.load(file, Map.of());
    }

    @AfterEach
    void tearDown() {
        engine.close();
        proxy.close();
    }

    @Test
    void countedAndForEachTargetGroupsCarryOwnershipTagsElbv2Accepts() throws Exception {
        Path file = dir.resolve("groups.yaml");
        Files.writeString(file, """
                stack: groups
                region: ap-northeast-2
                data:
                  vpc: { type: aws.ec2.DefaultVpc }
                resources:
                  counted:
                    type: aws.elbv2.TargetGroup
                    count: 1
                    properties: { name: "groups-c${count.index}", protocol: HTTP, port: 80, vpcId: "${data.vpc.id}" }
                  keyed:
                    type: aws.elbv2.TargetGroup
                    forEach: [blue, green]
                    properties: { name: "groups-${each.key}", protocol: HTTP, port: 80, vpcId: "${data.vpc.id}" }
                """);
        Stack groups = engine.load(file, Map.of());
        ApplyResult applied = engine.apply(groups, false);
        // Before the tag form, counted[0] was tagged converge:id=counted[0], which AWS refuses.
        assertTrue(applied.succeeded(), applied.failures()::toString);
        assertEquals(3, applied.added());
        assertFalse(engine.plan(groups, false).hasChanges(), "found again by their tags");
        assertTrue(engine.apply(groups, true).succeeded());
        // The proxy holds AWS's rule: the form earlier versions wrote is refused.
        String vpc = engine.session.ec2().describeVpcs(r -> r.filters(f -> f.name("isDefault").values("true"))).vpcs().get(0).vpcId();
        var refused = org.junit.jupiter.api.Assertions.assertThrows(software.amazon.awssdk.awscore.exception.AwsServiceException.class,
                () -> engine.session.elbv2().createTargetGroup(r -> r.name("groups-old").protocol("HTTP").port(80).vpcId(vpc)
                        .tags(t -> t.key("converge:id").value("counted[0]"))));
        assertEquals("ValidationError", refused.awsErrorDetails().errorCode());
    }

    @Test
    void throttledReadsAreRetriedAndStillPlan() {
        proxy.failQueryAction("DescribeSecurityGroups", 2,
                FaultProxy.ec2Error(503, "RequestLimitExceeded", "Request limit exceeded."));
        assertEquals(2, engine.plan(stack, false).changes().size());
        assertEquals(3, proxy.requests("DescribeSecurityGroups").size(), "two throttled attempts, then the answer");
    }

    @Test
    void serverErrorsOnALaunchAreRetriedWithTheSameClientToken() {
        proxy.failQueryAction("RunInstances", 2, FaultProxy.ec2Error(500, "InternalError", "An internal error has occurred"));
        ApplyResult applied = engine.apply(stack, false);
        assertTrue(applied.succeeded(), applied.failures()::toString);
        Set<String> tokens = proxy.requests("RunInstances").stream().map(AwsFidelityIT::clientToken).collect(Collectors.toSet());
        assertEquals(3, proxy.requests("RunInstances").size(), "two 500s, then the launch");
        assertEquals(1, tokens.size(), "a retried launch must not be a second launch: " + tokens);
        assertFalse(engine.plan(stack, false).hasChanges(), "one instance, recorded");
    }

    @Test
    void aConnectionResetOnAReadIsRetried() {
        proxy.failQueryAction("DescribeSecurityGroups", 1,
                aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER));
        assertEquals(2, engine.plan(stack, false).changes().size());
        assertEquals(2, proxy.requests("DescribeSecurityGroups").size(), "the reset attempt, then the answer");
    }

    @Test
    void securityGroupStillInUseIsWaitedOutOnDestroy() {
        assertTrue(engine.apply(stack, false).succeeded());
        // On AWS a group stays "in use" for a while after the instance using it is terminated.
        proxy.failQueryAction("DeleteSecurityGroup", 3,
                FaultProxy.ec2Error(400, "DependencyViolation", "resource sg-x has a dependent object"));
        ApplyResult destroyed = engine.apply(stack, true);
        assertTrue(destroyed.succeeded(), destroyed.failures()::toString);
        assertEquals(4, proxy.requests("DeleteSecurityGroup").size());
        assertFalse(engine.plan(stack, true).hasChanges(), "nothing left to destroy");
    }

    @Test
    void rerunAfterAnUnknownRunInstancesOutcomeReusesTheClientToken() {
        // The first apply's RunInstances fails in a way the applier does not retry; on AWS the
        // instance might exist anyway (a lost response). The next apply must send the same token,
        // so AWS returns that instance instead of launching a second one.
        proxy.failQueryAction("RunInstances", 1,
                FaultProxy.ec2Error(400, "InsufficientInstanceCapacity", "We currently do not have sufficient capacity."));
        ApplyResult first = engine.apply(stack, false);
        assertFalse(first.succeeded());
        assertTrue(engine.state(stack).pending().size() == 1, "the attempted create is remembered");

        ApplyResult second = engine.apply(stack, false);
        assertTrue(second.succeeded(), second.failures()::toString);
        Set<String> tokens = proxy.requests("RunInstances").stream().map(AwsFidelityIT::clientToken).collect(Collectors.toSet());
        assertEquals(2, proxy.requests("RunInstances").size());
        assertEquals(1, tokens.size(), "one token for both attempts: " + tokens);
        assertTrue(engine.state(stack).pending().isEmpty());
    }

    @Test
    void aCertificateIsIssuedOnlyOnceItsValidationRecordIsInTheDomainsZone() throws Exception {
        proxy.aws.requireValidationRecords(new dev.converge.testing.Route53Lookup(moto.endpoint()));
        Path file = dir.resolve("certs.yaml");
        Files.writeString(file, """
                stack: certs
                region: ap-northeast-2
                data:
                  zone: { type: aws.route53.HostedZone, properties: { name: example.com } }
                  sub: { type: aws.route53.HostedZone, properties: { name: sub.example.com } }
                resources:
                  good:
                    type: aws.acm.Certificate
                    properties: { domainName: app.example.com, validation: { method: dns, zoneId: "${data.zone.id}" } }
                """);
        ApplyResult issued = engine.apply(engine.load(file, Map.of()), false);
        assertTrue(issued.succeeded(), issued.failures()::toString);

        // Validated in the parent zone while sub.example.com has a zone of its own (delegated): the
        // record is written where DNS never looks, ACM never sees it, and the wait times out with a
        // message naming the record and the zone to check.
        Files.writeString(file, Files.readString(file) + """
                  wrongZone:
                    type: aws.acm.Certificate
                    properties: { domainName: app.sub.example.com, validation: { method: dns, zoneId: "${data.zone.id}" } }
                """);
        engine.settings = engine.settings.withTimeouts(Map.of("certificate", java.time.Duration.ofSeconds(4)));
        ApplyResult pending = engine.apply(engine.load(file, Map.of()), false);
        assertEquals(1, pending.failures().size(), pending::toString);
        assertEquals("CertificateNotIssued", pending.failures().get(0).code());
        assertTrue(pending.failures().get(0).message().contains("_") && pending.failures().get(0).message().contains("next apply resumes"),
                pending.failures().get(0).message());
    }

    private static String clientToken(LoggedRequest r) {
        for (String pair : r.getBodyAsString().split("&")) {
            if (pair.startsWith("ClientToken=")) return URLDecoder.decode(pair.substring(12), StandardCharsets.UTF_8);
        }
        return "(none)";
    }
}
