package dev.converge.stack;

import dev.converge.addr.Address;
import dev.converge.testing.FakeStacks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Loading {@code moved:} entries between count indexes and forEach keys, and the mistakes in them. */
class MovedSectionTest {

    private static final String NET = """
            stack: demo
            resources:
              net: { type: test.Network, properties: { name: n, cidr: 10.0.0.0/16 } }
            """;

    @TempDir
    Path dir;

    private Stack load(String yaml) throws Exception {
        return FakeStacks.load(dir, yaml);
    }

    private List<String> moves(String yaml) throws Exception {
        return load(yaml).moves().stream().map(m -> m.from() + " -> " + m.to()).toList();
    }

    private List<String> problems(String yaml) throws Exception {
        StackException e = assertThrows(StackException.class, () -> load(yaml));
        return e.diagnostics().stream().map(d -> d.location().line() + ":" + d.location().column() + " " + d.message()
                + (d.hint() == null ? "" : " | " + d.hint())).toList();
    }

    private static String servers(String header) {
        return "  web:\n    type: test.Server\n    " + header + "\n    properties: { networkId: \"${resources.net.id}\", image: i }\n";
    }

    @Test
    void aKeyRenamedInTheForEachMovesThatInstance() throws Exception {
        assertEquals(List.of("web[\"a\"] -> web[\"b\"]"), moves(NET + servers("forEach: [b, c]") + """
                moved:
                  - from: web["a"]
                    to: web["b"]
                """));
    }

    @Test
    void aCountedResourceBecomingAForEachOneMovesIndexesToKeys() throws Exception {
        assertEquals(List.of("web[0] -> web[\"blue\"]", "web[1] -> web[\"green\"]"), moves(NET + servers("forEach: [blue, green]") + """
                moved:
                  - from: web[0]
                    to: web["blue"]
                  - from: web[1]
                    to: web["green"]
                """));
    }

    @Test
    void aWholeForEachResourceMovesEveryKeyTheNewOneDeclares() throws Exception {
        assertEquals(List.of("servers[\"a\"] -> web[\"a\"]", "servers[\"b\"] -> web[\"b\"]"),
                moves(NET + servers("forEach: { a: 1, b: 2 }") + """
                        moved:
                          - from: servers
                            to: web
                        """));
        assertEquals(List.of("servers[0] -> web[0]", "servers[1] -> web[1]"), moves(NET + servers("count: 2") + """
                moved:
                  - from: servers
                    to: web
                """));
    }

    @Test
    void aToThatItsResourceDoesNotHaveIsReportedAtTheToValue() throws Exception {
        assertEquals(List.of(
                "14:9 moved: no key \"gren\" in the forEach of web | did you mean `green`?",
                "16:9 moved: no key \"x\" in the forEach of web | its keys: \"blue\", \"green\"",
                "18:9 moved: web has forEach, so old[0] moves to one of its instances, web[\"KEY\"], not web[0] | its keys: \"blue\", \"green\"",
                "20:9 moved: web has forEach, so old[1] moves to one of its instances, web[\"KEY\"] | its keys: \"blue\", \"green\"",
                "22:9 moved: index 2 is out of range: counted has count 2 | raise the count, or move to an index below 2",
                "24:9 moved: counted has count: its instances are counted[0] to counted[1], not counted[\"a\"] | move to an index, e.g. counted[0]",
                "26:9 moved: net has no count or forEach, so it has one instance, net | remove the [\"a\"]"),
                problems(NET + servers("forEach: [blue, green]") + """
                          counted:
                            type: test.Server
                            count: 2
                            properties: { networkId: "${resources.net.id}", image: i }
                        moved:
                          - from: web[0]
                            to: web["gren"]
                          - from: web[1]
                            to: web["x"]
                          - from: old[0]
                            to: web[0]
                          - from: old[1]
                            to: web
                          - from: old2[5]
                            to: counted[2]
                          - from: old2[6]
                            to: counted["a"]
                          - from: oldnet[0]
                            to: net["a"]
                        """));
    }

    @Test
    void longKeyListsAreShortenedAndQuotedKeysEscaped() throws Exception {
        StringBuilder keys = new StringBuilder();
        for (int i = 0; i < 25; i++) keys.append(i == 0 ? "" : ", ").append("k").append(i < 10 ? "0" : "").append(i);
        assertEquals(List.of("14:9 moved: no key \"zzz\" in the forEach of web | its keys: \"k00\", \"k01\", \"k02\", \"k03\", "
                        + "\"k04\", \"k05\", \"k06\", \"k07\", \"k08\", \"k09\" and 15 more",
                        "16:9 moved: no key \"say \\\"hi\\\"\" in the forEach of quoted | its keys: \"a\\\"b\""),
                problems(NET + servers("forEach: [" + keys + "]") + """
                          quoted:
                            type: test.Server
                            forEach: ['a"b']
                            properties: { networkId: "${resources.net.id}", image: i }
                        moved:
                          - from: old[0]
                            to: web["zzz"]
                          - from: old[1]
                            to: 'quoted["say \\"hi\\""]'
                        """));
    }

    @Test
    void aWholeMoveFromAResourceStillDeclaredIsReportedOnce() throws Exception {
        assertEquals(List.of("9:5 moved: net is still declared; a move leads from an address the stack no longer declares"
                        + " | rename the resource in `resources:` too, or remove this move"),
                problems(NET + servers("forEach: [a, b, c]") + """
                        moved:
                          - from: net
                            to: web
                        """));
    }

    @Test
    void keyedAddressesRoundTrip() {
        assertEquals(Address.resource("web", "a b\"c"), Address.parse(Address.resource("web", "a b\"c").toString()));
    }
}
