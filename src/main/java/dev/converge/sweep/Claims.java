package dev.converge.sweep;

import dev.converge.files.InputFiles;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.events.ScalarEvent;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which stacks the stack files at hand declare: those named on the command line, else every YAML
 * file under the current directory (hidden directories skipped). A stack is claimed by the name its
 * file declares ({@code stack: NAME}, read as YAML), never by the file's name. Only the top-level
 * {@code stack:} entry is read, so files that need variables or are broken further down still claim
 * their stack; a file that cannot be read that far is reported in one warning line and claims
 * nothing (so sweep may call its stack leaked: the warning says why).
 */
public final class Claims {

    /** The stack name rule of the stack file schema. */
    private static final Pattern NAME = Pattern.compile("^[A-Za-z][A-Za-z0-9-]{0,62}$");
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private Claims() {
    }

    /**
     * Stack name → the file that declares it (shown relative to {@code directory} when inside it).
     *
     * @param warn receives one line per file that is unreadable, not YAML, or (named on the command
     *             line) declares no stack
     */
    public static Map<String, String> of(List<Path> files, Path directory, Consumer<String> warn) {
        Map<String, String> out = new TreeMap<>();
        boolean named = !files.isEmpty();
        for (Path f : named ? files : yamlUnder(directory)) {
            String shown = shown(f, directory);
            try {
                Optional<String> stack = declaredStack(new String(InputFiles.read(f, MAX_BYTES), StandardCharsets.UTF_8), shown);
                if (stack.isPresent()) out.putIfAbsent(stack.get(), shown);
                // Under the directory, YAML without a stack: entry is some other tool's file; named, it was meant as a stack file.
                else if (named) warn.accept("warning: " + shown + " declares no stack (no top-level `stack: NAME`): it claims nothing");
            } catch (IOException | UncheckedIOException e) {
                warn.accept("warning: " + shown + ": cannot be read (" + e.getMessage() + "): it claims nothing");
            } catch (NotAStackFile e) {
                warn.accept("warning: " + e.getMessage() + ": it claims nothing");
            }
        }
        return out;
    }

    private static final class NotAStackFile extends RuntimeException {
        NotAStackFile(String message) {
            super(message);
        }
    }

    /** The top-level {@code stack:} value, read event by event up to it (nothing after it is parsed). */
    static Optional<String> declaredStack(String text, String shown) {
        LoadSettings settings = LoadSettings.builder().setLabel(shown).build();
        ParserImpl parser = new ParserImpl(settings, new StreamReader(settings, text));
        try {
            int depth = 0;
            boolean key = true;
            while (parser.hasNext()) {
                Event e = parser.next();
                switch (e.getEventId()) {
                    case MappingStart, SequenceStart -> {
                        if (depth == 0 && e.getEventId() == Event.ID.SequenceStart) return Optional.empty();
                        if (depth == 1) key = !key; // a collection as a top-level value
                        depth++;
                    }
                    case MappingEnd, SequenceEnd -> depth--;
                    case DocumentEnd -> {
                        return Optional.empty(); // the first document is the stack file's
                    }
                    case Alias -> {
                        if (depth == 1) key = !key;
                    }
                    case Scalar -> {
                        if (depth != 1) continue;
                        if (key && "stack".equals(((ScalarEvent) e).getValue())) return Optional.of(stackName(parser, shown));
                        key = !key;
                    }
                    default -> {
                    }
                }
            }
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            String at = e.getProblemMark().map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
            throw new NotAStackFile(shown + at + ": not readable as YAML (" + e.getProblem() + ")");
        } catch (YamlEngineException e) {
            throw new NotAStackFile(shown + ": not readable as YAML (" + e.getMessage() + ")");
        }
    }

    private static String stackName(ParserImpl parser, String shown) {
        Event value = parser.next();
        String at = value.getStartMark().map(m -> ":" + (m.getLine() + 1) + ":" + (m.getColumn() + 1)).orElse("");
        if (value instanceof ScalarEvent s && NAME.matcher(s.getValue()).matches()) return s.getValue();
        throw new NotAStackFile(shown + at + ": `stack:` is not a stack name (letters, digits and hyphens, starting with a letter)");
    }

    private static String shown(Path f, Path directory) {
        Path abs = f.toAbsolutePath().normalize();
        Path dir = directory.toAbsolutePath().normalize();
        return abs.startsWith(dir) ? dir.relativize(abs).toString() : abs.toString();
    }

    private static List<Path> yamlUnder(Path directory) {
        try (Stream<Path> walk = Files.walk(directory, 6)) {
            return walk.filter(Claims::isYaml).filter(p -> !hidden(directory.relativize(p))).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isYaml(Path p) {
        String n = p.getFileName().toString();
        return Files.isRegularFile(p) && (n.endsWith(".yaml") || n.endsWith(".yml"));
    }

    private static boolean hidden(Path relative) {
        for (int i = 0; i < relative.getNameCount() - 1; i++) if (relative.getName(i).toString().startsWith(".")) return true;
        return false;
    }
}
