package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;
import dev.converge.files.InputFiles;
import dev.converge.schema.AnyType;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Gathers variable values from the environment, var files and --var, later sources winning.
 * Values given as text (--var, environment) are read as YAML scalars or flow collections, so
 * {@code --var count=3} is a number and {@code --var 'zones=[a, b]'} a list; the stack's declared
 * type then checks them.
 */
final class VariableSources implements VariableSection.Supplied {

    private final VariableInputs inputs;
    private final Diagnostics diagnostics;
    private final Map<String, String> origins = new LinkedHashMap<>();
    /** For values from var files: where the name and the value are written there. */
    private final Map<String, YNode.YEntry> fileEntries = new LinkedHashMap<>();

    VariableSources(VariableInputs inputs, Diagnostics diagnostics) {
        this.inputs = inputs;
        this.diagnostics = diagnostics;
    }

    @Override
    public Map<String, Object> collect() {
        Map<String, Object> out = new LinkedHashMap<>();
        inputs.environment().forEach((k, v) -> {
            if (k.startsWith(VariableInputs.ENV_PREFIX) && k.length() > VariableInputs.ENV_PREFIX.length()) {
                String name = k.substring(VariableInputs.ENV_PREFIX.length());
                out.put(name, parseText(v, Path.of("$" + k)));
                origins.put(name, "$" + k);
                fileEntries.remove(name);
            }
        });
        for (Path f : inputs.files()) {
            Map<String, Object> values = readFile(f);
            out.putAll(values);
            values.keySet().forEach(name -> origins.put(name, "--var-file " + f));
        }
        inputs.cli().forEach((k, v) -> {
            out.put(k, parseText(v, Path.of("--var " + k)));
            origins.put(k, "--var " + k);
            fileEntries.remove(k);
        });
        return out;
    }

    /** Where the value of a collected variable came from ("--var size", "$CONVERGE_VAR_size", ...). */
    @Override
    public String origin(String name) {
        return origins.get(name);
    }

    /** Where the variable's name is written in the var file its value came from, if it came from one. */
    @Override
    public Optional<Location> nameLocation(String name) {
        return Optional.ofNullable(fileEntries.get(name)).map(YNode.YEntry::keyLocation);
    }

    /** Where the variable's value is written in the var file it came from, if it came from one. */
    @Override
    public Optional<Location> valueLocation(String name) {
        return Optional.ofNullable(fileEntries.get(name)).map(e -> e.value().location());
    }

    @Override
    public String missingHint(String name) {
        return "set it with --var " + name + "=VALUE, --var-file FILE, or " + VariableInputs.ENV_PREFIX + name;
    }

    private Map<String, Object> readFile(Path file) {
        byte[] bytes;
        try {
            bytes = InputFiles.read(file, YamlReader.MAX_BYTES);
        } catch (InputFiles.TooLarge e) {
            new YamlReader(file, diagnostics).tooLarge(e.size());
            return Map.of();
        } catch (java.nio.file.NoSuchFileException e) {
            diagnostics.error(new Location(file, 0, 0), "no such var file");
            return Map.of();
        } catch (IOException e) {
            diagnostics.error(new Location(file, 0, 0), "cannot read var file: " + e.getMessage());
            return Map.of();
        }
        Optional<YNode> root = new YamlReader(file, diagnostics).read(bytes);
        if (root.isEmpty()) return Map.of();
        if (!(root.get() instanceof YNode.YMap map)) {
            diagnostics.error(root.get().location(), "a var file must be a mapping of variable name → value");
            return Map.of();
        }
        ValueChecker plain = plainChecker(new String(bytes, java.nio.charset.StandardCharsets.UTF_8), file);
        Map<String, Object> out = new LinkedHashMap<>();
        for (YNode.YEntry e : map.entries()) {
            out.put(e.key(), plain.convert(e.value(), AnyType.INSTANCE, e.key()));
            fileEntries.put(e.key(), e);
        }
        return out;
    }

    /** Text from the command line or environment: YAML if it parses as a value, else the raw string. */
    private Object parseText(String text, Path origin) {
        if (text.isEmpty()) return "";
        Diagnostics quiet = Diagnostics.muted();
        Optional<YNode> node = new YamlReader(origin, quiet).read(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (node.isEmpty() || node.get() instanceof YNode.YMap && !text.trim().startsWith("{")) return text;
        Object v = plainChecker(text, origin).convert(node.get(), AnyType.INSTANCE, "value");
        return v == null ? text : v;
    }

    private ValueChecker plainChecker(String text, Path origin) {
        StaticScope none = new StaticScope(origin.getParent() == null ? Path.of(".") : origin.getParent(), Map.of(), "", "", null);
        return new ValueChecker(new SourceLines(text), none, (ref, d) -> {
            d.error(ref.location(), "variable values cannot contain references ('" + ref + "')", "write $${ for a literal ${");
            return null;
        }, diagnostics);
    }
}
