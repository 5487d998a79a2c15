package dev.converge.plan;

import dev.converge.diag.Diagnostic;
import dev.converge.provider.CheckContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.common.CheckReads;
import dev.converge.schema.ListType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.stack.Stack;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The generic part of plan-time checks: which changes are checked, how many times a type is asked,
 * and where each problem is reported in the stack file (the property, the list item, the
 * expression, the variable that gave the value).
 */
class PlanChecksTest {

    private static final String STACK = """
            stack: test
            region: ap-northeast-2
            variables:
              domain:
                type: string
                default: www.other.com
            resources:
              first:
                type: test.Checked
                properties:
                  name: ${var.domain}
                  names:
                    - a.example.com
                    - "b.${var.domain}"
              copies:
                type: test.Checked
                count: 2
                properties:
                  name: fixed
              derived:
                type: test.Checked
                properties:
                  name: fine
                  label: ${resources.first.id}-too-long
            """;

    /** A type whose check reports what the test tells it to, and counts how often it is asked. */
    static final class CheckedType implements ManagedType, PlanChecked {
        final List<List<String>> asked = new ArrayList<>();
        /** An AWS error code the check's read fails with, or null. */
        String failWith;

        @Override
        public String name() {
            return "test.Checked";
        }

        @Override
        public ResourceSchema schema() {
            return new ResourceSchema("checked", ObjectType.of(
                    Property.builder("name", StringType.ANY).required().description("name").build(),
                    Property.builder("names", ListType.of(StringType.ANY)).description("names").build(),
                    Property.builder("mode", StringType.ANY).defaultValue("plain").description("mode").build(),
                    Property.builder("label", StringType.matching("^[a-z-]{1,10}$", "1–10 lowercase letters and hyphens"))
                            .description("label").build(),
                    Property.builder("id", StringType.ANY).computed().build()), null);
        }

        @Override
        public List<Problem> check(List<Planned> planned, CheckContext context) {
            asked.add(planned.stream().map(Planned::address).toList());
            return CheckReads.guarded("names", planned, context, () -> problems(planned));
        }

        private List<Problem> problems(List<Planned> planned) {
            if (failWith != null) throw new ProviderException(failWith, "the read failed", false);
            List<Problem> out = new ArrayList<>();
            for (Planned p : planned) {
                if ("www.other.com".equals(p.desired().get("name"))) out.add(new Problem(p.address(), "name", "outside", "fix it"));
                if (p.desired().get("names") instanceof List<?> names && names.size() > 1 && "b.www.other.com".equals(names.get(1))) {
                    out.add(new Problem(p.address(), "names[1]", "second name outside", null));
                }
                if ("fixed".equals(p.desired().get("name"))) out.add(new Problem(p.address(), "mode", "mode refused", null));
            }
            return out;
        }

        @Override
        public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
            return List.of();
        }

        @Override
        public LiveResource create(CreateRequest request, ProviderContext context) {
            throw new UnsupportedOperationException("plan checks never create");
        }

        @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    @Override
        public void delete(LiveResource resource, ProviderContext context) {
            throw new UnsupportedOperationException("plan checks never delete");
        }

        @Override
        public void disown(String stack, LiveResource resource, ProviderContext context) {
            throw new UnsupportedOperationException("plan checks never forget");
        }
    }

    @TempDir
    Path dir;

    private final CheckedType type = new CheckedType();
    private final TypeRegistry registry = new TypeRegistry().register(type);

    private Stack load() throws Exception {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, STACK);
        return new StackLoader(registry).load(file, new VariableInputs(Map.of(), List.of(), Map.of()));
    }

    private static ResourceChange change(String address, Action action, Map<String, Object> after) {
        return new ResourceChange(address, "test.Checked", action, null, null, null, after, List.of(), null, List.of(), List.of(), List.of());
    }

    private static Map<String, Object> props(Object... kv) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) out.put((String) kv[i], kv[i + 1]);
        return out;
    }

    @Test
    void reportsEachProblemAtItsPlaceInTheStackFile() throws Exception {
        Stack stack = load();
        List<ResourceChange> changes = List.of(
                change("first", Action.CREATE, props("name", "www.other.com", "names", List.of("a.example.com", "b.www.other.com"))),
                change("copies[0]", Action.CREATE, props("name", "fixed", "mode", "plain")),
                change("copies[1]", Action.REPLACE, props("name", "fixed", "mode", "plain")),
                change("derived", Action.CREATE, props("name", "fine", "label", "first-id-too-long")));
        StackException e = assertThrows(StackException.class, () -> PlanChecks.run(registry, stack, changes));
        List<String> got = e.diagnostics().stream().map(PlanChecksTest::describe).toList();
        assertEquals(List.of(
                "11:13 first.name: outside | fix it (the value comes from variable domain)",
                "14:11 first.names[1]: second name outside | the value comes from variable domain",
                "18:5 mode of copies[0], copies[1]: mode refused | null",
                "24:14 derived.label: 'first-id-too-long' (17 characters) must be 1–10 lowercase letters and hyphens"
                        + " | AWS's rule as a regular expression: ^[a-z-]{1,10}$"), got);
        assertEquals(List.of(List.of("first", "copies[0]", "copies[1]", "derived")), type.asked, "one call for all the type's changes, in plan order");
    }

    @Test
    void checksOnlyWhatThePlanWouldWrite() throws Exception {
        Stack stack = load();
        List<ResourceChange> changes = List.of(
                change("first", Action.NO_OP, props("name", "www.other.com")),
                new ResourceChange("gone", "test.Checked", Action.DELETE, null, "id-1", props("name", "www.other.com"), null,
                        List.of(), null, List.of(), List.of(), List.of()));
        assertDoesNotThrow(() -> PlanChecks.run(registry, stack, changes));
        assertEquals(List.of(), type.asked, "nothing to write, nothing to ask");
    }

    @Test
    void aCheckTheCredentialsMayNotMakeIsSkippedWithAWarning() throws Exception {
        Stack stack = load();
        type.failWith = "UnauthorizedOperation";
        List<ResourceChange> changes = new ArrayList<>(List.of(change("first", Action.CREATE, props("name", "www.other.com")),
                change("derived", Action.NO_OP, props("name", "fine"))));
        assertDoesNotThrow(() -> PlanChecks.run(registry, stack, changes));
        assertEquals(List.of("names not checked before apply: UnauthorizedOperation: the read failed"), changes.get(0).notes());
        assertEquals(List.of(), changes.get(1).notes(), "only the checked resource is warned about");

        type.failWith = "Throttling";
        ProviderException e = assertThrows(ProviderException.class, () -> PlanChecks.run(registry, stack, changes));
        assertEquals("Throttling", e.code(), "any other failure of a read fails the plan, as a refresh would");
    }

    @Test
    void anUpdateIsCheckedOnlyForWhatItChanges() throws Exception {
        Stack stack = load();
        ResourceChange update = new ResourceChange("derived", "test.Checked", Action.UPDATE, null, "id-1",
                props("name", "fine", "label", "old"), props("name", "fine", "label", "first-id-too-long", "mode", "fast"),
                List.of(new AttributeChange("mode", "plain", "fast", null, false, false)), null, List.of(), List.of(), List.of());
        assertDoesNotThrow(() -> PlanChecks.run(registry, stack, List.of(update)), "the label is not changed: AWS has it already");
        assertEquals(1, type.asked.size());
    }

    private static String describe(Diagnostic d) {
        return d.location().line() + ":" + d.location().column() + " " + d.message() + " | " + d.hint();
    }
}
