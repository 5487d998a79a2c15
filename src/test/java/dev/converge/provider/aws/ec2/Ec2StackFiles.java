package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsSession;
import dev.converge.provider.TypeRegistry;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The EC2 part of an example stack: its aws.ec2.* lookups and resources, without the entries of
 * other types (load balancer, certificate, DNS) and without outputs, written next to stand-in scripts.
 */
final class Ec2StackFiles {

    private Ec2StackFiles() {
    }

    static TypeRegistry ec2Types(AwsSession session) {
        return new TypeRegistry().withOwnershipKeys(new dev.converge.provider.aws.ssm.SsmOwnershipKeys(session))
                .register(new DefaultVpcData(session))
                .register(new SubnetsData(session))
                .register(new AmiData(session))
                .register(new SecurityGroupResource(session))
                .register(new InstanceResource(session))
                .register(new ElasticIpResource(session));
    }

    @SuppressWarnings("unchecked")
    static Path writeEc2Part(String stackFile, Path dir) throws IOException {
        String text = Files.readString(Path.of("stacks", stackFile));
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
        Map<String, Object> part = new LinkedHashMap<>(doc);
        part.remove("outputs");
        part.remove("checks"); // like outputs, they refer to the load balancer, which this part leaves out
        for (String section : new String[] {"data", "resources"}) {
            Map<String, Object> kept = new LinkedHashMap<>();
            ((Map<String, Object>) doc.get(section)).forEach((name, entry) -> {
                if (String.valueOf(((Map<String, Object>) entry).get("type")).startsWith("aws.ec2.")) kept.put(name, entry);
            });
            part.put(section, kept);
        }
        Path file = dir.resolve(stackFile);
        Files.writeString(file, new Dump(DumpSettings.builder().setSchema(new org.snakeyaml.engine.v2.schema.CoreSchema()).build()).dumpToString(part));
        Files.createDirectories(dir.resolve("scripts"));
        try (var scripts = Files.list(Path.of("stacks/scripts"))) {
            for (Path script : (Iterable<Path>) scripts::iterator) {
                Files.copy(script, dir.resolve("scripts").resolve(script.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return file;
    }
}
