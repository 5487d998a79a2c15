package dev.converge.provider.aws.elbv2;

import dev.converge.addr.Address;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.provider.TypeRegistry;
import dev.converge.stack.DiagnosticPrinter;
import dev.converge.stack.Stack;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The load balancer, target group and listeners of stacks/elb-https.yaml, exactly as users write
 * them, pass the real stack loader against these types' schemas. References to resources of other
 * types (security groups, instances, the certificate, data lookups) are replaced by literals of
 * the same shape; references between the ELBv2 resources are kept.
 */
class ElbHttpsStackSchemaTest {

    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void elbv2ResourcesOfTheExampleStackLoad() throws Exception {
        Map<String, Object> full = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(Path.of("stacks/elb-https.yaml")));
        Map<String, Object> resources = new LinkedHashMap<>();
        ((Map<String, Object>) full.get("resources")).forEach((name, r) -> {
            Map<String, Object> resource = (Map<String, Object>) r;
            if (String.valueOf(resource.get("type")).startsWith("aws.elbv2.")) resources.put(name, literal(resource));
        });
        assertEquals(List.of("targets", "alb", "https", "http"), List.copyOf(resources.keySet()));
        Map<String, Object> stack = new LinkedHashMap<>();
        stack.put("stack", full.get("stack"));
        stack.put("region", full.get("region"));
        stack.put("resources", resources);
        Path file = dir.resolve("elb.yaml");
        Files.writeString(file, new Dump(DumpSettings.builder().build()).dumpToString(stack));

        AwsSession session = new AwsSession(AwsSettings.defaults("ap-northeast-2"));
        TypeRegistry registry = new TypeRegistry()
                .register(new LoadBalancerResource(session))
                .register(new TargetGroupResource(session))
                .register(new ListenerResource(session));
        try {
            Stack loaded = new StackLoader(registry).load(file, VariableInputs.none());
            assertEquals(4, loaded.resourceInstances().size());
            assertEquals(List.of(Address.resource("alb"), Address.resource("targets")),
                    loaded.graph().dependenciesOf(Address.resource("https")));
        } catch (StackException e) {
            fail(new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics()));
        }
    }

    @Test
    void mistakesAreReportedAtLoad() throws Exception {
        Path file = dir.resolve("bad.yaml");
        Files.writeString(file, """
                stack: bad
                resources:
                  https:
                    type: aws.elbv2.Listener
                    properties:
                      loadBalancerArn: arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/x/1
                      protocol: HTTPS
                      port: 443
                      sslPolcy: ELBSecurityPolicy-TLS13-1-2-2021-06
                      defaultAction:
                        forward: { targetGroupArn: arn:tg }
                        redirect: { statusCode: HTTP_301 }
                """);
        TypeRegistry registry = new TypeRegistry().register(new ListenerResource(new AwsSession(AwsSettings.defaults("ap-northeast-2"))));
        try {
            new StackLoader(registry).load(file, VariableInputs.none());
            fail("expected load errors");
        } catch (StackException e) {
            String out = new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics());
            assertTrue(out.contains("sslPolcy"), out);
            assertTrue(out.contains("forward") && out.contains("redirect"), out);
        }
    }

    /** The value with every reference outside the ELBv2 resources replaced by a literal. */
    @SuppressWarnings("unchecked")
    private static Object literal(Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            ((Map<String, Object>) m).forEach((k, val) -> out.put(k, literal(val)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) out.add(literal(o));
            return out;
        }
        if (!(v instanceof String s) || !s.contains("${")) return v;
        return switch (s) {
            case "${data.subnets.ids}" -> List.of("subnet-0a", "subnet-0b", "subnet-0c", "subnet-0d");
            case "${resources.web[*].id}" -> List.of("i-0123456789abcdef0", "i-0123456789abcdef1");
            case "${data.vpc.id}" -> "vpc-0123456789abcdef0";
            case "${resources.albSecurityGroup.id}" -> "sg-0123456789abcdef0";
            case "${resources.certificate.arn}" -> "arn:aws:acm:ap-northeast-2:123456789012:certificate/abc";
            default -> s; // ${stack.name}, ${resources.alb.arn}, ${resources.targets.arn}
        };
    }
}
