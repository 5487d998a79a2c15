package dev.converge.provider.aws.ec2;

import dev.converge.provider.PlanChecked;
import dev.converge.schema.Unknown;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What RunInstances would refuse, decided from what the region said about types and images. */
class InstanceChecksTest {

    private static final InstanceChecks.Catalogue REGION = new InstanceChecks.Catalogue("ap-northeast-2",
            Set.of("t3.micro", "t4g.micro", "m7g.large"),
            Map.of("t3.micro", List.of("x86_64"), "t4g.micro", List.of("arm64"), "m7g.large", List.of("arm64")),
            Map.of("ami-x86", "x86_64", "ami-arm", "arm64", "ami-mac", "arm64_mac"));

    /** type, image ('?' = known after apply), expected "property: message" problems joined by ' / ' (empty: none). */
    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            t3.micro  | ami-x86 | -
            t4g.micro | ami-arm | -
            t3.micro  | ami-arm | ami: image ami-arm is built for arm64, but t3.micro runs x86_64 only
            t4g.micro | ami-x86 | ami: image ami-x86 is built for x86_64, but t4g.micro runs arm64 only
            m7g.large | ami-mac | ami: image ami-mac is built for arm64_mac, but m7g.large runs arm64 only
            mac2.metal | ami-x86 | instanceType: instance type mac2.metal is not offered in ap-northeast-2 (or is not an instance type)
            t3.micro  | ami-gone | ami: image ami-gone does not exist in ap-northeast-2 or is not available to this account
            zz.huge   | ami-gone | instanceType: instance type zz.huge is not offered in ap-northeast-2 (or is not an instance type) / ami: image ami-gone does not exist in ap-northeast-2 or is not available to this account
            ?         | ami-arm | -
            t3.micro  | ?       | -
            zz.huge   | ?       | instanceType: instance type zz.huge is not offered in ap-northeast-2 (or is not an instance type)
            """)
    void problems(String type, String image, String expected) {
        Map<String, Object> desired = new HashMap<>();
        desired.put("instanceType", "?".equals(type) ? Unknown.VALUE : type);
        desired.put("ami", "?".equals(image) ? Unknown.VALUE : image);
        List<String> got = new ArrayList<>();
        for (PlanChecked.Problem p : InstanceChecks.problems(new PlanChecked.Planned("web[0]", desired), REGION)) {
            assertEquals("web[0]", p.address());
            got.add(p.property() + ": " + p.message());
        }
        assertEquals(expected == null ? "" : expected, String.join(" / ", got));
    }

    /** An in-place update checks only what it changes: a retired type or a deregistered image must not block a tag change. */
    @ParameterizedTest(name = "update of {2} to {0} with {1}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            m1.small  | ami-gone | tags         | -
            t3.micro  | ami-gone | instanceType | -
            t4g.micro | ami-x86  | instanceType | instanceType: image ami-x86 is built for x86_64, but t4g.micro runs arm64 only
            zz.huge   | ami-x86  | instanceType | instanceType: instance type zz.huge is not offered in ap-northeast-2 (or is not an instance type)
            zz.huge   | ami-gone | tags         | -
            """)
    void updates(String type, String image, String changing, String expected) {
        PlanChecked.Planned update = new PlanChecked.Planned("web[0]", Map.of("instanceType", type, "ami", image), Set.of(changing));
        List<String> got = InstanceChecks.problems(update, REGION).stream().map(p -> p.property() + ": " + p.message()).toList();
        assertEquals(expected == null ? "" : expected, String.join(" / ", got));
    }
}
