package dev.converge.plan;

import dev.converge.addr.Address;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ResourceSchema;
import dev.converge.schema.BoolType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.stack.Instance;
import dev.converge.state.ResourceState;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeType;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** Where a delete's deciding properties come from: the stack file, else the state, never the resource. */
class DeleteInputsTest {

    private static final ResourceSchema SCHEMA = new ResourceSchema("a store", ObjectType.of(
            Property.builder("name", StringType.ANY).build(),
            Property.builder("forceDestroy", BoolType.INSTANCE).defaultValue(false).build()), null);

    private final FakeType store = new FakeType("test.Store", SCHEMA, new FakeCloud(), "s-") {
        @Override
        public Set<String> deleteInputs() {
            return Set.of("forceDestroy");
        }
    };

    /** As read: someone set forceDestroy on the resource itself (a tag, in the bucket's case). */
    private final LiveResource live = new LiveResource("s-1", "store", Map.of("name", "a", "forceDestroy", true));

    @Test
    void theResourcesOwnValueIsNeverUsed() {
        assertEquals(Map.of("name", "a"), DeleteInputs.of(store, live, null, null, null).values());
    }

    @Test
    void aDeclaredResourceTakesTheStackFilesValueItsDefaultWhenUnset() {
        Instance declared = new Instance(Address.parse("store"), null, Map.of("name", "a"));
        assertEquals(Map.of("name", "a", "forceDestroy", false),
                DeleteInputs.of(store, live, declared, null, recorded("s-1", true)).values());
    }

    @Test
    void anUndeclaredResourceTakesWhatTheStateRecordsAsAppliedForThisVeryResource() {
        assertEquals(Map.of("name", "a", "forceDestroy", true), DeleteInputs.of(store, live, null, null, recorded("s-1", true)).values());
        assertEquals(Map.of("name", "a", "forceDestroy", false), DeleteInputs.of(store, live, null, null, recorded("s-1", false)).values());
        assertEquals(Map.of("name", "a"), DeleteInputs.of(store, live, null, null, recorded("s-2", true)).values(),
                "a record of another resource at the address says nothing about this one");
    }

    @Test
    void aTypeWithoutDeleteInputsGetsTheResourceAsRead() {
        FakeType plain = new FakeType("test.Plain", SCHEMA, new FakeCloud(), "p-");
        assertSame(live, DeleteInputs.of(plain, live, null, null, recorded("s-1", false)));
    }

    private static ResourceState recorded(String id, boolean forceDestroy) {
        return new ResourceState("test.Store", id, Map.of("name", "a", "forceDestroy", forceDestroy), Map.of(), List.of(),
                "2026-01-01T00:00:00Z");
    }
}
