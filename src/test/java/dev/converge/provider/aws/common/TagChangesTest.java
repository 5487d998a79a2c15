package dev.converge.provider.aws.common;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TagChangesTest {

    private static Map<String, String> desired(String... kv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put(kv[i], kv[i + 1]);
        return out;
    }

    @Test
    void writesNewAndChangedUserTagsAndRemovesTheOnesNoLongerWanted() {
        TagChanges c = TagChanges.between(Map.of("team", "web", "old", "x", "same", "1"),
                desired("team", "shop", "same", "1", "new", "y"));
        assertEquals(Map.of("team", "shop", "new", "y"), c.toWrite());
        assertEquals(Set.of("old"), c.toRemove());
    }

    @Test
    void convergesOwnTagsAreAlwaysWrittenWhenGivenAndNeverRemoved() {
        TagChanges c = TagChanges.between(Map.of("converge:stack", "s1"), desired("converge:stack", "s1", "converge:id", "web"));
        assertEquals(Map.of("converge:stack", "s1", "converge:id", "web"), c.toWrite());
        // Even a converge: key that somehow reached the user tags and is not desired stays.
        assertEquals(Set.of(), TagChanges.between(Map.of("converge:proof", "p"), desired()).toRemove());
    }

    @Test
    void nothingToDoWhenUserTagsMatchAndNoOwnershipIsGiven() {
        TagChanges c = TagChanges.between(Map.of("a", "1"), desired("a", "1"));
        assertEquals(Map.of(), c.toWrite());
        assertEquals(Set.of(), c.toRemove());
    }
}
