package dev.converge.stack;

import dev.converge.diag.Diagnostics;
import dev.converge.diag.Location;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;
import org.snakeyaml.engine.v2.schema.CoreSchema;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one YAML document into {@link YNode}s with marks, reporting syntax errors, duplicate keys,
 * non-UTF-8 bytes and oversized files as diagnostics. Scalars are typed with the YAML 1.2 core
 * schema, so {@code yes} stays a string and {@code 010} is a number.
 */
public final class YamlReader {

    /** Files beyond this are refused before parsing, so a huge file fails fast instead of hanging. */
    public static final int MAX_BYTES = 8 * 1024 * 1024;

    /** The YAML 1.2 core schema's tags: the only ones a stack uses (explicit or resolved). */
    private static final java.util.Set<Tag> SUPPORTED_TAGS = java.util.Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL, Tag.SEQ, Tag.MAP);

    private final Path file;
    private final Diagnostics diagnostics;

    public YamlReader(Path file, Diagnostics diagnostics) {
        this.file = file;
        this.diagnostics = diagnostics;
    }

    /** The document's root, or empty after reporting why there is none. */
    public Optional<YNode> read(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            tooLarge(bytes.length);
            return Optional.empty();
        }
        String text = decode(bytes);
        if (text == null) return Optional.empty();
        if (!printable(text)) return Optional.empty();
        if (text.isBlank() || text.lines().allMatch(l -> l.isBlank() || l.stripLeading().startsWith("#"))) {
            diagnostics.error(new Location(file, 1, 1), "stack file is empty",
                    "a stack needs at least `stack: NAME` and `resources:`");
            return Optional.empty();
        }
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.toString())
                .setSchema(new CoreSchema())
                .setAllowDuplicateKeys(true) // we report duplicates ourselves, with both places
                .setCodePointLimit(MAX_BYTES)
                .setMaxAliasesForCollections(50)
                // The reader re-copies its unread window on every refill, so with the default 1 KiB
                // buffer one long scalar costs O(n²): a 7.9 MB string took over 10 s. We hold the text
                // anyway; read it in one piece.
                .setBufferSize(Math.max(1024, text.length() + 1))
                .build();
        try {
            Composer composer = new Composer(settings, new GuardedParser(new ParserImpl(settings, new StreamReader(settings, text))));
            Node root = composer.getSingleNode().orElse(null);
            if (root == null) {
                diagnostics.error(new Location(file, 1, 1), "stack file is empty");
                return Optional.empty();
            }
            return Optional.of(convert(root, new IdentityHashMap<>()));
        } catch (GuardedParser.Refused e) {
            Location at = e.mark.map(m -> new YamlSyntaxErrors(file, text).location(m)).orElse(new Location(file, 1, 1));
            diagnostics.error(at, e.getMessage(), e.hint);
            return Optional.empty();
        } catch (MarkedYamlEngineException e) {
            diagnostics.add(new YamlSyntaxErrors(file, text).explain(e));
            return Optional.empty();
        } catch (YamlEngineException e) {
            diagnostics.error(new Location(file, 1, 1), "YAML error: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Reports a file of {@code size} bytes, over {@link #MAX_BYTES}, at its first line. */
    void tooLarge(long size) {
        diagnostics.error(new Location(file, 1, 1), String.format("stack file is %.1f MiB; the limit is %d MiB",
                size / 1048576.0, MAX_BYTES / 1048576), "split it into several stacks");
    }

    private String decode(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) result = decoder.flush(out);
        if (!result.isError()) {
            String s = out.flip().toString();
            return s.startsWith("\uFEFF") ? s.substring(1) : s;
        }
        // The decoder stops at the first byte of the malformed sequence (truncated, stray, overlong
        // or surrogate encodings alike), so that is where the problem is.
        int bad = in.position();
        int line = 1;
        int lineStart = 0;
        for (int i = 0; i < bad; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        String before = new String(bytes, lineStart, bad - lineStart, StandardCharsets.UTF_8);
        int column = before.codePointCount(0, before.length()) + 1; // code points, as the parser counts
        diagnostics.error(new Location(file, line, column),
                String.format("stack file is not valid UTF-8 (byte 0x%02X at offset %d)", bytes[bad] & 0xff, bad),
                "save the file as UTF-8");
        return null;
    }

    /**
     * Reports the first character YAML does not allow (a NUL byte, most often) at its own line and
     * column. The parser checks the whole text before it starts, and its error carries no mark, so
     * it would be reported at 1:1.
     */
    private boolean printable(String text) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            if (!StreamReader.isPrintable(c)) {
                String what = c == 0 ? "a NUL byte (U+0000)" : String.format("the control character U+%04X", c);
                diagnostics.error(new Location(file, line, column), "YAML does not allow " + what + " in a file",
                        c == 0 ? "the file is binary, or was saved in UTF-16: save it as UTF-8 text" : "remove the character");
                return false;
            }
            if (c == '\n') {
                line++;
                column = 1;
            } else if (c != '\r') {
                column++; // code points, as the parser counts
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private Location location(Mark mark) {
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    private YNode convert(Node node, Map<Node, YNode> seen) {
        YNode done = seen.get(node);
        if (done != null) return done; // an alias: same node, converted once
        Location at = node.getStartMark().map(this::location).orElse(new Location(file, 0, 0));
        if (!SUPPORTED_TAGS.contains(node.getTag())) {
            // !include, !!binary, !!set, ...: the value would silently be taken as plain text or data.
            String tag = node.getTag().getValue().replace(Tag.PREFIX, "!!");
            diagnostics.error(at, "YAML tag " + tag + " is not supported", tag.equals("!include")
                    ? "read a file with ${file(\"PATH\")}" : "remove the tag: values are typed by how they are written");
        }
        YNode out;
        if (node instanceof ScalarNode s) {
            out = scalar(s, at, node.getEndMark().map(this::location).orElse(null));
        } else if (node instanceof SequenceNode seq) {
            List<YNode> items = new ArrayList<>(seq.getValue().size());
            for (Node item : seq.getValue()) items.add(convert(item, seen));
            out = new YNode.YList(List.copyOf(items), at);
        } else {
            out = mapping((MappingNode) node, at, seen);
        }
        seen.put(node, out);
        return out;
    }

    private YNode mapping(MappingNode map, Location at, Map<Node, YNode> seen) {
        List<YNode.YEntry> entries = new ArrayList<>(map.getValue().size());
        Map<String, Location> keys = new HashMap<>();
        for (NodeTuple t : map.getValue()) {
            Node k = t.getKeyNode();
            Location keyAt = k.getStartMark().map(this::location).orElse(at);
            if (!(k instanceof ScalarNode ks)) {
                diagnostics.error(keyAt, "mapping keys must be plain strings");
                continue;
            }
            if ("<<".equals(ks.getValue()) && ks.getScalarStyle() == ScalarStyle.PLAIN) {
                diagnostics.error(keyAt, "merge keys (<<) are not supported", "repeat the properties, or use a variable");
                continue;
            }
            String key = ks.getValue();
            Location previous = keys.putIfAbsent(key, keyAt);
            if (previous != null) {
                diagnostics.error(keyAt, "duplicate key '" + key + "' (first defined at line " + previous.line() + ")",
                        "remove one of them; YAML would silently keep only the last");
                continue;
            }
            entries.add(new YNode.YEntry(key, keyAt, convert(t.getValueNode(), seen)));
        }
        return new YNode.YMap(List.copyOf(entries), at);
    }

    private static YNode scalar(ScalarNode s, Location at, Location end) {
        String text = s.getValue();
        Tag tag = s.getTag();
        Object value;
        if (s.getScalarStyle() != ScalarStyle.PLAIN) {
            value = text;
        } else if (tag.equals(Tag.NULL)) {
            value = null;
        } else if (tag.equals(Tag.BOOL)) {
            value = Boolean.parseBoolean(text.toLowerCase(java.util.Locale.ROOT));
        } else if (tag.equals(Tag.INT)) {
            value = parseInt(text);
        } else if (tag.equals(Tag.FLOAT)) {
            value = parseFloat(text);
        } else {
            value = text;
        }
        YNode.YScalar.Style style = switch (s.getScalarStyle()) {
            case PLAIN -> YNode.YScalar.Style.PLAIN;
            case SINGLE_QUOTED, DOUBLE_QUOTED -> YNode.YScalar.Style.QUOTED;
            default -> YNode.YScalar.Style.BLOCK;
        };
        return new YNode.YScalar(text, value, style, at, end);
    }

    private static Object parseInt(String text) {
        try {
            String t = text.replace("_", "");
            if (t.startsWith("0x")) return Long.parseLong(t.substring(2), 16);
            if (t.startsWith("0o")) return Long.parseLong(t.substring(2), 8);
            return Long.parseLong(t.startsWith("+") ? t.substring(1) : t);
        } catch (NumberFormatException e) {
            return new BigDecimal(text);
        }
    }

    private static Object parseFloat(String text) {
        try {
            return new BigDecimal(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException e) {
            return text; // .inf / .nan: not meaningful in a stack; the type check reports it
        }
    }
}
