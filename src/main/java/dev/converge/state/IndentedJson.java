package dev.converge.state;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;

/**
 * Indents compact JSON (UTF-8, no whitespace outside strings, as the generator writes it) exactly as
 * the mapper's printer indents it ({@code DefaultPrettyPrinter}: two spaces a level counted in
 * objects, {@code " : "} after a name, arrays on one line as {@code [ a, b ]}, empty ones as
 * {@code { }} and {@code [ ]}). One pass over the bytes: what the snapshot at the end of an apply does
 * with the resources its journal records already encoded, instead of encoding them again through
 * the generator's printer, which costs several times more. {@code StateJsonWriterTest} checks the
 * result against the mapper's for every kind of value.
 */
final class IndentedJson {

    /** The printer's end of line: the platform's. */
    private static final byte[] EOL = System.lineSeparator().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] SPACES = new byte[256];

    static {
        Arrays.fill(SPACES, (byte) ' ');
    }

    /** Where the indented JSON goes: a growing byte array, written out at once (a buffered stream locks on every byte). */
    static final class Output {
        private byte[] bytes = new byte[4096];
        private int size;

        void write(int b) {
            if (size == bytes.length) bytes = Arrays.copyOf(bytes, size * 2);
            bytes[size++] = (byte) b;
        }

        void write(byte[] b, int off, int len) {
            if (size + len > bytes.length) bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + len));
            System.arraycopy(b, off, bytes, size, len);
            size += len;
        }

        /** Writes what was added since the last call to {@code out}, and empties this. */
        void drainTo(OutputStream out) throws IOException {
            out.write(bytes, 0, size);
            size = 0;
        }
    }

    private IndentedJson() {
    }

    /** Writes {@code json[from, to)}, one compact value, indented as a value {@code depth} objects deep. */
    static void write(byte[] json, int from, int to, int depth, Output out) {
        // Per open container: true for an object. Depth is bounded by the JSON's own nesting.
        boolean[] objects = new boolean[16];
        int open = 0;
        int nesting = depth;
        int copied = from;
        int i = from;
        while (i < to) {
            byte b = json[i];
            if (b == '"') {
                i = endOfString(json, i, to);
                continue;
            }
            if (b != '{' && b != '}' && b != '[' && b != ']' && b != ',' && b != ':') {
                i++;
                continue;
            }
            out.write(json, copied, i - copied);
            switch (b) {
                case '{', '[' -> {
                    boolean object = b == '{';
                    if (i + 1 < to && json[i + 1] == (object ? '}' : ']')) {
                        out.write(b);
                        out.write(' ');
                        out.write(json[++i]);
                        break;
                    }
                    if (open == objects.length) objects = Arrays.copyOf(objects, open * 2);
                    objects[open++] = object;
                    out.write(b);
                    if (object) newLine(out, ++nesting);
                    else out.write(' ');
                }
                case '}' -> {
                    open--;
                    newLine(out, --nesting);
                    out.write('}');
                }
                case ']' -> {
                    open--;
                    out.write(' ');
                    out.write(']');
                }
                case ',' -> {
                    out.write(',');
                    if (objects[open - 1]) newLine(out, nesting);
                    else out.write(' ');
                }
                default -> {
                    out.write(' ');
                    out.write(':');
                    out.write(' ');
                }
            }
            copied = ++i;
        }
        out.write(json, copied, to - copied);
    }

    /** The index after the string starting at {@code start} (its opening quote). */
    private static int endOfString(byte[] json, int start, int to) {
        int i = start + 1;
        while (i < to) {
            byte b = json[i];
            if (b == '\\') i += 2;
            else if (b == '"') return i + 1;
            else i++;
        }
        throw new IllegalArgumentException("unterminated string in JSON at byte " + start);
    }

    private static void newLine(Output out, int nesting) {
        out.write(EOL, 0, EOL.length);
        int spaces = nesting * 2;
        while (spaces > 0) {
            int n = Math.min(spaces, SPACES.length);
            out.write(SPACES, 0, n);
            spaces -= n;
        }
    }
}
