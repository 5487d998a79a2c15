package dev.converge.refresh;

import dev.converge.provider.UsedAttributes;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.stack.Stack;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which attributes of each lookup a stack refers to, wherever a reference can stand. */
class LookupUsesTest {

    @TempDir
    Path dir;

    private Stack load(String text) throws Exception {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, text);
        return new StackLoader(AwsProvider.schemaRegistry()).load(file, VariableInputs.none());
    }

    private static UsedAttributes uses(Stack stack, String lookup) {
        return LookupUses.of(stack).of(stack.entries().get(lookup));
    }

    @Test
    void attributesNamedInPropertiesOutputsAndChecks() throws Exception {
        Stack stack = load("""
                stack: uses
                region: ap-northeast-2
                data:
                  zone: { type: aws.route53.HostedZone, properties: { name: example.com } }
                  vpc: { type: aws.ec2.DefaultVpc }
                  unused: { type: aws.route53.HostedZone, properties: { name: example.org } }
                resources:
                  site:
                    type: aws.route53.Record
                    properties: { zoneId: "${data.zone.id}", name: www.example.com, type: A, values: [ 192.0.2.1 ] }
                outputs:
                  delegation: { value: "${join(\\",\\", data.zone.nameServers)}" }
                checks:
                  resolves: { dns: www.example.com, resolvesTo: "${data.vpc.cidrBlock}" }
                """);
        assertEquals(new UsedAttributes(false, Set.of("id", "nameServers")), uses(stack, "zone"), "a property and a function's argument");
        assertEquals(new UsedAttributes(false, Set.of("cidrBlock")), uses(stack, "vpc"), "a check");
        assertEquals(new UsedAttributes(false, Set.of()), uses(stack, "unused"));
    }

    @Test
    void aModulesLookupIsCountedUnderItsQualifiedId() throws Exception {
        Files.writeString(dir.resolve("site.yaml"), """
                data:
                  zone: { type: aws.route53.HostedZone, properties: { name: example.com } }
                resources:
                  www:
                    type: aws.route53.Record
                    properties: { zoneId: "${data.zone.id}", name: www.example.com, type: A, values: [ 192.0.2.1 ] }
                outputs:
                  servers: ${data.zone.nameServers}
                """);
        Stack stack = load("""
                stack: uses
                region: ap-northeast-2
                modules:
                  blue: { source: site.yaml }
                  green: { source: site.yaml }
                outputs:
                  servers: ${module.blue.servers}
                """);
        assertEquals(new UsedAttributes(false, Set.of("id", "nameServers")), uses(stack, "module.blue.zone"));
        assertEquals(new UsedAttributes(false, Set.of("id")), uses(stack, "module.green.zone"),
                "a module's output that its caller does not use is nowhere in the stack");
    }
}
