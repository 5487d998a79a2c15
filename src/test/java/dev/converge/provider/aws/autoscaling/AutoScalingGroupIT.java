package dev.converge.provider.aws.autoscaling;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.plan.Differ;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.ec2.LaunchTemplateResource;
import dev.converge.testing.AwsCli;
import dev.converge.testing.MotoAccount;
import dev.converge.testing.TestContext;
import dev.converge.testing.TestProofs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * aws.ec2.LaunchTemplate and aws.autoscaling.Group against moto, checked with the AWS CLI; moto has
 * no instance refreshes, so WireMock plays AWS's StartInstanceRefresh and DescribeInstanceRefreshes.
 */
class AutoScalingGroupIT {

    private static final String NS = "http://autoscaling.amazonaws.com/doc/2011-01-01/";

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.likeSandbox();
    private final TestContext ctx = new TestContext();
    private LaunchTemplateResource templates;
    private GroupResource groups;
    private String ami;
    private List<String> subnets;
    private String vpc;
    private AwsCli cli;

    @BeforeEach
    void setUp() {
        templates = new LaunchTemplateResource(moto.session());
        groups = new GroupResource(moto.session());
        ami = anImage(moto.session());
        vpc = moto.session().ec2().describeVpcs(r -> r.filters(f -> f.name("is-default").values("true"))).vpcs().get(0).vpcId();
        subnets = moto.session().ec2().describeSubnets(r -> r.filters(f -> f.name("vpc-id").values(vpc))).subnets().stream()
                .map(s -> s.subnetId()).sorted().limit(2).toList();
        cli = new AwsCli(moto.endpoint(), MotoAccount.REGION);
    }

    /** An image the sandbox's catalogue holds, with a root device (the template overrides the root volume). */
    static String anImage(dev.converge.aws.AwsSession session) {
        return session.ec2().describeImages(r -> r.filters(f -> f.name("architecture").values("x86_64"))).images().stream()
                .filter(i -> i.rootDeviceName() != null).findFirst().orElseThrow().imageId();
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    @SuppressWarnings("unchecked")
    static ManagedType.CreateRequest request(String address, Map<String, Object> properties, String token) {
        Map<String, String> user = new TreeMap<>();
        if (properties.get("tags") instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, v) -> user.put(k, String.valueOf(v)));
        return new ManagedType.CreateRequest("s1", address, properties,
                TestProofs.withProof(Ownership.tags("s1", address, Map.of(), user), "s1", address, token), token);
    }

    private Map<String, Object> template(String userData) {
        return map("name", "s1-web", "imageId", ami, "instanceType", "t3.micro", "userData", userData,
                "rootVolumeSize", 10L, "rootVolumeType", "gp3", "tags", map("team", "web"));
    }

    private Map<String, Object> group(String templateId, String version, long desired, List<String> targetGroups) {
        return map("name", "s1-web", "launchTemplateId", templateId, "launchTemplateVersion", version, "minSize", 1L,
                "maxSize", 4L, "desiredCapacity", desired, "subnetIds", subnets, "targetGroupArns", targetGroups,
                "healthCheckType", "ELB", "healthCheckGracePeriodSeconds", 60L, "instanceRefresh", map("minHealthyPercentage", 50L),
                "tags", map("Name", "web"));
    }

    private static void assertNoChanges(ManagedType type, Map<String, Object> desired, LiveResource live) {
        assertEquals(List.of(), Differ.diff(type.schema().properties(), desired, live.values(), desired, List.of()));
    }

    @Test
    void templateContentChangeMakesANewDefaultVersionInPlaceWithImdsV2Required() {
        Map<String, Object> p = template("#!/bin/bash\necho one\n");
        LiveResource created = templates.create(request("template", p, "tok-lt"), ctx);
        assertTrue(created.id().startsWith("lt-"));
        assertEquals("1", created.values().get("latestVersion"));
        assertNoChanges(templates, p, created);
        List<LiveResource> byStack = templates.read("s1", List.of(), ctx);
        assertEquals(1, byStack.size());
        assertEquals("template", byStack.get(0).address());
        assertNoChanges(templates, p, byStack.get(0));

        // Independently: IMDSv2 required with hop limit 1, user data base64 of the plain text, the ownership tags on the template.
        JsonNode v = cli.json("ec2", "describe-launch-template-versions", "--launch-template-id", created.id(), "--versions", "$Default")
                .get("LaunchTemplateVersions").get(0).get("LaunchTemplateData");
        assertEquals("required", v.get("MetadataOptions").get("HttpTokens").asText());
        assertEquals(1, v.get("MetadataOptions").get("HttpPutResponseHopLimit").asInt());
        assertEquals("#!/bin/bash\necho one\n", new String(java.util.Base64.getDecoder().decode(v.get("UserData").asText())));
        JsonNode lt = cli.json("ec2", "describe-launch-templates", "--launch-template-ids", created.id()).get("LaunchTemplates").get(0);
        assertTrue(lt.get("Tags").toString().contains("converge:stack"));

        Map<String, Object> changed = template("#!/bin/bash\necho two\n");
        assertEquals(Set.of("latestVersion", "defaultVersion"), templates.recomputedBy(Set.of("userData")));
        LiveResource updated = templates.update(created, changed, Set.of("userData"), request("template", changed, "tok-lt").tags(), ctx);
        assertEquals(created.id(), updated.id());
        assertEquals("2", updated.values().get("latestVersion"));
        assertEquals("2", updated.values().get("defaultVersion"));
        assertNoChanges(templates, changed, templates.read("s1", List.of(), ctx).get(0));

        templates.delete(updated, ctx);
        assertEquals(List.of(), templates.read("s1", List.of(created.id()), ctx));
        templates.delete(updated, ctx); // a missing one is success
    }

    @Test
    void groupLaunchesScalesInPlaceAndLeavesNothingWhenDeleted() {
        LiveResource lt = templates.create(request("template", template("#!/bin/bash\n"), "tok-lt"), ctx);
        String tg = moto.session().elbv2().createTargetGroup(r -> r.name("s1-web").protocol("HTTP").port(80).vpcId(vpc))
                .targetGroups().get(0).targetGroupArn();
        Map<String, Object> p = group(lt.id(), "1", 2, List.of(tg));

        LiveResource created = groups.create(request("web", p, "tok-asg"), ctx);
        groups.awaitReady(created, ctx);

        assertEquals("s1-web", created.id());
        assertNoChanges(groups, p, created);
        assertEquals(List.of("web"), groups.read("s1", List.of(), ctx).stream().map(LiveResource::address).toList());
        List<String> instances = groupInstances();
        assertEquals(2, instances.size());
        // The instances carry the user's tags but never Converge's: they are the group's, not the stack's.
        JsonNode reservations = cli.json("ec2", "describe-instances", "--instance-ids", instances.get(0), instances.get(1)).get("Reservations");
        String tags = reservations.toString();
        assertTrue(tags.contains("\"Name\"") && tags.contains("\"web\""), tags);
        assertFalse(tags.contains("converge:"), tags);
        assertEquals(List.of(), new dev.converge.provider.aws.ec2.InstanceResource(moto.session()).read("s1", List.of(), ctx),
                "the group's instances are never read as the stack's own");
        JsonNode health = cli.json("elbv2", "describe-target-health", "--target-group-arn", tg).get("TargetHealthDescriptions");
        assertEquals(2, health.size());

        Map<String, Object> bigger = group(lt.id(), "1", 3, List.of());
        LiveResource scaled = groups.update(created, bigger, Set.of("desiredCapacity", "targetGroupArns"),
                request("web", bigger, "tok-asg").tags(), ctx);
        groups.awaitReady(scaled, ctx);
        assertNoChanges(groups, bigger, scaled);
        assertEquals(3, groupInstances().size());
        assertEquals(0, cli.json("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "s1-web")
                .get("AutoScalingGroups").get(0).get("TargetGroupARNs").size());

        groups.delete(scaled, ctx);
        assertEquals(0, cli.json("autoscaling", "describe-auto-scaling-groups").get("AutoScalingGroups").size());
        JsonNode left = cli.json("ec2", "describe-instances", "--filters", "Name=instance-state-name,Values=pending,running,stopping,stopped");
        assertEquals(0, left.get("Reservations").size(), left.toString());
        groups.delete(scaled, ctx); // a missing one is success
    }

    /**
     * With a load balancer using the target group, AWS health-checks the new instances: "initial"
     * for a while (WireMock answers so twice, moto says healthy at once), and readiness waits,
     * saying why, until they are healthy.
     */
    @Test
    void readinessWaitsUntilTheInstancesPassTheirTargetGroupsHealthChecks() {
        LiveResource lt = templates.create(request("template", template("#!/bin/bash\n"), "tok-lt"), ctx);
        var elb = moto.session().elbv2();
        String tg = elb.createTargetGroup(r -> r.name("s1-web").protocol("HTTP").port(80).vpcId(vpc)).targetGroups().get(0).targetGroupArn();
        String lb = elb.createLoadBalancer(r -> r.name("s1-web").subnets(subnets)).loadBalancers().get(0).loadBalancerArn();
        elb.createListener(r -> r.loadBalancerArn(lb).protocol("HTTP").port(80).defaultActions(a -> a.type("forward").targetGroupArn(tg)));
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        proxy.start();
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults(MotoAccount.REGION).withEndpoint(URI.create(proxy.baseUrl()), true))) {
            proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10).willReturn(WireMock.aResponse().proxiedFrom(moto.endpoint().toString())));
            for (String state : List.of(Scenario.STARTED, "second")) {
                proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1).inScenario("health").whenScenarioStateIs(state)
                        .willSetStateTo(state.equals("second") ? "healthy" : "second")
                        .withRequestBody(WireMock.containing("Action=DescribeTargetHealth"))
                        .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                                "<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                                        + "<DescribeTargetHealthResult><TargetHealthDescriptions><member><Target><Id>i-0123456789abcdef0"
                                        + "</Id><Port>80</Port></Target><TargetHealth><State>initial</State><Reason>"
                                        + "Elb.InitialHealthChecking</Reason><Description>Initial health checks in progress</Description>"
                                        + "</TargetHealth></member></TargetHealthDescriptions></DescribeTargetHealthResult>"
                                        + "</DescribeTargetHealthResponse>")));
            }
            GroupResource proxied = new GroupResource(viaProxy);
            LiveResource created = proxied.create(request("web", group(lt.id(), "1", 2, List.of(tg)), "tok-asg"), ctx);

            proxied.awaitReady(created, ctx);

            assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains("i-0123456789abcdef0 initial (Elb.InitialHealthChecking: "
                    + "Initial health checks in progress) in s1-web")), ctx.statuses.toString());
            assertEquals(3, proxy.getAllServeEvents().stream().filter(e -> e.getRequest().getBodyAsString()
                    .contains("Action=DescribeTargetHealth")).count());
        } finally {
            proxy.stop();
        }
    }

    /**
     * CreateAutoScalingGroup has no idempotency token and AWS answers AlreadyExists for a taken name
     * (moto replaces the group instead): WireMock puts AWS's answer back. The group an interrupted
     * attempt of this very create made is adopted; one without this create's proof is a conflict.
     */
    @Test
    void aRerunCreateAdoptsItsOwnGroupAndRefusesAnybodyElses() {
        LiveResource lt = templates.create(request("template", template("#!/bin/bash\n"), "tok-lt"), ctx);
        Map<String, Object> p = group(lt.id(), "1", 1, List.of());
        LiveResource first = groups.create(request("web", p, "tok-asg"), ctx);
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        proxy.start();
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults(MotoAccount.REGION).withEndpoint(URI.create(proxy.baseUrl()), true))) {
            proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10).willReturn(WireMock.aResponse().proxiedFrom(moto.endpoint().toString())));
            proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1).withRequestBody(WireMock.containing("Action=CreateAutoScalingGroup"))
                    .willReturn(WireMock.aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody(
                            "<ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>AlreadyExists</Code><Message>"
                                    + "AutoScalingGroup by this name already exists - A group with the name s1-web already exists"
                                    + "</Message></Error><RequestId>r</RequestId></ErrorResponse>")));
            GroupResource proxied = new GroupResource(viaProxy);

            LiveResource again = proxied.create(request("web", p, "tok-asg"), ctx);
            assertEquals(first.id(), again.id());
            assertTrue(ctx.statuses.stream().anyMatch(s -> s.startsWith("adopting Auto Scaling group s1-web")), ctx.statuses.toString());

            ProviderException e = assertThrows(ProviderException.class, () -> proxied.create(request("web", p, "another-token"), ctx));
            assertEquals("AlreadyExists", e.code());
            assertTrue(e.getMessage().contains("without this create's proof"), e.getMessage());
        } finally {
            proxy.stop();
        }
    }

    private List<String> groupInstances() {
        List<String> out = new ArrayList<>();
        cli.json("autoscaling", "describe-auto-scaling-groups", "--auto-scaling-group-names", "s1-web").get("AutoScalingGroups").get(0)
                .get("Instances").forEach(i -> out.add(i.get("InstanceId").asText()));
        return out;
    }

    /** A template version change starts a refresh and waits through AWS's progress until it succeeds. */
    @Test
    void templateVersionChangeStartsAnInstanceRefreshAndWaitsForIt() {
        withAwsRefreshes(List.of(refresh("InProgress", 30, null), refresh("InProgress", 80, null), refresh("Successful", 100, null)),
                (proxied, proxy) -> {
                    LiveResource created = create(proxied);
                    Map<String, Object> next = group((String) created.values().get("launchTemplateId"), "2", 2, List.of());
                    proxied.update(created, next, Set.of("launchTemplateVersion"), request("web", next, "tok-asg").tags(), ctx);
                    String start = proxy.getAllServeEvents().stream().map(e -> e.getRequest().getBodyAsString())
                            .filter(b -> b.contains("Action=StartInstanceRefresh")).findFirst().orElseThrow();
                    assertTrue(start.contains("Preferences.MinHealthyPercentage=50"), start);
                    assertTrue(start.contains("Preferences.SkipMatching=true"), start);
                    assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains("InProgress, 30% complete")), ctx.statuses.toString());
                    assertTrue(ctx.statuses.stream().anyMatch(s -> s.contains("InProgress, 80% complete")), ctx.statuses.toString());
                    assertEquals("2", cli.json("autoscaling", "describe-auto-scaling-groups").get("AutoScalingGroups").get(0)
                            .get("LaunchTemplate").get("Version").asText());
                });
    }

    @Test
    void aFailedInstanceRefreshIsAnErrorNamingAwsReason() {
        withAwsRefreshes(List.of(refresh("InProgress", 10, null),
                        refresh("Failed", 10, "Instance i-0abc failed to launch: the security group does not exist")),
                (proxied, proxy) -> {
                    LiveResource created = create(proxied);
                    Map<String, Object> next = group((String) created.values().get("launchTemplateId"), "2", 2, List.of());
                    ProviderException e = assertThrows(ProviderException.class, () -> proxied.update(created, next,
                            Set.of("launchTemplateVersion"), request("web", next, "tok-asg").tags(), ctx));
                    assertEquals("InstanceRefreshFailed", e.code());
                    assertTrue(e.getMessage().contains("the security group does not exist"), e.getMessage());
                    assertFalse(e.retryable());
                });
    }

    private LiveResource create(GroupResource proxied) {
        Map<String, Object> t = template("#!/bin/bash\n");
        LiveResource lt = templates.create(request("template", t, "tok-lt"), ctx);
        templates.update(lt, template("#!/bin/bash\necho 2\n"), Set.of("userData"), request("template", t, "tok-lt").tags(), ctx);
        return proxied.create(request("web", group(lt.id(), "1", 2, List.of()), "tok-asg"), ctx);
    }

    private static String refresh(String status, int percent, String reason) {
        return "<DescribeInstanceRefreshesResponse xmlns=\"" + NS + "\"><DescribeInstanceRefreshesResult><InstanceRefreshes><member>"
                + "<InstanceRefreshId>ir-1</InstanceRefreshId><AutoScalingGroupName>s1-web</AutoScalingGroupName>"
                + "<Status>" + status + "</Status><PercentageComplete>" + percent + "</PercentageComplete>"
                + "<InstancesToUpdate>1</InstancesToUpdate>" + (reason == null ? "" : "<StatusReason>" + reason + "</StatusReason>")
                + "</member></InstanceRefreshes></DescribeInstanceRefreshesResult>"
                + "<ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></DescribeInstanceRefreshesResponse>";
    }

    interface ProxiedTest {
        void run(GroupResource proxied, WireMockServer proxy);
    }

    /**
     * moto in front of WireMock, which answers StartInstanceRefresh with ir-1 and each
     * DescribeInstanceRefreshes for it with the next of {@code polls} (no refresh runs before ours).
     */
    private static void withAwsRefreshes(List<String> polls, ProxiedTest test) {
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        proxy.start();
        try (AwsSession viaProxy = new AwsSession(AwsSettings.defaults(MotoAccount.REGION).withEndpoint(URI.create(proxy.baseUrl()), true))) {
            proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10).willReturn(WireMock.aResponse().proxiedFrom(moto.endpoint().toString())));
            proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1).withRequestBody(WireMock.containing("Action=StartInstanceRefresh"))
                    .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                            "<StartInstanceRefreshResponse xmlns=\"" + NS + "\"><StartInstanceRefreshResult><InstanceRefreshId>ir-1"
                                    + "</InstanceRefreshId></StartInstanceRefreshResult><ResponseMetadata><RequestId>r</RequestId>"
                                    + "</ResponseMetadata></StartInstanceRefreshResponse>")));
            // Before ours starts: none running.
            proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(2).withRequestBody(WireMock.containing("Action=DescribeInstanceRefreshes"))
                    .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(
                            "<DescribeInstanceRefreshesResponse xmlns=\"" + NS + "\"><DescribeInstanceRefreshesResult><InstanceRefreshes/>"
                                    + "</DescribeInstanceRefreshesResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata>"
                                    + "</DescribeInstanceRefreshesResponse>")));
            for (int i = 0; i < polls.size(); i++) {
                String state = i == 0 ? Scenario.STARTED : "poll" + i;
                proxy.stubFor(WireMock.post(WireMock.anyUrl()).atPriority(1).inScenario("refresh").whenScenarioStateIs(state)
                        .willSetStateTo("poll" + Math.min(i + 1, polls.size() - 1))
                        .withRequestBody(WireMock.containing("Action=DescribeInstanceRefreshes"))
                        .withRequestBody(WireMock.containing("InstanceRefreshIds.member.1=ir-1"))
                        .willReturn(WireMock.aResponse().withStatus(200).withHeader("Content-Type", "text/xml").withBody(polls.get(i))));
            }
            test.run(new GroupResource(viaProxy), proxy);
        } finally {
            proxy.stop();
        }
    }
}
