package dev.converge.e2e;

import dev.converge.testing.Cli;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Errors a plan can know are reported by {@code plan}, before anything is written, the way
 * {@code validate} reports a stack's mistakes: file:line:column, the line, a caret, a hint. Each case
 * runs through the command line against the sandbox: {@code plan} exits 1 with exactly the expected
 * diagnostics and counts zero writes; {@code apply} stops at the same place, and the AWS CLI then finds
 * nothing of the stack in the account.
 */
class PlanChecksIT {

    @RegisterExtension
    static final SandboxStack sandbox = new SandboxStack();

    private static final Pattern HEADLINE = Pattern.compile("(?m)^(.+?):(\\d+):(\\d+): error: (.*)$");
    private static final Pattern API_CALLS = Pattern.compile("AWS API calls: (\\d+) reads?, (\\d+) writes?");

    /** Instances and a load balancer whose type, image and subnets are chosen by variables. */
    private static final String INSTANCES = """
            stack: plan-checks
            region: ap-northeast-2
            variables:
              instanceType:
                type: string
                default: t3.micro
              architecture:
                type: string
                default: x86_64
            data:
              vpc:
                type: aws.ec2.DefaultVpc
              subnets:
                type: aws.ec2.Subnets
                properties:
                  vpcId: ${data.vpc.id}
                  defaultForAz: true
              image:
                type: aws.ec2.Ami
                properties:
                  owners: ["099720109477"]
                  architecture: ${var.architecture}
                  namePattern: ubuntu/images/hvm-ssd-gp3/ubuntu-noble-24.04-*-server-*
            resources:
              web:
                type: aws.ec2.Instance
                count: 2
                properties:
                  ami: ${data.image.id}
                  instanceType: ${var.instanceType}
              alb:
                type: aws.elbv2.LoadBalancer
                properties:
                  name: plan-checks
                  subnetIds: ${data.subnets.ids}
              targets:
                type: aws.elbv2.TargetGroup
                properties:
                  name: ${data.vpc.id}-web
                  port: 80
                  protocol: HTTP
                  vpcId: ${data.vpc.id}
            """;

    /** A CNAME at the apex of the zone. */
    private static final String APEX = """
            stack: apex
            region: ap-northeast-2
            data:
              zone:
                type: aws.route53.HostedZone
                properties:
                  name: example.com
            resources:
              apex:
                type: aws.route53.Record
                properties:
                  zoneId: ${data.zone.id}
                  name: example.com
                  type: CNAME
                  values: [ www.example.com ]
            """;

    /** A case: the stack (an example or {@link #INSTANCES}), the variables, and the diagnostics "line:column: message". */
    record Case(String name, String stack, List<String> vars, List<String> expected) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("domain outside its zone (certificate and record)", "elb-https.yaml",
                        List.of("domain=www.other.com", "zone=mysite.kr"), List.of(
                        "133:19: certificate.domainName: 'www.other.com' is not inside the validation zone mysite.kr",
                        "166:13: dns.name: 'www.other.com' is not inside the hosted zone mysite.kr")),
                new Case("alternative name outside the validation zone", "alternative-name.yaml", List.of(), List.of(
                        "134:55: certificate.subjectAlternativeNames[1]: 'app.other.com' is not inside the validation zone example.com")),
                new Case("CNAME at the zone apex", "apex.yaml", List.of(), List.of(
                        "14:13: apex.type: a CNAME record cannot be at the apex of zone example.com")),
                new Case("subnets in one availability zone", "one-zone.yaml", List.of(), List.of(
                        "35:7: alb.subnetIds: every subnet is in ap-northeast-2a: an Application Load Balancer needs subnets in at least two availability zones")),
                new Case("arm64 image on t3.micro", "plan-checks.yaml", List.of("architecture=arm64"), List.of(
                        "29:12: ami of web[0], web[1]: image ami-0e3f7a9b5c2d18403 is built for arm64, but t3.micro runs x86_64 only")),
                new Case("instance type not offered in the region", "plan-checks.yaml", List.of("instanceType=mac2-m2pro.metal"), List.of(
                        "30:21: instanceType of web[0], web[1]: instance type mac2-m2pro.metal is not offered in ap-northeast-2")),
                new Case("name too long once a lookup is known", "lookup-name.yaml", List.of(), List.of(
                        "39:13: targets.name: 'VPC-web-servers-a' (35 characters) must be 1–32 letters, digits and hyphens")),
                new Case("name too long at load", "long-name.yaml", List.of(), List.of(
                        "100:13: name: 'elb-https-with-a-much-too-long-name-web' (39 characters) must be 1–32 letters, digits and hyphens",
                        "119:13: name: 'elb-https-with-a-much-too-long-name' (35 characters) must be 1–32 letters, digits and hyphens")));
    }

    @BeforeAll
    static void stacks() throws IOException {
        Files.writeString(sandbox.stack("plan-checks.yaml"), INSTANCES);
        Files.writeString(sandbox.stack("one-zone.yaml"), INSTANCES.replace("${data.subnets.ids}", "[ \"${data.subnets.ids[0]}\" ]"));
        Files.writeString(sandbox.stack("lookup-name.yaml"), INSTANCES.replace("${data.vpc.id}-web", "${data.vpc.id}-web-servers-a"));
        String example = Files.readString(sandbox.stack("elb-https.yaml"));
        Files.writeString(sandbox.stack("long-name.yaml"), example.replace("stack: elb-https\n", "stack: elb-https-with-a-much-too-long-name\n"));
        Files.writeString(sandbox.stack("alternative-name.yaml"), example.replace("      domainName: ${var.domain}\n",
                "      domainName: ${var.domain}\n      subjectAlternativeNames: [ \"www.${var.domain}\", \"app.other.com\" ]\n"));
        Files.writeString(sandbox.stack("apex.yaml"), APEX);
        // The zones exist, as on AWS: the sandbox would otherwise create them, which is a write.
        sandbox.aws.json("route53", "create-hosted-zone", "--name", "mysite.kr", "--caller-reference", "plan-checks-1");
        sandbox.aws.json("route53", "create-hosted-zone", "--name", "example.com", "--caller-reference", "plan-checks-2");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void failsAtPlanWithoutWriting(Case c) {
        Path stack = sandbox.stack(c.stack());
        List<String> expected = c.expected().stream().map(e -> e.replace("VPC", vpcId())).toList();

        Cli.Result plan = sandbox.expect(1, args("plan", stack, c.vars()));
        assertDiagnostics(stack, expected, plan);
        Matcher calls = API_CALLS.matcher(plan.out());
        if (calls.find()) {
            assertEquals("0", calls.group(2), () -> "a failed plan check writes nothing: " + plan);
        } else {
            assertTrue(plan.err().contains("error") && !plan.out().contains("Plan:"), "failed before any AWS call: " + plan);
        }

        Cli.Result apply = sandbox.expect(1, args("apply", stack, c.vars(), "--auto-approve"));
        assertDiagnostics(stack, expected, apply);
        assertTrue(!apply.out().contains("Creating") && !apply.out().contains("created"), apply::toString);
        assertNothingCreated();
    }

    private static void assertDiagnostics(Path stack, List<String> expected, Cli.Result r) {
        List<String> got = new ArrayList<>();
        Matcher m = HEADLINE.matcher(r.err());
        while (m.find()) {
            assertEquals(stack.toString(), m.group(1), () -> "reported in the stack file: " + r);
            got.add(m.group(2) + ":" + m.group(3) + ": " + m.group(4));
        }
        assertEquals(expected.size(), got.size(), () -> "diagnostics " + got + " in\n" + r);
        for (int i = 0; i < expected.size(); i++) {
            String want = expected.get(i);
            String have = got.get(i);
            assertTrue(have.startsWith(want), () -> "expected " + want + "\n     got " + have + "\nin\n" + r);
        }
        assertTrue(r.err().contains("^"), () -> "a caret under the place: " + r);
        assertTrue(r.err().contains("hint: "), () -> "a hint: " + r);
        assertTrue(r.err().contains(expected.size() + (expected.size() == 1 ? " error" : " errors")), r::toString);
    }

    private static void assertNothingCreated() {
        assertEquals(0, sandbox.aws.json("elbv2", "describe-load-balancers").path("LoadBalancers").size());
        assertEquals(0, sandbox.aws.json("elbv2", "describe-target-groups").path("TargetGroups").size());
        assertEquals(0, sandbox.aws.json("acm", "list-certificates").path("CertificateSummaryList").size());
        assertEquals(0, sandbox.aws.json("ec2", "describe-instances").path("Reservations").size());
        assertEquals(0, sandbox.aws.json("ec2", "describe-security-groups", "--filters", "Name=tag-key,Values=converge:stack")
                .path("SecurityGroups").size());
    }

    private static String vpcId() {
        return sandbox.aws.json("ec2", "describe-vpcs", "--filters", "Name=is-default,Values=true").path("Vpcs").get(0).path("VpcId").asText();
    }

    private static String[] args(String command, Path stack, List<String> vars, String... more) {
        List<String> out = new ArrayList<>(List.of(command, stack.toString(), "--sandbox"));
        for (String v : vars) out.addAll(List.of("--var", v));
        out.addAll(List.of(more));
        return out.toArray(String[]::new);
    }
}
