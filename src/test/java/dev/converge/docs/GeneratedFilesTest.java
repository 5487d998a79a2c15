package dev.converge.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.converge.docs.ResourceDocsGenerator;
import dev.converge.docs.StackSchemaGenerator;
import dev.converge.json.Json;
import dev.converge.provider.aws.AwsProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committed JSON Schema and resource reference are generated from the types' schemas; these
 * tests fail when they drift, and prove editors validating against the schema accept the examples.
 */
class GeneratedFilesTest {

    @Test
    void committedJsonSchemaIsCurrent() throws Exception {
        String generated = Json.write(StackSchemaGenerator.generate(AwsProvider.schemaRegistry())) + System.lineSeparator();
        assertEquals(generated, Files.readString(Path.of("schemas/stack.schema.json")),
                "schemas/stack.schema.json is stale: run bin/converge schema > schemas/stack.schema.json");
    }

    @Test
    void committedResourceReferenceIsCurrent() throws Exception {
        assertEquals(ResourceDocsGenerator.generate(AwsProvider.schemaRegistry()), Files.readString(Path.of("docs/resources.md")),
                "docs/resources.md is stale: run bin/converge schema --docs > docs/resources.md");
    }

    @ParameterizedTest
    @ValueSource(strings = {"stacks/elb-https.yaml", "stacks/nginx-certbot.yaml"})
    void exampleStacksValidateAgainstTheSchema(String file) throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("schemas/stack.schema.json")));
        JsonNode stack = new ObjectMapper(new YAMLFactory()).readTree(Path.of(file).toFile());
        Set<ValidationMessage> problems = schema.validate(stack);
        assertTrue(problems.isEmpty(), file + ": " + problems);
    }

    @Test
    void schemaRejectsWhatTheLoaderRejects() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("schemas/stack.schema.json")));
        JsonNode stack = new ObjectMapper(new YAMLFactory()).readTree("""
                stack: demo
                resoures: {}
                """);
        assertTrue(schema.validate(stack).stream().anyMatch(m -> m.getMessage().contains("resoures")),
                "an unknown top-level key is flagged");
    }

    @Test
    void movesBetweenIndexesAndKeysValidateAndMalformedAddressesDoNot() throws Exception {
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                .getSchema(Files.readString(Path.of("schemas/stack.schema.json")));
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        String moves = """
                stack: demo
                moved:
                  - { from: web, to: servers }
                  - { from: "web[0]", to: 'web["blue"]' }
                  - { from: 'sites["a \\"quoted\\" key"]', to: 'sites["b"]' }
                """;
        Set<ValidationMessage> problems = schema.validate(yaml.readTree(moves));
        assertTrue(problems.isEmpty(), problems::toString);
        for (String bad : new String[] {"web[a]", "web[\"a]", "web[]", "web[0"}) {
            JsonNode stack = yaml.readTree("stack: demo\nmoved:\n  - { from: old, to: '" + bad + "' }\n");
            assertTrue(schema.validate(stack).stream().anyMatch(m -> m.getMessage().contains("pattern")), bad);
        }
    }
}
