package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.expr.EvalException;
import dev.converge.expr.Evaluator;
import dev.converge.expr.FileAccess;
import dev.converge.expr.Template;
import dev.converge.expr.TemplateParser;
import dev.converge.files.InputFiles;
import dev.converge.graph.Cycles;
import dev.converge.graph.Dependency;
import dev.converge.graph.ResourceGraph;
import dev.converge.provider.DataType;
import dev.converge.provider.ResourceType;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.Fingerprint;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Type;
import dev.converge.schema.Unknown;
import dev.converge.schema.Values;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Loads a stack file: YAML syntax, structure, variables, types and properties, references, count,
 * and cycles. Every problem is collected and reported together; nothing here talks to AWS.
 */
public final class StackLoader {

    public static final String DEFAULT_REGION = "ap-northeast-2";
    static final List<String> TOP_LEVEL = List.of("stack", "region", "description", "backend", "defaultTags",
            StackBudget.KEY, "variables", "data", "resources", "outputs", "checks");
    static final List<String> RESOURCE_KEYS = List.of("type", "properties", "dependsOn", "count", "lifecycle");
    static final List<String> DATA_KEYS = List.of("type", "properties", "dependsOn");
    static final List<String> LIFECYCLE_KEYS = List.of("preventDestroy", "ignoreChanges");
    static final int MAX_COUNT = 1000;
    private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{0,62}$");
    private static final Pattern ID = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]{0,127}$");
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
    private static final Pattern EXPRESSION_ID = Pattern.compile("^\\$\\{\\s*(resources\\.|data\\.)?([A-Za-z_][A-Za-z0-9_-]*).*}$");
    private static final Pattern BACKEND = Pattern.compile("^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/.+$");

    private final TypeRegistry registry;
    private final LoadOptions options;

    public StackLoader(TypeRegistry registry) {
        this(registry, LoadOptions.DEFAULT);
    }

    public StackLoader(TypeRegistry registry, LoadOptions options) {
        this.registry = registry;
        this.options = options;
    }

    public Stack load(Path file, VariableInputs inputs) {
        return load(file, inputs, null);
    }

    /**
     * Loads with the region replaced by {@code regionOverride} (from {@code --region}) when it is not null.
     * The override is applied while loading, not afterwards, so that {@code ${stack.region}}, the plan and the
     * AWS session all agree on the region the stack is really applied in.
     */
    public Stack load(Path file, VariableInputs inputs, String regionOverride) {
        if (regionOverride != null && !isRegionName(regionOverride)) {
            throw new IllegalArgumentException("not an AWS region name: " + regionOverride);
        }
        return new Load(file.toAbsolutePath().normalize(), inputs, regionOverride).run();
    }

    public static boolean isRegionName(String name) {
        return REGION.matcher(name).matches();
    }

    /** The state of one load; discarded afterwards. */
    private final class Load {
        private final Path file;
        private final VariableInputs inputs;
        private final String regionOverride;
        private final Diagnostics diagnostics = new Diagnostics();
        private SourceLines source;
        private String stackName = "stack";
        private String region = DEFAULT_REGION;
        private java.math.BigDecimal monthlyBudget;
        private final Map<String, Variable> variables = new LinkedHashMap<>();
        private final Map<String, Object> variableValues = new LinkedHashMap<>();
        /** Every name declared under variables:, valid or not: a failed one is not also "unknown". */
        private final Set<String> declaredVariables = new java.util.HashSet<>();
        /** While variables are read: the names not read yet, including the one being read. */
        private final Set<String> pendingVariables = new java.util.HashSet<>();
        private final Map<String, Entry> entries = new LinkedHashMap<>();
        private final Map<String, YNode.YMap> entryNodes = new LinkedHashMap<>();
        private final Map<Address, Instance> instances = new TreeMap<>();
        private final Map<String, Output> outputs = new LinkedHashMap<>();
        private Map<String, Check> checks = Map.of();
        private final ResourceGraph.Builder graph = ResourceGraph.builder();

        Load(Path file, VariableInputs inputs, String regionOverride) {
            this.file = file;
            this.inputs = inputs;
            this.regionOverride = regionOverride;
        }

        Stack run() {
            byte[] bytes;
            try {
                bytes = InputFiles.read(file, YamlReader.MAX_BYTES);
            } catch (InputFiles.TooLarge e) {
                new YamlReader(file, diagnostics).tooLarge(e.size());
                throw new StackException(diagnostics.sorted());
            } catch (NoSuchFileException e) {
                throw StackException.of(new Location(file, 0, 0), "no such stack file");
            } catch (IOException e) {
                throw StackException.of(new Location(file, 0, 0), "cannot read stack file: " + e.getMessage());
            }
            Optional<YNode> root = new YamlReader(file, diagnostics).read(bytes);
            if (root.isEmpty()) throw new StackException(diagnostics.sorted());
            String text = new String(bytes, StandardCharsets.UTF_8);
            // Without the byte order mark, as the YAML reader counts columns.
            source = new SourceLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
            if (!(root.get() instanceof YNode.YMap map)) {
                throw StackException.of(root.get().location(), "a stack file must be a mapping (stack:, resources:, ...), not "
                        + root.get().kind());
            }
            topLevel(map);
            if (diagnostics.hasErrors()) throw new StackException(diagnostics.sorted());
            return new Stack(file, stackName, region, stringAt(map, "description"), stringAt(map, "backend"),
                    defaultTags(map), Map.copyOf(variables), Map.copyOf(variableValues), Map.copyOf(entries),
                    Map.copyOf(instances), Map.copyOf(outputs), graph.build(), fingerprint(), checks, monthlyBudget);
        }

        private void topLevel(YNode.YMap map) {
            for (YNode.YEntry e : map.entries()) {
                if (!TOP_LEVEL.contains(e.key())) {
                    diagnostics.error(e.keyLocation(), "unknown top-level key '" + e.key() + "'",
                            Optional.ofNullable(Suggest.hint(e.key(), TOP_LEVEL)).orElse("top-level keys: " + String.join(", ", TOP_LEVEL)));
                }
            }
            YNode.YEntry name = map.get("stack");
            if (name == null) {
                diagnostics.error(map.location(), "missing `stack:` (the stack's name)", "add a line such as: stack: my-app");
            } else if (name.value() instanceof YNode.YScalar s && s.value() instanceof String n && NAME.matcher(n).matches()) {
                stackName = n;
            } else {
                diagnostics.error(name.value().location(), "stack name must be 1–63 letters, digits and dashes, starting with a letter",
                        "it becomes part of AWS names and tags");
            }
            YNode.YEntry r = map.get("region");
            if (r != null) {
                if (r.value() instanceof YNode.YScalar s && s.value() instanceof String v && REGION.matcher(v).matches()) {
                    region = v;
                } else {
                    diagnostics.error(r.value().location(), "region must be an AWS region name such as ap-northeast-2");
                }
            }
            if (regionOverride != null) region = regionOverride;
            checkScalarString(map, "description");
            YNode.YEntry backend = map.get("backend");
            if (backend != null && !(backend.value() instanceof YNode.YScalar s && s.value() instanceof String b && BACKEND.matcher(b).matches())) {
                diagnostics.error(backend.value().location(), "backend must be s3://BUCKET/KEY",
                        "leave it out to keep state in .converge/state next to the stack file");
            }
            YNode.YEntry tags = map.get("defaultTags");
            if (tags != null) checker(null).convert(tags.value(), MapType.STRINGS, "defaultTags");
            variables(map.get("variables"));
            monthlyBudget = StackBudget.read(map.get(StackBudget.KEY), checker(null), diagnostics);
            YNode.YEntry data = map.get("data");
            YNode.YEntry resources = map.get("resources");
            if (resources == null && data == null) {
                diagnostics.error(map.location(), "the stack declares no resources", "add a `resources:` mapping");
            }
            entryHeaders(data, true);
            entryHeaders(resources, false);
            for (Entry entry : entries.values()) properties(entry);
            outputs(map.get("outputs"));
            checks = new CheckSection(diagnostics, entries, refs -> new ValueChecker(source, scope(null), refs, diagnostics))
                    .read(map.get("checks"));
            for (var d : Cycles.find(graph.raw())) diagnostics.add(d);
        }

        // ---- variables -----------------------------------------------------------------------

        private void variables(YNode.YEntry section) {
            VariableSources sources = new VariableSources(inputs, diagnostics);
            Map<String, Object> supplied = sources.collect();
            if (section != null) {
                if (!(section.value() instanceof YNode.YMap map)) {
                    diagnostics.error(section.value().location(), "variables: expected a mapping of name → declaration");
                } else {
                    for (YNode.YEntry e : map.entries()) pendingVariables.add(e.key());
                    for (YNode.YEntry e : map.entries()) {
                        variable(e, supplied, sources);
                        pendingVariables.remove(e.key());
                        // After, not before: a default that refers to its own variable stays an error.
                        declaredVariables.add(e.key());
                    }
                }
            }
            for (String name : supplied.keySet()) {
                if (!declaredVariables.contains(name)) {
                    // In a var file: at the name there. From --var or the environment: at variables:.
                    Location at = sources.nameLocation(name).orElse(new Location(file, section == null ? 1 : section.keyLocation().line(),
                            section == null ? 1 : section.keyLocation().column()));
                    diagnostics.error(at, "a value was given for variable '" + name + "' (by " + sources.origin(name)
                                    + "), which the stack does not declare", Suggest.hint(name, declaredVariables));
                }
            }
        }

        private void variable(YNode.YEntry e, Map<String, Object> supplied, VariableSources sources) {
            if (!ID.matcher(e.key()).matches()) {
                diagnostics.error(e.keyLocation(), "variable name '" + e.key() + "' must be letters, digits, _ and -");
                return;
            }
            Variable v = new VariableDeclarations(diagnostics, checker(null)).declare(e);
            if (v == null) return;
            variables.put(v.name(), v);
            Object value;
            Location at;
            // A value from outside is reported where it is written (in a var file) or else at the
            // declaration, naming where it came from.
            String what = "variable " + v.name();
            if (supplied.containsKey(v.name())) {
                value = supplied.get(v.name());
                at = sources.valueLocation(v.name()).orElse(v.location());
                what += " (value from " + sources.origin(v.name()) + ")";
            } else if (v.hasDefault()) {
                value = v.defaultValue();
                at = v.location();
            } else if (options.variablesOptional()) {
                return; // unknown: its uses evaluate to Unknown, like a variable whose value was wrong
            } else {
                diagnostics.error(v.location(), "variable '" + v.name() + "' has no value",
                        "set it with --var " + v.name() + "=VALUE, --var-file FILE, or " + VariableInputs.ENV_PREFIX + v.name());
                return;
            }
            if (v.sensitive()) dev.converge.secrets.SensitiveStrings.addVariable(v.name(), value); // before any message can echo it
            if (VariableDeclarations.validate(v, value, at, what, diagnostics)) variableValues.put(v.name(), value);
        }

        // ---- resources and lookups -----------------------------------------------------------

        private void entryHeaders(YNode.YEntry section, boolean data) {
            if (section == null) return;
            String what = data ? "data" : "resources";
            if (!(section.value() instanceof YNode.YMap map)) {
                diagnostics.error(section.value().location(), what + ": expected a mapping of id → declaration");
                return;
            }
            for (YNode.YEntry e : map.entries()) {
                if (!ID.matcher(e.key()).matches()) {
                    diagnostics.error(e.keyLocation(), "id '" + e.key() + "' must start with a letter and contain only letters, digits, _ and -");
                    continue;
                }
                if (entries.containsKey(e.key())) {
                    diagnostics.error(e.keyLocation(), "'" + e.key() + "' is declared both under data and resources",
                            "ids must be unique across the stack");
                    continue;
                }
                if (!(e.value() instanceof YNode.YMap decl)) {
                    diagnostics.error(e.value().location(), what + "." + e.key() + ": expected a mapping with `type:`");
                    continue;
                }
                Entry entry = header(e, decl, data);
                if (entry != null) {
                    entries.put(entry.id(), entry);
                    entryNodes.put(entry.id(), decl);
                }
            }
        }

        private Entry header(YNode.YEntry e, YNode.YMap decl, boolean data) {
            List<String> allowedKeys = data ? DATA_KEYS : RESOURCE_KEYS;
            for (YNode.YEntry k : decl.entries()) {
                if (!allowedKeys.contains(k.key())) {
                    String hint = Suggest.hint(k.key(), allowedKeys);
                    if (hint == null && data && RESOURCE_KEYS.contains(k.key())) hint = "data lookups take only " + String.join(", ", DATA_KEYS);
                    if (hint == null) hint = "keys: " + String.join(", ", allowedKeys) + " (properties go under `properties:`)";
                    diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in " + e.key(), hint);
                }
            }
            YNode.YEntry typeEntry = decl.get("type");
            if (typeEntry == null) {
                diagnostics.error(e.keyLocation(), e.key() + ": missing `type:`", data
                        ? "data types: " + String.join(", ", registry.dataNames())
                        : "resource types: " + String.join(", ", registry.managedNames()));
                return null;
            }
            if (!(typeEntry.value() instanceof YNode.YScalar ts && ts.value() instanceof String typeName)) {
                diagnostics.error(typeEntry.value().location(), e.key() + ": type must be a string such as aws.ec2.Instance");
                return null;
            }
            ResourceType type = registry.find(typeName).orElse(null);
            var names = data ? registry.dataNames() : registry.managedNames();
            if (type == null || (type instanceof DataType) != data) {
                String hint = Suggest.hint(typeName, names);
                if (type != null) {
                    hint = data ? typeName + " is a resource type: declare it under `resources:`"
                            : typeName + " is a read-only lookup: declare it under `data:`";
                }
                diagnostics.error(ts.location(), "unknown " + (data ? "data" : "resource") + " type '" + typeName + "'",
                        hint != null ? hint : "types: " + String.join(", ", names));
                return null;
            }
            Integer count = data ? null : count(decl.get("count"));
            List<Entry.DependsOn> dependsOn = dependsOn(decl.get("dependsOn"));
            Entry.Lifecycle lifecycle = data ? Entry.Lifecycle.DEFAULT : lifecycle(decl.get("lifecycle"), type);
            return new Entry(e.key(), data, type, e.keyLocation(), ts.location(), count, dependsOn, lifecycle);
        }

        private Integer count(YNode.YEntry c) {
            if (c == null) return null;
            Object value = c.value() instanceof YNode.YScalar s ? s.value() : null;
            if (value instanceof String text && TemplateParser.hasInterpolation(text)) {
                YNode.YScalar s = (YNode.YScalar) c.value();
                Object parsed = TemplateParser.parse(text, o -> source.locate(s, o), diagnostics);
                if (parsed == null) return 0;
                try {
                    value = parsed instanceof Template t ? new Evaluator(scope(null)).evaluate(t) : parsed;
                } catch (EvalException ex) {
                    diagnostics.error(ex.location(), ex.getMessage(), ex.hint());
                    return 0;
                }
                if (value instanceof Template) {
                    diagnostics.error(c.value().location(), "count must be known before apply: it can use variables, not resources or lookups");
                    return 0;
                }
                if (value instanceof Unknown) return 0; // from a variable whose mistake is already reported
            }
            if (value instanceof java.math.BigDecimal d && d.signum() >= 0 && d.compareTo(java.math.BigDecimal.valueOf(MAX_COUNT)) <= 0
                    && d.stripTrailingZeros().scale() <= 0) {
                value = d.longValue(); // 1e3 and 2.0 are whole numbers, as for integer properties
            }
            if (!(value instanceof Long n) || n < 0 || n > MAX_COUNT) {
                diagnostics.error(c.value().location(), "count must be a whole number from 0 to " + MAX_COUNT + ", got "
                        + (value == null ? c.value().kind() : Values.display(value)));
                return 0;
            }
            return n.intValue();
        }

        private List<Entry.DependsOn> dependsOn(YNode.YEntry d) {
            if (d == null) return List.of();
            List<YNode> items = d.value() instanceof YNode.YList l ? l.items() : List.of(d.value());
            List<Entry.DependsOn> out = new ArrayList<>();
            for (YNode item : items) {
                if (!(item instanceof YNode.YScalar s && s.value() instanceof String text)) {
                    diagnostics.error(item.location(), "dependsOn: expected resource ids such as `alb` or `data.vpc`");
                    continue;
                }
                boolean isData = text.startsWith("data.");
                String target = isData ? text.substring(5) : text.startsWith("resources.") ? text.substring(10) : text;
                out.add(new Entry.DependsOn(target, isData, s.location()));
            }
            return out;
        }

        private Entry.Lifecycle lifecycle(YNode.YEntry l, ResourceType type) {
            if (l == null) return Entry.Lifecycle.DEFAULT;
            if (!(l.value() instanceof YNode.YMap map)) {
                diagnostics.error(l.value().location(), "lifecycle: expected a mapping (preventDestroy, ignoreChanges)");
                return Entry.Lifecycle.DEFAULT;
            }
            boolean prevent = false;
            List<String> ignore = new ArrayList<>();
            for (YNode.YEntry e : map.entries()) {
                switch (e.key()) {
                    case "preventDestroy" -> {
                        if (e.value() instanceof YNode.YScalar s && s.value() instanceof Boolean b) prevent = b;
                        else diagnostics.error(e.value().location(), "lifecycle.preventDestroy: expected true or false");
                    }
                    case "ignoreChanges" -> {
                        List<YNode> items = e.value() instanceof YNode.YList list ? list.items() : List.of(e.value());
                        for (YNode item : items) {
                            if (item instanceof YNode.YScalar s && s.value() instanceof String path) {
                                String first = path.split("\\.", 2)[0];
                                Optional<Property> p = type.schema().property(first);
                                if (p.isPresent() && p.get().computed()) {
                                    diagnostics.error(s.location(), "lifecycle.ignoreChanges: '" + first + "' is set by AWS, not by the stack, so there is no change to ignore",
                                            "ignoreChanges lists input properties: " + String.join(", ",
                                                    type.schema().properties().inputs().stream().map(Property::name).toList()));
                                } else if (p.isEmpty()) {
                                    diagnostics.error(s.location(), "lifecycle.ignoreChanges: " + type.name() + " has no property '" + first + "'",
                                            Suggest.hint(first, type.schema().properties().inputs().stream().map(Property::name).toList()));
                                } else {
                                    ignore.add(path);
                                }
                            } else {
                                diagnostics.error(item.location(), "lifecycle.ignoreChanges: expected property paths such as tags or healthCheck.path");
                            }
                        }
                    }
                    default -> diagnostics.error(e.keyLocation(), "unknown key '" + e.key() + "' in lifecycle", Suggest.hint(e.key(), LIFECYCLE_KEYS));
                }
            }
            return new Entry.Lifecycle(prevent, List.copyOf(ignore));
        }

        private void properties(Entry entry) {
            YNode.YMap decl = entryNodes.get(entry.id());
            YNode.YEntry propsEntry = decl.get("properties");
            YNode props = propsEntry == null ? new YNode.YMap(List.of(), decl.location()) : propsEntry.value();
            // What is missing is reported at `properties:`, or at the resource's id if there is none.
            Location propertiesAt = propsEntry != null ? propsEntry.keyLocation() : entry.location();
            int n = entry.count() == null ? 1 : entry.count();
            for (int i = 0; i < n; i++) {
                Address address = entry.address(entry.count() == null ? null : i);
                graph.add(address);
                // Each copy is checked, but only the first reports: one mistake, one message.
                Diagnostics sink = i == 0 ? diagnostics : Diagnostics.muted();
                ValueChecker checker = new ValueChecker(source, scope(entry.count() == null ? null : i),
                        (ref, d) -> new ReferenceCheck(entries, graph, address).check(ref, d), sink);
                Object value = checker.convert(props, entry.type().schema().properties(), "", propertiesAt);
                @SuppressWarnings("unchecked")
                Map<String, Object> map = value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
                instances.put(address, new Instance(address, entry, map));
                for (Entry.DependsOn d : entry.dependsOn()) dependOn(address, d, sink);
            }
            if (n == 0) {
                // No instance, but the declaration is still checked.
                new ValueChecker(source, scope(0), (ref, d) -> new ReferenceCheck(entries, ResourceGraph.builder(),
                        entry.address(0)).check(ref, d), diagnostics).convert(props, entry.type().schema().properties(), "", propertiesAt);
            }
        }

        private void dependOn(Address owner, Entry.DependsOn d, Diagnostics sink) {
            Entry target = entries.get(d.target());
            if (target == null || target.data() != d.data()) {
                sink.error(d.location(), "dependsOn: no " + (d.data() ? "data lookup" : "resource") + " '" + d.target() + "'",
                        dependsOnHint(d.target()));
                return;
            }
            int n = target.count() == null ? 1 : target.count();
            for (int i = 0; i < n; i++) {
                Address t = target.address(target.count() == null ? null : i);
                graph.depend(new Dependency(t, owner, d.location(), "dependsOn " + d.target()));
            }
        }

        /** dependsOn takes ids; for "${resources.web.id}" the fix is "web". */
        private String dependsOnHint(String target) {
            java.util.regex.Matcher m = EXPRESSION_ID.matcher(target);
            if (m.matches() && entries.containsKey(m.group(2))) {
                return "dependsOn takes ids, not expressions: write " + (m.group(1) != null && m.group(1).startsWith("data") ? "data." : "") + m.group(2);
            }
            return Suggest.hint(target, entries.keySet());
        }

        // ---- outputs -------------------------------------------------------------------------

        private void outputs(YNode.YEntry section) {
            if (section == null) return;
            if (!(section.value() instanceof YNode.YMap map)) {
                diagnostics.error(section.value().location(), "outputs: expected a mapping of name → value");
                return;
            }
            ValueChecker checker = new ValueChecker(source, scope(null),
                    (ref, d) -> new ReferenceCheck(entries, ResourceGraph.builder(), null).check(ref, d), diagnostics);
            for (YNode.YEntry e : map.entries()) {
                YNode node = e.value();
                String description = null;
                boolean sensitive = false;
                if (node instanceof YNode.YMap m && m.get("value") == null && !m.entries().isEmpty()
                        && m.entries().stream().allMatch(k -> k.key().equals("description") || k.key().equals("sensitive"))) {
                    // Only description/sensitive: the declaration form with its value forgotten, not a map value.
                    diagnostics.error(m.location(), "output " + e.key() + ": missing `value:`", "for example: value: ${resources.ID.ATTRIBUTE}");
                    continue;
                }
                if (node instanceof YNode.YMap m && m.get("value") != null) {
                    for (YNode.YEntry k : m.entries()) {
                        if (!List.of("value", "description", "sensitive").contains(k.key())) {
                            diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in output " + e.key(),
                                    Suggest.hint(k.key(), List.of("value", "description", "sensitive")));
                        }
                    }
                    description = m.get("description") != null ? scalarText(m.get("description").value()) : null;
                    YNode.YEntry s = m.get("sensitive");
                    if (s != null) {
                        if (s.value() instanceof YNode.YScalar sc && sc.value() instanceof Boolean b) sensitive = b;
                        else diagnostics.error(s.value().location(), "sensitive: expected true or false");
                    }
                    node = m.get("value").value();
                }
                Object value = checker.plain(node);
                outputs.put(e.key(), new Output(e.key(), value, description, sensitive, e.keyLocation()));
            }
        }

        // ---- helpers -------------------------------------------------------------------------

        private StaticScope scope(Integer countIndex) {
            Set<String> failed = new java.util.HashSet<>(declaredVariables);
            failed.removeAll(variableValues.keySet());
            return new StaticScope(new FileAccess(file.getParent(), options.allowedFiles()), variableValues, stackName, region, countIndex, Set.copyOf(failed),
                    Set.copyOf(pendingVariables));
        }

        private ValueChecker checker(Integer countIndex) {
            return new ValueChecker(source, scope(countIndex), (ref, d) -> {
                d.error(ref.location(), "'" + ref + "' cannot be used here: only variables are known at this point");
                return null;
            }, diagnostics);
        }

        private void checkScalarString(YNode.YMap map, String key) {
            YNode.YEntry e = map.get(key);
            if (e != null && !(e.value() instanceof YNode.YScalar s && s.value() instanceof String)) {
                diagnostics.error(e.value().location(), key + ": expected a string");
            }
        }

        private String stringAt(YNode.YMap map, String key) {
            YNode.YEntry e = map.get(key);
            return e != null && e.value() instanceof YNode.YScalar s && s.value() instanceof String v ? v : null;
        }

        private static String scalarText(YNode n) {
            return n instanceof YNode.YScalar s && s.value() != null ? String.valueOf(s.value()) : null;
        }

        @SuppressWarnings("unchecked")
        private Map<String, String> defaultTags(YNode.YMap map) {
            YNode.YEntry tags = map.get("defaultTags");
            if (tags == null) return Map.of();
            Object v = checker(null).convert(tags.value(), MapType.STRINGS, "defaultTags");
            Map<String, String> out = new TreeMap<>();
            if (v instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, val) -> out.put(k, String.valueOf(val)));
            return out;
        }

        private String fingerprint() {
            Map<String, Object> all = new TreeMap<>();
            all.put("stack", stackName);
            all.put("region", region);
            all.put("variables", variableValues);
            Map<String, Object> inst = new TreeMap<>();
            instances.forEach((a, i) -> inst.put(a.toString(), List.of(i.entry().type().name(), render(i.properties()),
                    i.entry().lifecycle().toString(), i.entry().dependsOn().stream().map(Entry.DependsOn::target).toList())));
            all.put("instances", inst);
            Map<String, Object> outs = new TreeMap<>();
            outputs.forEach((k, o) -> outs.put(k, render(o.value())));
            all.put("outputs", outs);
            return Fingerprint.sha256(Values.canonicalString(all));
        }

        /** Templates print as their source so fingerprints are stable text. */
        private Object render(Object v) {
            if (v instanceof Template t) return "${template:" + t.source() + "}";
            if (v instanceof Map<?, ?> m) {
                Map<String, Object> out = new TreeMap<>();
                m.forEach((k, val) -> out.put(String.valueOf(k), render(val)));
                return out;
            }
            if (v instanceof List<?> l) return l.stream().map(this::render).toList();
            return v;
        }
    }

    /** The type behind each variable type name (`type: string` ...), or null for an unknown name. */
    static Type variableType(String name) {
        return switch (name) {
            case "string" -> StringType.ANY;
            case "number" -> dev.converge.schema.NumberType.ANY;
            case "boolean" -> dev.converge.schema.BoolType.INSTANCE;
            case "list" -> ListType.of(dev.converge.schema.AnyType.INSTANCE);
            case "map" -> new MapType(dev.converge.schema.AnyType.INSTANCE);
            default -> null;
        };
    }

    static final Set<String> VARIABLE_TYPES = Set.of("string", "number", "boolean", "list", "map");
}
