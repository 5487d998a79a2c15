package dev.converge.state;

import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TargetTest {

    private static final URI LOCAL = URI.create("http://localhost:4566");

    @Test
    void keysTellKindAccountRegionAndEndpointApart() {
        assertEquals("aws-123456789012-ap-northeast-2", Target.of("123456789012", "ap-northeast-2", null, false).key());
        assertEquals("sandbox-123456789012-ap-northeast-2", Target.of("123456789012", "ap-northeast-2", LOCAL, true).key());
        assertEquals("endpoint-localhost-4566-000000000000-us-east-1", Target.of("000000000000", "us-east-1", LOCAL, false).key());
        assertEquals("endpoint-s3.example.internal-000000000000-us-east-1",
                Target.of("000000000000", "us-east-1", URI.create("https://S3.Example.internal"), false).key());
    }

    @Test
    void theSameAccountThroughAnotherDoorIsAnotherTarget() {
        Target aws = Target.of("123456789012", "ap-northeast-2", null, false);
        Target sandbox = Target.of("123456789012", "ap-northeast-2", LOCAL, true);
        Target endpoint = Target.of("123456789012", "ap-northeast-2", LOCAL, false);
        assertFalse(aws.sameAs(sandbox));
        assertFalse(sandbox.sameAs(endpoint));
        assertFalse(aws.sameAs(Target.of("123456789012", "us-east-1", null, false)), "another region");
        assertFalse(aws.sameAs(Target.of("210987654321", "ap-northeast-2", null, false)), "another account");
        assertFalse(endpoint.sameAs(Target.of("123456789012", "ap-northeast-2", URI.create("http://localhost:4567"), false)));
        assertTrue(aws.sameAs(Target.of("123456789012", "ap-northeast-2", null, false)));
        // The sandbox may be restarted on another port: still the same (empty) sandbox account.
        assertTrue(sandbox.sameAs(Target.of("123456789012", "ap-northeast-2", URI.create("http://127.0.0.1:4711"), true)));
    }

    @Test
    void describesItselfForTheFirstLineOfEveryCommand() {
        assertEquals("AWS account 123456789012, region ap-northeast-2", Target.of("123456789012", "ap-northeast-2", null, false).describe());
        assertEquals("the local sandbox (moto at http://localhost:4566, not AWS), account 123456789012, region ap-northeast-2",
                Target.of("123456789012", "ap-northeast-2", LOCAL, true).describe());
        assertEquals("--sandbox", Target.of("1", "r", LOCAL, true).options());
        assertEquals("--endpoint http://localhost:4566", Target.of("1", "r", LOCAL, false).options());
        assertEquals("", Target.of("1", "r", null, false).options());
    }

    @Test
    void rejectsAnUnknownKind() {
        assertThrows(IllegalArgumentException.class, () -> new Target("azure", "1", "r", null));
    }
}
