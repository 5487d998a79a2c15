package dev.converge.sweep;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Stacks are claimed by the name their file declares, read as YAML; broken files warn and claim nothing. */
class ClaimsTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    private Path write(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
        return p;
    }

    @Test
    void aStackIsClaimedByItsDeclaredNameNotItsFileName() throws Exception {
        write("web.yaml", "# a comment\nregion: us-east-1\nvariables:\n  stack: {type: string}\nstack: 'production-web'  # the name\nresources: {}\n");
        write("nested/other.yml", "description: |\n  stack: not-this\nstack: \"other\"\n");
        Map<String, String> claims = Claims.of(List.of(), dir, warnings::add);
        assertEquals(Map.of("production-web", "web.yaml", "other", Path.of("nested", "other.yml").toString()), claims);
        assertEquals(List.of(), warnings);
    }

    @Test
    void yamlOfOtherToolsUnderTheDirectoryIsSkippedSilently() throws Exception {
        write("docker-compose.yml", "services:\n  web:\n    image: nginx\n");
        write("list.yaml", "- a\n- b\n");
        write(".hidden/stack.yaml", "stack: hidden\n");
        assertEquals(Map.of(), Claims.of(List.of(), dir, warnings::add));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aFileBrokenBeforeItsStackEntryWarnsWithItsLocationAndClaimsNothing() throws Exception {
        write("broken.yaml", "region: [us-east-1\nstack: lost\n");
        write("fine.yaml", "stack: fine\nresources:\n  bad: [unclosed\n");
        Map<String, String> claims = Claims.of(List.of(), dir, warnings::add);
        assertEquals(Map.of("fine", "fine.yaml"), claims, "broken after its stack: entry, a file still claims its stack");
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("warning: broken.yaml:2:"), warnings.get(0));
        assertTrue(warnings.get(0).endsWith(": it claims nothing"), warnings.get(0));
    }

    @Test
    void aNamedFileWithoutAStackOrWithABadNameWarns() throws Exception {
        Path none = write("none.yaml", "region: us-east-1\n");
        Path bad = write("bad.yaml", "stack: {name: x}\n");
        Path missing = dir.resolve("missing.yaml");
        Map<String, String> claims = Claims.of(List.of(none, bad, missing), dir, warnings::add);
        assertEquals(Map.of(), claims);
        assertEquals(3, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains("none.yaml declares no stack"), warnings.get(0));
        assertTrue(warnings.get(1).startsWith("warning: bad.yaml:1:8: `stack:` is not a stack name"), warnings.get(1));
        assertTrue(warnings.get(2).startsWith("warning: missing.yaml: cannot be read"), warnings.get(2));
    }
}
