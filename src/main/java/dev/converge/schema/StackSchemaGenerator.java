package dev.converge.schema;

import dev.converge.provider.DataType;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Generates the JSON Schema (draft 2020-12) of stack files from the same per-type schemas the
 * loader checks against, so editor completion and validation never drift from the code. Any
 * value may instead be a {@code ${...}} string, which the schema allows wherever a typed value goes.
 */
public final class StackSchemaGenerator {

    static final String EXPRESSION_PATTERN = "^.*\\$\\{.+\\}.*$";

    private StackSchemaGenerator() {
    }

    public static Map<String, Object> generate(TypeRegistry registry) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", "https://converge.dev/schemas/stack.schema.json");
        root.put("title", "Converge stack file");
        root.put("description", "One stack: variables, data lookups, resources and outputs. See docs/stack-files.md.");
        root.put("type", "object");
        root.put("additionalProperties", false);
        root.put("required", List.of("stack"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("stack", Map.of("type", "string", "pattern", "^[A-Za-z][A-Za-z0-9-]{0,62}$", "description", "The stack's name; part of AWS names and the ownership tags."));
        props.put("region", Map.of("type", "string", "default", "ap-northeast-2", "description", "AWS region of the stack."));
        props.put("description", Map.of("type", "string"));
        props.put("backend", Map.of("type", "string", "pattern", "^s3://", "description", "Remote state: s3://BUCKET/KEY. Default: .converge/state next to the stack file."));
        props.put("defaultTags", Map.of("type", "object", "additionalProperties", Map.of("type", "string"), "description", "Tags added to every taggable resource."));
        props.put("variables", Map.of("type", "object", "additionalProperties", Map.of("$ref", "#/$defs/variable")));
        props.put("data", Map.of("type", "object", "propertyNames", Map.of("pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"),
                "additionalProperties", Map.of("$ref", "#/$defs/data")));
        props.put("resources", Map.of("type", "object", "propertyNames", Map.of("pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"),
                "additionalProperties", Map.of("$ref", "#/$defs/resource")));
        props.put("outputs", Map.of("type", "object", "additionalProperties", Map.of("$ref", "#/$defs/output")));
        root.put("properties", props);

        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("expression", Map.of("type", "string", "pattern", EXPRESSION_PATTERN,
                "description", "An interpolation such as ${var.name} or ${resources.id.attribute}."));
        defs.put("variable", variableSchema());
        defs.put("output", Map.of("anyOf", List.of(
                Map.of("type", "object", "required", List.of("value"), "additionalProperties", false,
                        "properties", Map.of("value", Map.of(), "description", Map.of("type", "string"), "sensitive", Map.of("type", "boolean"))),
                Map.of("not", Map.of("type", "object", "required", List.of("value"))))));
        defs.put("resource", entrySchema(registry, false));
        defs.put("data", entrySchema(registry, true));
        for (ResourceType t : registry.all()) {
            defs.put(t.name(), typeSchema(t.schema().properties(), t.schema().description()));
        }
        root.put("$defs", defs);
        return root;
    }

    private static Map<String, Object> variableSchema() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("type", "object");
        v.put("additionalProperties", false);
        v.put("properties", Map.of(
                "type", Map.of("enum", List.of("string", "number", "boolean", "list", "map")),
                "description", Map.of("type", "string"),
                "default", Map.of(),
                "allowed", Map.of("type", "array"),
                "pattern", Map.of("type", "string", "format", "regex"),
                "minimum", Map.of("type", "number"),
                "maximum", Map.of("type", "number"),
                "sensitive", Map.of("type", "boolean")));
        return v;
    }

    private static Map<String, Object> entrySchema(TypeRegistry registry, boolean data) {
        List<String> names = new ArrayList<>();
        List<Object> branches = new ArrayList<>();
        for (ResourceType t : registry.all()) {
            if ((t instanceof DataType) != data) continue;
            names.add(t.name());
            branches.add(Map.of(
                    "if", Map.of("properties", Map.of("type", Map.of("const", t.name())), "required", List.of("type")),
                    "then", Map.of("properties", Map.of("properties", Map.of("$ref", "#/$defs/" + t.name())))));
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", Map.of("enum", names));
        props.put("properties", Map.of("type", "object"));
        props.put("dependsOn", Map.of("type", "array", "items", Map.of("type", "string")));
        if (!data) {
            props.put("count", Map.of("anyOf", List.of(Map.of("type", "integer", "minimum", 0, "maximum", 1000), Map.of("$ref", "#/$defs/expression"))));
            props.put("lifecycle", Map.of("type", "object", "additionalProperties", false, "properties", Map.of(
                    "preventDestroy", Map.of("type", "boolean"),
                    "ignoreChanges", Map.of("type", "array", "items", Map.of("type", "string")))));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("required", List.of("type"));
        s.put("additionalProperties", false);
        s.put("properties", props);
        s.put("allOf", branches);
        return s;
    }

    private static Map<String, Object> typeSchema(ObjectType type, String description) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (description != null && !description.isEmpty()) s.put("description", description);
        s.put("type", "object");
        s.put("additionalProperties", false);
        Map<String, Object> props = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (Property p : type.inputs()) {
            Map<String, Object> ps = new LinkedHashMap<>(orExpression(valueSchema(p.type())));
            if (!p.description().isEmpty()) {
                ps.put("description", p.description() + (p.forcesReplacement() != null ? " Changing it replaces the resource." : ""));
            }
            if (p.defaultValue() != null) ps.put("default", p.defaultValue());
            props.put(p.name(), ps);
            if (p.required()) required.add(p.name());
        }
        s.put("properties", props);
        if (!required.isEmpty()) s.put("required", required);
        List<Object> groups = new ArrayList<>();
        for (List<String> group : type.exactlyOneOfGroups()) {
            List<Object> one = new ArrayList<>();
            for (String n : group) one.add(Map.of("required", List.of(n)));
            groups.add(Map.of("oneOf", one));
        }
        if (!groups.isEmpty()) s.put("allOf", groups);
        return s;
    }

    private static Map<String, Object> orExpression(Map<String, Object> schema) {
        if ("string".equals(schema.get("type")) && !schema.containsKey("enum")) {
            // A string pattern or format would reject ${...}: allow either.
            if (!schema.containsKey("pattern") && !schema.containsKey("format")) return schema;
        }
        return Map.of("anyOf", List.of(schema, Map.of("$ref", "#/$defs/expression")));
    }

    private static Map<String, Object> valueSchema(Type t) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (t instanceof StringType st) {
            s.put("type", "string");
            if (!st.allowed().isEmpty()) s.put("enum", st.allowed());
            if (st.pattern() != null) s.put("pattern", st.pattern().pattern());
            switch (st.format()) {
                case DNS_NAME -> s.put("format", "hostname");
                default -> { }
            }
        } else if (t instanceof NumberType nt) {
            s.put("type", nt.integer() ? "integer" : "number");
            if (nt.min() != null) s.put("minimum", BigDecimal.valueOf(nt.min()));
            if (nt.max() != null) s.put("maximum", BigDecimal.valueOf(nt.max()));
        } else if (t instanceof BoolType) {
            s.put("type", "boolean");
        } else if (t instanceof ListType lt) {
            s.put("type", "array");
            s.put("items", orExpression(valueSchema(lt.element())));
            if (lt.minItems() > 0) s.put("minItems", lt.minItems());
            if (lt.maxItems() != null) s.put("maxItems", lt.maxItems());
        } else if (t instanceof MapType mt) {
            s.put("type", "object");
            s.put("additionalProperties", orExpression(valueSchema(mt.value())));
        } else if (t instanceof ObjectType ot) {
            return typeSchema(ot, ot.description());
        }
        return s;
    }
}
