package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.diag.Location;
import dev.converge.files.InputFiles;
import dev.converge.provider.TypeRegistry;
import dev.converge.schema.Fingerprint;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The {@code modules:} section: each call loads a module file (a stack fragment with
 * {@code variables:}, {@code data:}, {@code resources:} and {@code outputs:}) with the call's
 * {@code inputs:} as its variables. Its entries join the stack under qualified ids
 * ({@code module.site.web}), so plan, apply, state and tags treat them like any other; its outputs
 * are read by the stack file as {@code ${module.site.OUTPUT}}. Problems in a module file are
 * reported there, naming the call. A module file is read through {@link InputFiles} and must be
 * inside the stack file's directory tree; a module cannot call modules.
 */
final class ModuleSection {

    static final List<String> CALL_KEYS = List.of("source", "inputs");
    static final List<String> MODULE_KEYS = List.of("description", "variables", "data", "resources", "outputs");
    private static final Pattern NAME = Pattern.compile("^[A-Za-z_][A-Za-z0-9_-]{0,63}$");

    private final LoadContext caller;
    private final TypeRegistry registry;
    private final StackGraph graph;
    private final Map<Address, Instance> instances;
    private final Map<String, Entry> all;
    /** Each module file read, relative to the stack's directory, with the SHA-256 of its bytes. */
    private final Map<String, String> files = new TreeMap<>();

    ModuleSection(LoadContext caller, TypeRegistry registry, StackGraph graph, Map<Address, Instance> instances,
                  Map<String, Entry> all) {
        this.caller = caller;
        this.registry = registry;
        this.graph = graph;
        this.instances = instances;
        this.all = all;
    }

    /** The module files read, for the fingerprint: a saved plan is refused if one of them changed. */
    Map<String, String> files() {
        return files;
    }

    void read(YNode.YEntry section) {
        if (section == null) return;
        if (!(section.value() instanceof YNode.YMap map)) {
            caller.diagnostics.error(section.value().location(), "modules: expected a mapping of call name → { source, inputs }");
            return;
        }
        for (YNode.YEntry call : map.entries()) {
            if (!NAME.matcher(call.key()).matches()) {
                caller.diagnostics.error(call.keyLocation(), "module call name '" + call.key()
                        + "' must start with a letter and contain only letters, digits, _ and -");
            } else if (!(call.value() instanceof YNode.YMap decl)) {
                caller.diagnostics.error(call.value().location(), "module " + call.key() + ": expected a mapping with `source:` and `inputs:`",
                        "for example:  " + call.key() + ": { source: modules/web-app.yaml, inputs: { domain: \"${var.domain}\" } }");
            } else {
                call(call, decl);
            }
        }
    }

    private void call(YNode.YEntry call, YNode.YMap decl) {
        for (YNode.YEntry k : decl.entries()) {
            if (!CALL_KEYS.contains(k.key())) {
                caller.diagnostics.error(k.keyLocation(), "unknown key '" + k.key() + "' in module " + call.key(),
                        Optional.ofNullable(Suggest.hint(k.key(), CALL_KEYS)).orElse("keys: source, inputs"));
            }
        }
        Map<String, YNode.YEntry> inputs = inputs(call, decl.get("inputs"));
        YNode.YEntry source = decl.get("source");
        if (source == null) {
            caller.diagnostics.error(call.keyLocation(), "module " + call.key() + ": missing `source:`", "the module file's path, such as modules/web-app.yaml");
            return;
        }
        Path file = file(call.key(), source);
        if (file == null) return;
        byte[] bytes = bytes(call.key(), source, file);
        if (bytes == null) return;
        Namespace namespace = Namespace.module(call.key(), call.keyLocation());
        LoadContext module = caller.module(file, namespace, new ModuleInputs(call, inputs, caller, all));
        Optional<YNode> root = new YamlReader(file, module.diagnostics).read(bytes);
        if (root.isEmpty()) return;
        String text = new String(bytes, StandardCharsets.UTF_8);
        module.source = new SourceLines(text.startsWith("\uFEFF") ? text.substring(1) : text);
        files.put(caller.root.relativize(file).toString(), Fingerprint.sha256(text));
        if (!(root.get() instanceof YNode.YMap map)) {
            module.diagnostics.error(root.get().location(), "a module file must be a mapping (variables:, resources:, outputs:, ...), not "
                    + root.get().kind());
            return;
        }
        topLevelKeys(module, map);
        module.variables.read(map.get("variables"));
        EntryHeaders headers = new EntryHeaders(module, registry);
        headers.read(map.get("data"), true);
        headers.read(map.get("resources"), false);
        for (Entry e : headers.entries().values()) all.put(e.qualifiedId(), e);
        Map<String, Object> outputs = new LinkedHashMap<>();
        OutputSection.read(map.get("outputs"), module, all).forEach((name, o) -> outputs.put(name, o.value()));
        caller.namespace.calls.put(call.key(), new Namespace.Call(call.key(), call.keyLocation(), outputs));
        EntryProperties properties = new EntryProperties(module, headers, graph, instances, all);
        for (Entry e : headers.entries().values()) properties.read(e);
    }

    /** The call's inputs by name (their values are read by {@link ModuleInputs}). */
    private Map<String, YNode.YEntry> inputs(YNode.YEntry call, YNode.YEntry inputs) {
        Map<String, YNode.YEntry> out = new LinkedHashMap<>();
        if (inputs == null) return out;
        if (!(inputs.value() instanceof YNode.YMap map)) {
            caller.diagnostics.error(inputs.value().location(), "module " + call.key() + ": inputs must be a mapping of variable → value");
            return out;
        }
        for (YNode.YEntry e : map.entries()) out.put(e.key(), e);
        return out;
    }

    /** The module file: relative to the calling file, inside the stack's directory tree; null after reporting. */
    private Path file(String call, YNode.YEntry source) {
        if (!(source.value() instanceof YNode.YScalar s && s.value() instanceof String path) || path.isBlank()) {
            caller.diagnostics.error(source.value().location(), "module " + call + ": source must be a path such as modules/web-app.yaml");
            return null;
        }
        Path given = Path.of(path);
        Path file = caller.file.getParent().resolve(given).normalize();
        try {
            Path real = file.toRealPath();
            Path rootReal = caller.root.toRealPath();
            if (given.isAbsolute() || !real.startsWith(rootReal)) {
                caller.diagnostics.error(source.value().location(), "module " + call + ": " + path + " is outside the stack file's directory "
                        + rootReal, "module sources are paths relative to the stack file, inside its directory");
                return null;
            }
            if (real.equals(caller.file.toRealPath())) {
                caller.diagnostics.error(source.value().location(), "module " + call + ": " + path + " is the stack file itself");
                return null;
            }
            return file;
        } catch (NoSuchFileException e) {
            caller.diagnostics.error(source.value().location(), "module " + call + ": no such file " + path,
                    "paths are relative to the stack file's directory");
        } catch (IOException e) {
            caller.diagnostics.error(source.value().location(), "module " + call + ": cannot read " + path + ": " + e.getMessage());
        }
        return null;
    }

    private byte[] bytes(String call, YNode.YEntry source, Path file) {
        Location at = source.value().location();
        try {
            return InputFiles.read(file, YamlReader.MAX_BYTES);
        } catch (InputFiles.TooLarge e) {
            caller.diagnostics.error(at, "module " + call + ": " + e.getMessage());
        } catch (InputFiles.Unreadable e) {
            caller.diagnostics.error(at, "module " + call + ": " + e.getMessage(), "a module is a regular YAML file");
        } catch (IOException e) {
            caller.diagnostics.error(at, "module " + call + ": cannot read " + file + ": " + e.getMessage());
        }
        return null;
    }

    private static void topLevelKeys(LoadContext module, YNode.YMap map) {
        for (YNode.YEntry e : map.entries()) {
            if (MODULE_KEYS.contains(e.key())) continue;
            String hint;
            if (e.key().equals("modules")) {
                hint = "modules inside modules are not supported: call both modules from the stack file";
            } else if (StackLoader.TOP_LEVEL.contains(e.key())) {
                hint = "`" + e.key() + ":` belongs to the stack file: a module's resources are part of the calling stack";
            } else {
                hint = Optional.ofNullable(Suggest.hint(e.key(), MODULE_KEYS)).orElse("a module file has " + String.join(", ", MODULE_KEYS));
            }
            module.diagnostics.error(e.keyLocation(), "unknown top-level key '" + e.key() + "' in a module file", hint);
        }
    }
}
