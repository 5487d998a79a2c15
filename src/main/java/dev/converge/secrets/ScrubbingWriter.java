package dev.converge.secrets;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;

/**
 * A writer that masks every {@link SensitiveStrings sensitive string} before passing text on. It
 * holds text back until a line ends (or until a flush, for prompts and progress), because
 * {@code printf} writes a line in pieces and a secret could otherwise be split between two writes.
 */
public final class ScrubbingWriter extends Writer {

    private final Writer target;
    private final StringBuilder line = new StringBuilder();

    private ScrubbingWriter(Writer target) {
        this.target = target;
    }

    /** A PrintWriter like {@code out} (auto-flushing on println) whose text is scrubbed first. */
    public static PrintWriter wrap(PrintWriter out) {
        return new Scrubbed(out);
    }

    /**
     * The writer under a scrubbed one, for the one place that prints secrets on request
     * ({@code output --show-sensitive}); pending scrubbed text is flushed first to keep the order.
     */
    public static PrintWriter unscrubbed(PrintWriter out) {
        if (!(out instanceof Scrubbed s)) return out;
        s.flush();
        return s.raw;
    }

    private static final class Scrubbed extends PrintWriter {
        final PrintWriter raw;

        Scrubbed(PrintWriter raw) {
            super(new ScrubbingWriter(raw), true);
            this.raw = raw;
        }
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) throws IOException {
        for (int i = off; i < off + len; i++) {
            line.append(buf[i]);
            if (buf[i] == '\n') emit();
        }
    }

    @Override
    public synchronized void flush() throws IOException {
        emit();
        target.flush();
    }

    @Override
    public synchronized void close() throws IOException {
        flush();
        target.close();
    }

    private void emit() throws IOException {
        if (line.isEmpty()) return;
        target.write(SensitiveStrings.scrub(line.toString()));
        line.setLength(0);
    }
}
