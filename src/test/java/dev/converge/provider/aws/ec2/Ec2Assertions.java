package dev.converge.provider.aws.ec2;

import dev.converge.provider.ResourceSchema;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
import dev.converge.testing.TestProofs;
import dev.converge.schema.Property;
import dev.converge.schema.Values;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Shared helpers of the EC2 type tests. */
final class Ec2Assertions {

    /** The SSM parameter of the example stacks' image (moto knows it, and its AMIs, in every region). */
    static final String AL2023 = "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64";

    private Ec2Assertions() {
    }

    /** A create request as the applier builds it: tags = user tags plus ownership. */
    @SuppressWarnings("unchecked")
    static ManagedType.CreateRequest request(String stack, String address, Map<String, Object> properties, String token) {
        Map<String, String> user = new TreeMap<>();
        if (properties.get("tags") instanceof Map<?, ?> m) ((Map<String, Object>) m).forEach((k, v) -> user.put(k, String.valueOf(v)));
        return new ManagedType.CreateRequest(stack, address, properties,
                TestProofs.withProof(Ownership.tags(stack, address, Map.of(), user), stack, address, String.valueOf(token)), token);
    }

    /**
     * The live values have exactly these keys, and each value equals the expected one after the
     * schema's normalization (sets compared as sets).
     */
    static void assertValues(ResourceSchema schema, Map<String, Object> expected, Map<String, Object> live) {
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(live.keySet()), "properties read back");
        Map<String, String> want = new LinkedHashMap<>();
        Map<String, String> got = new LinkedHashMap<>();
        for (String k : expected.keySet()) {
            Property p = schema.property(k).orElseThrow(() -> new AssertionError("not in schema: " + k));
            want.put(k, Values.canonicalString(p.type().normalize(expected.get(k))));
            got.put(k, Values.canonicalString(p.type().normalize(live.get(k))));
        }
        assertEquals(want, got);
    }

    static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }
}
