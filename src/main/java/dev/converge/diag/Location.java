package dev.converge.diag;

import java.nio.file.Path;

/** A position in a source file, 1-based, as editors and compilers print it. */
public record Location(Path file, int line, int column) {

    public static final Location UNKNOWN = new Location(null, 0, 0);

    public boolean isKnown() {
        return file != null && line > 0;
    }

    /** The same file and line, {@code n} columns further right (for positions inside a scalar). */
    public Location shift(int n) {
        return new Location(file, line, column + n);
    }

    /** As compilers print it: relative to the working directory when the file is inside it. */
    @Override
    public String toString() {
        if (file == null) return "<unknown>";
        String shown = displayPath(file);
        return line > 0 ? shown + ":" + line + ":" + column : shown;
    }

    private static String displayPath(Path file) {
        try {
            Path cwd = Path.of("").toAbsolutePath();
            if (file.isAbsolute() && file.startsWith(cwd)) return cwd.relativize(file).toString();
        } catch (RuntimeException ignored) {
            // an odd path: print it as it is
        }
        return file.toString();
    }
}
