package dev.converge.provider.aws.autoscaling;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.TypeRegistry;
import dev.converge.provider.aws.ec2.LaunchTemplateResource;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Unknown;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** minSize ≤ desiredCapacity ≤ maxSize: at load for what the stack file fixes, at plan for the rest. */
class GroupSizesTest {

    @TempDir
    Path dir;

    private final AwsSession unused = new AwsSession(AwsSettings.defaults("ap-northeast-2"));
    private final TypeRegistry types = new TypeRegistry().register(new LaunchTemplateResource(unused)).register(new GroupResource(unused));

    private Path stack(String sizes) throws Exception {
        return Files.writeString(dir.resolve("asg.yaml"), """
                stack: sizes
                variables:
                  desired: { type: number, default: 5 }
                resources:
                  template:
                    type: aws.ec2.LaunchTemplate
                    properties: { name: web, imageId: ami-0123456789abcdef0, instanceType: t3.micro }
                  web:
                    type: aws.autoscaling.Group
                    properties:
                      name: web
                      launchTemplateId: "${resources.template.id}"
                      launchTemplateVersion: "${resources.template.latestVersion}"
                      subnetIds: [subnet-0123456789abcdef0]
                """ + sizes);
    }

    private List<String> problems(String sizes) throws Exception {
        Path file = stack(sizes);
        StackException e = assertThrows(StackException.class, () -> new StackLoader(types).load(file, VariableInputs.none()));
        return e.diagnostics().stream().map(d -> d.location().line() + ":" + d.location().column() + " " + d.message()).toList();
    }

    @Test
    void literalSizesOutOfOrderAreReportedWhereTheyAreWritten() throws Exception {
        assertEquals(List.of("17:7 desiredCapacity (5) is less than minSize (6)"),
                problems("      minSize: 6\n      maxSize: 8\n      desiredCapacity: 5\n"));
        assertEquals(List.of("17:7 maxSize (2) is less than desiredCapacity (3)"),
                problems("      minSize: 1\n      desiredCapacity: 3\n      maxSize: 2\n"));
        // Without desiredCapacity, min and max are still compared.
        assertEquals(List.of("16:7 maxSize (1) is less than minSize (2)"), problems("      minSize: 2\n      maxSize: 1\n"));
    }

    @Test
    void sizesFromVariablesAreCheckedAtLoadToo() throws Exception {
        assertEquals(List.of("17:7 maxSize (4) is less than desiredCapacity (5)"),
                problems("      minSize: 1\n      desiredCapacity: ${var.desired}\n      maxSize: 4\n"));
    }

    @Test
    void sizesInOrderLoad() throws Exception {
        new StackLoader(types).load(stack("      minSize: 2\n      desiredCapacity: 2\n      maxSize: 4\n"), VariableInputs.none());
    }

    @Test
    void thePlanChecksWhatLoadingCouldNotKnow() {
        GroupResource group = new GroupResource(unused);
        Map<String, Object> desired = new LinkedHashMap<>();
        desired.put("minSize", 3L);
        desired.put("desiredCapacity", 2L);
        desired.put("maxSize", 4L);
        List<PlanChecked.Problem> found = group.check(List.of(new PlanChecked.Planned("web", desired)), null);
        assertEquals(List.of(new PlanChecked.Problem("web", "desiredCapacity", "desiredCapacity (2) is less than minSize (3)",
                "minSize ≤ desiredCapacity ≤ maxSize must hold")), found);

        desired.put("desiredCapacity", Unknown.VALUE);
        assertEquals(List.of(), group.check(List.of(new PlanChecked.Planned("web", desired)), null));
        desired.put("maxSize", 1L);
        assertEquals("maxSize (1) is less than minSize (3)", group.check(List.of(new PlanChecked.Planned("web", desired)), null).get(0).message());
    }

    @Test
    void outOfOrderSkipsWhatIsNotANumberYet() {
        List<String> sizes = GroupResource.SIZES;
        assertEquals(Optional.empty(), ObjectType.outOfOrder(sizes, Map.of("minSize", 1L, "maxSize", 1L)));
        assertEquals(Optional.of(List.of("minSize", "maxSize")), ObjectType.outOfOrder(sizes, Map.of("minSize", 2L, "maxSize", 1L,
                "desiredCapacity", Unknown.VALUE)));
    }
}
