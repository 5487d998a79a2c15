package dev.converge.plan;

import dev.converge.provider.aws.s3.BucketResource;
import dev.converge.schema.ObjectType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Properties AWS cannot read back ({@code namePrefix}: S3 knows only the name it produced;
 * {@code forceDestroy}: Converge's own) are compared with what was last applied, and a property set
 * in the stack that the last apply did not set is a change, not silence.
 */
class DifferTest {

    private static final ObjectType BUCKET = BucketResource.SCHEMA.properties();
    /** What S3 gives back for a bucket: its name and settings, never the prefix it was made from. */
    private static final Map<String, Object> LIVE = Map.of("name", "logs-k3j9x2ab", "encryption", "AES256",
            "publicAccessBlock", true, "versioning", false, "lifecycleRules", List.of());
    private static final Map<String, Object> DEFAULTS = Map.of("encryption", "AES256", "publicAccessBlock", true,
            "versioning", false, "lifecycleRules", List.of(), "forceDestroy", false);

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> out = new java.util.HashMap<>(base);
        out.put(key, value);
        return Map.copyOf(out);
    }

    private static List<AttributeChange> diff(Map<String, Object> desired, Map<String, Object> live, Map<String, Object> applied) {
        return Differ.diff(BUCKET, desired, live, applied, List.of());
    }

    @Test
    void aNameReplacedByANamePrefixReplacesTheBucket() {
        Map<String, Object> live = with(LIVE, "name", "logs");
        List<AttributeChange> changes = diff(with(DEFAULTS, "namePrefix", "logs-"), live, with(DEFAULTS, "name", "logs"));
        assertEquals(1, changes.size(), changes::toString);
        AttributeChange c = changes.get(0);
        assertEquals("namePrefix", c.path());
        assertNull(c.before(), "the last apply set no prefix");
        assertEquals("logs-", c.after());
        assertEquals("a bucket's name is chosen when it is created", c.forcesReplacement());
    }

    @Test
    void aNamePrefixReplacedByANameReplacesTheBucketUnlessItIsTheNameItHas() {
        Map<String, Object> applied = with(DEFAULTS, "namePrefix", "logs-");
        List<AttributeChange> changes = diff(with(DEFAULTS, "name", "logs"), LIVE, applied);
        assertEquals(1, changes.size(), changes::toString);
        assertEquals("name", changes.get(0).path());
        assertEquals("logs-k3j9x2ab", changes.get(0).before());
        assertEquals("S3 cannot rename a bucket", changes.get(0).forcesReplacement());
        // Naming the bucket it already has, after all, changes nothing.
        assertEquals(List.of(), diff(with(DEFAULTS, "name", "logs-k3j9x2ab"), LIVE, applied));
    }

    @Test
    void theSamePrefixIsNoChangeAndAnotherOneIsAReplacement() {
        Map<String, Object> applied = with(DEFAULTS, "namePrefix", "logs-");
        assertEquals(List.of(), diff(with(DEFAULTS, "namePrefix", "logs-"), LIVE, applied));
        AttributeChange other = diff(with(DEFAULTS, "namePrefix", "audit-"), LIVE, applied).get(0);
        assertEquals("logs-", other.before());
        assertNotNull(other.forcesReplacement());
    }

    @Test
    void anUnreadablePropertyNewlySetIsAnInPlaceChange() {
        List<AttributeChange> changes = diff(with(with(DEFAULTS, "namePrefix", "logs-"), "forceDestroy", true), LIVE,
                with(DEFAULTS, "namePrefix", "logs-"));
        assertEquals(1, changes.size(), changes::toString);
        assertEquals("forceDestroy", changes.get(0).path());
        assertEquals(false, changes.get(0).before());
        assertNull(changes.get(0).forcesReplacement());
    }

    @Test
    void withoutARecordOfWhatWasAppliedAnUnreadablePropertyCannotBeCompared() {
        Map<String, Object> desired = with(DEFAULTS, "namePrefix", "logs-");
        // Adopted or imported: nothing was applied by Converge; a state from before `applied` existed.
        assertEquals(List.of(), diff(desired, LIVE, Map.of()));
        assertEquals(List.of(), diff(desired, LIVE, null));
    }

    @Test
    void aDefaultTheLastApplyDidNotRecordIsNoChange() {
        // A property with a default added to a type after the resource was applied: its default was
        // not applied, but it is what the resource has had all along.
        Map<String, Object> applied = new java.util.HashMap<>(with(DEFAULTS, "namePrefix", "logs-"));
        applied.remove("forceDestroy");
        assertEquals(List.of(), diff(with(DEFAULTS, "namePrefix", "logs-"), LIVE, applied));
    }
}
