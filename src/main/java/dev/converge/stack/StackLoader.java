package dev.converge.stack;

import dev.converge.diag.Location;
import dev.converge.files.InputFiles;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.MapType;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import dev.converge.addr.Address;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Loads a stack file: YAML syntax, structure, variables, types and properties, references, count,
 * and cycles. Every problem is collected and reported together; nothing here talks to AWS.
 *
 * <p>This class reads the file and the stack's own top-level settings (name, region, description,
 * backend, default tags) and runs the sections in order, each in its own class:
 * {@link VariableSection}, {@link StackBudget}, {@link EntryHeaders}, {@link ModuleSection} (each call
 * loads its module file with the same classes), {@link EntryProperties}, {@link OutputSection},
 * {@link CheckSection}, {@link MovedSection}, {@link RemovedSection}; then {@link StackGraph} builds the graph and finds
 * cycles, and {@link StackFingerprint} pins what a saved plan depends on.
 */
public final class StackLoader {

    public static final String DEFAULT_REGION = "ap-northeast-2";
    static final List<String> TOP_LEVEL = List.of("stack", "region", "description", "backend", "defaultTags",
            StackBudget.KEY, "variables", "data", "resources", "modules", "outputs", "checks", MovedSection.KEY,
            RemovedSection.KEY, ImportSection.KEY);
    private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{0,62}$");
    private static final Pattern REGION = Pattern.compile("^[a-z]{2}(-[a-z]+)+-\\d+$");
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
        LoadContext load = new LoadContext(file.toAbsolutePath().normalize(), options, inputs);
        YNode.YMap root = read(load);
        Stack stack = new Sections(load, regionOverride).read(root);
        if (stack == null) throw new StackException(load.diagnostics.sorted());
        return stack;
    }

    /** True if {@code name} can be a stack's name (it is part of tags, state paths and SSM parameter names). */
    public static boolean isStackName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static boolean isRegionName(String name) {
        return REGION.matcher(name).matches();
    }

    /** The file's top-level mapping, with {@code load.source} set; throws if the file cannot be read or parsed. */
    private static YNode.YMap read(LoadContext load) {
        byte[] bytes;
        try {
            bytes = InputFiles.read(load.file, YamlReader.MAX_BYTES);
        } catch (InputFiles.TooLarge e) {
            new YamlReader(load.file, load.diagnostics).tooLarge(e.size());
            throw new StackException(load.diagnostics.sorted());
        } catch (NoSuchFileException e) {
            throw StackException.of(new Location(load.file, 0, 0), "no such stack file");
        } catch (IOException e) {
            throw StackException.of(new Location(load.file, 0, 0), "cannot read stack file: " + e.getMessage());
        }
        Optional<YNode> root = new YamlReader(load.file, load.diagnostics).read(bytes);
        if (root.isEmpty()) throw new StackException(load.diagnostics.sorted());
        String text = new String(bytes, StandardCharsets.UTF_8);
        // Without the byte order mark, as the YAML reader counts columns.
        load.source = new SourceLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
        if (!(root.get() instanceof YNode.YMap map)) {
            throw StackException.of(root.get().location(), "a stack file must be a mapping (stack:, resources:, ...), not "
                    + root.get().kind());
        }
        return map;
    }

    /** One pass over the sections of a parsed file, in the order each needs the ones before. */
    private final class Sections {
        private final LoadContext load;
        private final String regionOverride;
        private final EntryHeaders headers;
        private final StackGraph graph = new StackGraph();
        /** Every instance, the stack file's and its modules'. */
        private final Map<Address, Instance> instances = new TreeMap<>();
        /** Every entry by qualified id: the stack file's under their ids, each module call's as module.CALL.ID. */
        private final Map<String, Entry> all = new LinkedHashMap<>();
        private final EntryProperties properties;
        private final ModuleSection modules;

        Sections(LoadContext load, String regionOverride) {
            this.load = load;
            this.regionOverride = regionOverride;
            this.headers = new EntryHeaders(load, registry);
            this.properties = new EntryProperties(load, headers, graph, instances, all);
            this.modules = new ModuleSection(load, registry, graph, instances, all);
        }

        /** The stack, or null if anything was reported. */
        Stack read(YNode.YMap map) {
            topLevelKeys(map);
            load.variables.read(map.get("variables"));
            BigDecimal monthlyBudget = StackBudget.read(map.get(StackBudget.KEY), load.variablesOnly(), load.diagnostics);
            YNode.YEntry data = map.get("data");
            YNode.YEntry resources = map.get("resources");
            if (resources == null && data == null && map.get("modules") == null) {
                load.diagnostics.error(map.location(), "the stack declares no resources", "add a `resources:` mapping");
            }
            headers.read(data, true);
            headers.read(resources, false);
            all.putAll(headers.entries());
            // Modules before the stack's own properties, which may use their outputs; after the
            // headers, which the calls' inputs may refer to.
            modules.read(map.get("modules"));
            for (Entry entry : headers.entries().values()) properties.read(entry);
            Map<String, Entry> entries = all;
            Map<String, Output> outputs = OutputSection.read(map.get("outputs"), load, entries);
            Map<String, Check> checks = new CheckSection(load.diagnostics, entries,
                    refs -> load.checker(null, refs, load.diagnostics)).read(map.get("checks"));
            List<Move> moves = MovedSection.read(map.get(MovedSection.KEY), load.diagnostics, entries, properties.instances().keySet());
            List<Removal> removals = RemovedSection.read(map.get(RemovedSection.KEY), load.diagnostics, entries,
                    properties.instances().keySet(), moves);
            List<ImportEntry> imports = ImportSection.read(map.get(ImportSection.KEY), load, instances.keySet());
            StackGraph.Built built = graph.build();
            built.cycles().forEach(load.diagnostics::add);
            if (load.diagnostics.hasErrors()) return null;
            Map<String, Object> values = load.variables.values();
            return new Stack(load.file, load.stackName, load.region, stringAt(map, "description"), stringAt(map, "backend"),
                    defaultTags(map), Map.copyOf(load.variables.declarations()), Map.copyOf(values), Map.copyOf(entries),
                    Map.copyOf(instances), Map.copyOf(outputs), built.graph(),
                    ImportSection.fingerprint(StackFingerprint.withRemovals(StackFingerprint.of(load.stackName, load.region, values,
                            instances, outputs, moves, modules.files()), removals), imports), checks, monthlyBudget,
                    List.copyOf(moves), List.copyOf(removals), List.copyOf(imports));
        }

        /** Unknown keys, and the stack's own settings: name, region, description, backend, default tags. */
        private void topLevelKeys(YNode.YMap map) {
            for (YNode.YEntry e : map.entries()) {
                if (!TOP_LEVEL.contains(e.key())) {
                    load.diagnostics.error(e.keyLocation(), "unknown top-level key '" + e.key() + "'",
                            Optional.ofNullable(Suggest.hint(e.key(), TOP_LEVEL)).orElse("top-level keys: " + String.join(", ", TOP_LEVEL)));
                }
            }
            YNode.YEntry name = map.get("stack");
            if (name == null) {
                load.diagnostics.error(map.location(), "missing `stack:` (the stack's name)", "add a line such as: stack: my-app");
            } else if (name.value() instanceof YNode.YScalar s && s.value() instanceof String n && NAME.matcher(n).matches()) {
                load.stackName = n;
            } else {
                load.diagnostics.error(name.value().location(), "stack name must be 1–63 letters, digits and dashes, starting with a letter",
                        "it becomes part of AWS names and tags");
            }
            YNode.YEntry r = map.get("region");
            if (r != null) {
                if (r.value() instanceof YNode.YScalar s && s.value() instanceof String v && REGION.matcher(v).matches()) {
                    load.region = v;
                } else {
                    load.diagnostics.error(r.value().location(), "region must be an AWS region name such as ap-northeast-2");
                }
            }
            if (regionOverride != null) load.region = regionOverride;
            YNode.YEntry description = map.get("description");
            if (description != null && !(description.value() instanceof YNode.YScalar s && s.value() instanceof String)) {
                load.diagnostics.error(description.value().location(), "description: expected a string");
            }
            YNode.YEntry backend = map.get("backend");
            if (backend != null && !(backend.value() instanceof YNode.YScalar s && s.value() instanceof String b && BACKEND.matcher(b).matches())) {
                load.diagnostics.error(backend.value().location(), "backend must be s3://BUCKET/KEY",
                        "leave it out to keep state in .converge/state next to the stack file");
            }
            YNode.YEntry tags = map.get("defaultTags");
            if (tags != null) load.variablesOnly().convert(tags.value(), MapType.STRINGS, "defaultTags");
        }

        /** Converted again once variables are known (their problems were reported by {@link #topLevelKeys}). */
        @SuppressWarnings("unchecked")
        private Map<String, String> defaultTags(YNode.YMap map) {
            YNode.YEntry tags = map.get("defaultTags");
            if (tags == null) return Map.of();
            Object v = load.variablesOnly().convert(tags.value(), MapType.STRINGS, "defaultTags");
            Map<String, String> out = new TreeMap<>();
            if (v instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, val) -> out.put(k, String.valueOf(val)));
            return out;
        }

        private static String stringAt(YNode.YMap map, String key) {
            YNode.YEntry e = map.get(key);
            return e != null && e.value() instanceof YNode.YScalar s && s.value() instanceof String v ? v : null;
        }
    }
}
