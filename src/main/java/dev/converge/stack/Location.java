package dev.converge.stack;

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

    @Override
    public String toString() {
        if (file == null) return "<unknown>";
        return line > 0 ? file + ":" + line + ":" + column : file.toString();
    }
}
