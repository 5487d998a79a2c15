package dev.converge.sweep;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which stacks the stack files at hand declare: those named on the command line, else every YAML
 * file under the current directory (hidden directories skipped). Only the {@code stack:} line is
 * read, so files that need variables or are broken elsewhere still claim their stack.
 */
public final class Claims {

    private static final Pattern STACK = Pattern.compile("(?m)^stack:\\s*['\"]?([A-Za-z][A-Za-z0-9-]{0,62})['\"]?\\s*(#.*)?$");

    private Claims() {
    }

    /** Stack name → the file that declares it. */
    public static Map<String, String> of(List<Path> files, Path directory) {
        Map<String, String> out = new TreeMap<>();
        List<Path> candidates = files.isEmpty() ? yamlUnder(directory) : files;
        for (Path f : candidates) {
            try {
                Matcher m = STACK.matcher(Files.readString(f));
                Path abs = f.toAbsolutePath().normalize();
                String shown = abs.startsWith(directory.toAbsolutePath()) ? directory.toAbsolutePath().relativize(abs).toString() : abs.toString();
                if (m.find()) out.putIfAbsent(m.group(1), shown);
            } catch (IOException | UncheckedIOException e) {
                // Not readable as text: it claims nothing.
            }
        }
        return out;
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
