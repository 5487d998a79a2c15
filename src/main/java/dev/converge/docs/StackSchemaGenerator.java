package dev.converge.docs;

import dev.converge.provider.DataType;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Type;

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
        root.put("description", "One stack: variables, data lookups, resources, outputs and checks. See docs/stack-files.md.");
        root.put("type", "object");
        root.put("additionalProperties", false);
        root.put("required", List.of("stack"));
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("stack", ordered("type", "string", "pattern", "^[A-Za-z][A-Za-z0-9-]{0,62}$", "description", "The stack's name; part of AWS names and the ownership tags."));
        props.put("region", ordered("type", "string", "default", "ap-northeast-2", "description", "AWS region of the stack."));
        props.put("description", ordered("type", "string"));
        props.put("backend", ordered("type", "string", "pattern", "^s3://", "description", "Remote state: s3://BUCKET/KEY. Default: .converge/state next to the stack file."));
        props.put("defaultTags", ordered("type", "object", "additionalProperties", ordered("type", "string"), "description", "Tags added to every taggable resource."));
        props.put("budget", ordered("type", "object", "additionalProperties", false, "required", List.of("monthly"),
                "properties", ordered("monthly", ordered("type", "number", "minimum", 0, "maximum", 1_000_000_000, "description", dev.converge.stack.StackBudget.MONTHLY_DESCRIPTION)),
                "description", "A spending limit, by Converge's price catalogue (docs/cost.md)."));
        props.put("variables", ordered("type", "object", "additionalProperties", ordered("$ref", "#/$defs/variable")));
        props.put("data", ordered("type", "object", "propertyNames", ordered("pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"),
                "additionalProperties", ordered("$ref", "#/$defs/data")));
        props.put("resources", ordered("type", "object", "propertyNames", ordered("pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"),
                "additionalProperties", ordered("$ref", "#/$defs/resource")));
        props.put("modules", ordered("type", "object", "propertyNames", ordered("pattern", "^[A-Za-z_][A-Za-z0-9_-]{0,63}$"),
                "additionalProperties", ordered("$ref", "#/$defs/moduleCall"),
                "description", "Calls of module files: each name becomes the prefix of its resources' addresses (module.NAME.ID)."));
        props.put("outputs", ordered("type", "object", "additionalProperties", ordered("$ref", "#/$defs/output")));
        props.put("checks", CheckSchema.section());
        // A name, with a count index (web[0]) or a forEach key quoted as in JSON (web["a"]).
        String address = "^[A-Za-z_][A-Za-z0-9_-]*(\\[(\\d+|\"([^\"\\\\]|\\\\.)*\")\\])?$";
        props.put("moved", ordered("type", "array", "description", "Resources the stack renamed, or gave another count index or "
                + "forEach key: the state and the ownership follow, nothing is replaced (docs/stack-files.md#moved).", "items", ordered("type", "object", "additionalProperties", false,
                "required", List.of("from", "to"), "properties", ordered(
                        "from", ordered("type", "string", "pattern", address, "description", "The old address, no longer declared."),
                        "to", ordered("type", "string", "pattern", address, "description", "The new address, declared under resources.")))));
        // Any address of an instance: web, web[0], web["a"], module.site.web (moved: has its own, above).
        String anyAddress = "^(module\\.[A-Za-z_][A-Za-z0-9_-]*\\.)*[A-Za-z_][A-Za-z0-9_-]*(\\[(\\d+|\"([^\"\\\\]|\\\\.)*\")\\])?$";
        props.put("removed", ordered("type", "array", "description", "Resources taken out of the stack without deleting them: "
                + "Converge's claim (converge:* tags, a record's companion TXT record) and state entry are dropped, the resource stays "
                + "in AWS (docs/stack-files.md#removed).", "items", ordered("type", "object", "additionalProperties", false,
                "required", List.of("from"), "properties", ordered(
                        "from", ordered("type", "string", "pattern", anyAddress,
                                "description", "A resource no longer declared (every instance of it), or one instance: web[1], web[\"a\"]."),
                        "reason", ordered("type", "string", "minLength", 1, "description", "Why, shown in the plan.")))));
        props.put("import", ordered("type", "array", "description", "Resources that exist already, taken into the stack at an address "
                + "it declares instead of being created (docs/stack-files.md#import).", "items", ordered("type", "object",
                "additionalProperties", false, "required", List.of("to", "id"), "properties", ordered(
                        "to", ordered("type", "string", "pattern", anyAddress, "description",
                                "The address it takes, declared under resources: web, web[0], web[\"a\"], module.site.web."),
                        "id", ordered("type", "string", "minLength", 1, "description",
                                "Its id in AWS (sg-..., i-..., an ARN), as `converge import` takes it; may use variables.")))));
        root.put("properties", props);

        Map<String, Object> defs = new LinkedHashMap<>();
        defs.put("expression", ordered("type", "string", "pattern", EXPRESSION_PATTERN,
                "description", "An interpolation such as ${var.name} or ${resources.id.attribute}."));
        defs.put("variable", variableSchema());
        defs.put("output", ordered("anyOf", List.of(
                ordered("type", "object", "required", List.of("value"), "additionalProperties", false,
                        "properties", ordered("value", ordered(), "description", ordered("type", "string"), "sensitive", ordered("type", "boolean"))),
                ordered("not", ordered("type", "object", "required", List.of("value"))))));
        defs.put("check", CheckSchema.definition());
        defs.put("moduleCall", ordered("type", "object", "additionalProperties", false, "required", List.of("source"), "properties", ordered(
                "source", ordered("type", "string", "minLength", 1,
                        "description", "The module file, relative to the calling file and inside the stack file's directory."),
                "inputs", ordered("type", "object", "description", "A value for each of the module's variables."))));
        defs.put("moduleFile", moduleFileSchema());
        defs.put("resource", entrySchema(registry, false));
        defs.put("data", entrySchema(registry, true));
        for (ResourceType t : registry.all()) {
            defs.put(t.name(), typeSchema(t.schema().properties(), t.schema().description()));
        }
        root.put("$defs", defs);
        return root;
    }

    /**
     * A module file (not a stack file: no stack:, region: or checks:). Editors validate one with
     * {@code stack.schema.json#/$defs/moduleFile}.
     */
    private static Map<String, Object> moduleFileSchema() {
        return ordered("type", "object", "additionalProperties", false,
                "description", "A module file: a reusable stack fragment called from a stack's modules: section. See docs/stack-files.md.",
                "properties", ordered(
                        "description", ordered("type", "string"),
                        "variables", ordered("type", "object", "additionalProperties", ordered("$ref", "#/$defs/variable")),
                        "data", ordered("type", "object", "propertyNames", ordered("pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"),
                                "additionalProperties", ordered("$ref", "#/$defs/data")),
                        "resources", ordered("type", "object", "propertyNames", ordered("pattern", "^[A-Za-z_][A-Za-z0-9_-]*$"),
                                "additionalProperties", ordered("$ref", "#/$defs/resource")),
                        "outputs", ordered("type", "object", "additionalProperties", ordered("$ref", "#/$defs/output"))));
    }

    private static Map<String, Object> variableSchema() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("type", "object");
        v.put("additionalProperties", false);
        v.put("properties", ordered(
                "type", ordered("enum", List.of("string", "number", "boolean", "list", "map")),
                "description", ordered("type", "string"),
                "default", ordered(),
                "allowed", ordered("type", "array"),
                "pattern", ordered("type", "string", "format", "regex"),
                "minimum", ordered("type", "number"),
                "maximum", ordered("type", "number"),
                "sensitive", ordered("type", "boolean")));
        return v;
    }

    private static Map<String, Object> entrySchema(TypeRegistry registry, boolean data) {
        List<String> names = new ArrayList<>();
        List<Object> branches = new ArrayList<>();
        for (ResourceType t : registry.all()) {
            if ((t instanceof DataType) != data) continue;
            names.add(t.name());
            branches.add(ordered(
                    "if", ordered("properties", ordered("type", ordered("const", t.name())), "required", List.of("type")),
                    "then", ordered("properties", ordered("properties", ordered("$ref", "#/$defs/" + t.name())))));
        }
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("type", ordered("enum", names));
        props.put("properties", ordered("type", "object"));
        props.put("dependsOn", ordered("type", "array", "items", ordered("type", "string")));
        if (!data) {
            props.put("count", ordered("anyOf", List.of(ordered("type", "integer", "minimum", 0, "maximum", 1000), ordered("$ref", "#/$defs/expression"))));
            props.put("forEach", ordered("anyOf", List.of(
                    ordered("type", "array", "items", ordered("type", "string"), "uniqueItems", true, "maxItems", 1000),
                    ordered("type", "object", "maxProperties", 1000),
                    ordered("$ref", "#/$defs/expression")),
                    "description", "One instance per string or key, addressed ID[\"KEY\"], with ${each.key} and ${each.value}. Not with count."));
            props.put("lifecycle", ordered("type", "object", "additionalProperties", false, "properties", ordered(
                    "preventDestroy", ordered("type", "boolean"),
                    "ignoreChanges", ordered("type", "array", "items", ordered("type", "string")))));
        }
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("type", "object");
        s.put("required", List.of("type"));
        s.put("additionalProperties", false);
        s.put("properties", props);
        s.put("allOf", branches);
        if (!data) s.put("not", ordered("required", List.of("count", "forEach")));
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
            for (String n : group) one.add(ordered("required", List.of(n)));
            groups.add(ordered("oneOf", one));
        }
        if (!groups.isEmpty()) s.put("allOf", groups);
        return s;
    }

    private static Map<String, Object> orExpression(Map<String, Object> schema) {
        if ("string".equals(schema.get("type")) && !schema.containsKey("enum")) {
            // A string pattern or format would reject ${...}: allow either.
            if (!schema.containsKey("pattern") && !schema.containsKey("format")) return schema;
        }
        return ordered("anyOf", List.of(schema, ordered("$ref", "#/$defs/expression")));
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

    /**
     * A map that keeps the order its entries are written in ({@code Map.of} iterates in an order
     * that changes per JVM run; the committed schema must be generated identically every time).
     */
    private static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) out.put((String) keysAndValues[i], keysAndValues[i + 1]);
        return out;
    }
}
