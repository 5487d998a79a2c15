package dev.converge.provider.aws.s3;

import dev.converge.provider.aws.common.PolicyDocuments;
import dev.converge.provider.aws.AwsProvider;
import dev.converge.stack.DiagnosticPrinter;
import dev.converge.stack.StackException;
import dev.converge.stack.StackLoader;
import dev.converge.stack.VariableInputs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** S3's naming rules and the bucket's schema, checked when a stack is loaded, before any AWS call. */
class BucketSchemaTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"abc", "my-logs.2026", "a1-b2-c3", "x23456789012345678901234567890123456789012345678901234567890123"})
    void validNames(String name) {
        assertTrue(BucketNames.NAME.pattern().matcher(name).matches(), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ab", "Logs", "my_logs", "-logs", "logs-", "my..logs", "192.168.5.4", "xn--logs", "sthree-logs",
            "amzn-s3-demo-logs", "logs-s3alias", "logs--ol-s3", "logs.mrap", "logs--x-s3", "logs--table-s3",
            "x234567890123456789012345678901234567890123456789012345678901234"})
    void invalidNames(String name) {
        assertTrue(!BucketNames.NAME.pattern().matcher(name).matches(), name);
    }

    @Test
    void prefixesLeaveRoomForTheSuffixAndMakeValidNames() {
        String longest = "p".repeat(BucketNames.MAX_PREFIX);
        assertTrue(BucketNames.PREFIX.pattern().matcher(longest).matches());
        assertTrue(!BucketNames.PREFIX.pattern().matcher(longest + "p").matches());
        String name = BucketNames.fromPrefix(longest, "0123456789ABCDEF0123456789abcdef");
        assertEquals(63, name.length());
        assertTrue(BucketNames.NAME.pattern().matcher(name).matches(), name);
        assertEquals(longest + "0123456789abcdef", name, "the token's first characters, lower case");
    }

    private String load(String properties) throws Exception {
        Path file = dir.resolve("stack.yaml");
        Files.writeString(file, "stack: s\nregion: ap-northeast-2\nresources:\n  logs:\n    type: aws.s3.Bucket\n    properties:\n"
                + properties);
        try {
            new StackLoader(AwsProvider.schemaRegistry()).load(file, VariableInputs.none());
            return "";
        } catch (StackException e) {
            return new DiagnosticPrinter(DiagnosticPrinter.PLAIN).render(e.diagnostics());
        }
    }

    @Test
    void aBadNameIsReportedAtItsPlace() throws Exception {
        String out = load("      name: My_Logs\n");
        assertTrue(out.contains("stack.yaml:7:13"), out);
        assertTrue(out.contains("3–63 lowercase letters"), out);
    }

    @Test
    void exactlyOneOfNameAndNamePrefix() throws Exception {
        assertTrue(load("      encryption: AES256\n").contains("name"), "neither");
        String both = load("      name: logs\n      namePrefix: logs-\n");
        assertTrue(both.contains("namePrefix"), both);
        assertEquals("", load("      namePrefix: logs-\n      loadBalancerLogs: { prefix: alb }\n      forceDestroy: true\n"));
    }

    @Test
    void encryptionIsAES256OrKms() throws Exception {
        assertTrue(load("      name: logs\n      encryption: aws:kms:dsse\n").contains("AES256"));
        assertEquals("", load("      name: logs\n      encryption: aws:kms\n      kmsKeyId: alias/logs\n"));
    }

    @Test
    void lifecycleDaysArePositive() throws Exception {
        assertTrue(!load("      name: logs\n      lifecycleRules: [ { id: x, expirationDays: 0 } ]\n").isEmpty());
    }

    @Test
    void policiesAreComparedByMeaning() {
        Map<String, Object> written = Map.of("Version", "2012-10-17", "Statement", Map.of(
                "Effect", "Allow", "Principal", Map.of("AWS", "600734575887"), "Action", List.of("s3:PutObject"),
                "Resource", List.of("arn:aws:s3:::b/y/*", "arn:aws:s3:::b/x/*")));
        Map<String, Object> asAwsReturnsIt = Map.of("Version", "2012-10-17", "Statement", List.of(Map.of(
                "Effect", "Allow", "Principal", Map.of("AWS", "arn:aws:iam::600734575887:root"), "Action", "s3:PutObject",
                "Resource", List.of("arn:aws:s3:::b/x/*", "arn:aws:s3:::b/y/*"))));
        assertEquals(PolicyDocuments.normalize(asAwsReturnsIt), PolicyDocuments.normalize(written));
        assertEquals(PolicyDocuments.normalize(written), PolicyDocuments.fromAws(PolicyDocuments.toJson(written)));
    }

    @Test
    void logDeliveryPrincipalByRegion() {
        assertEquals(Map.of("AWS", "arn:aws:iam::600734575887:root"), LoadBalancerLogDelivery.principal("ap-northeast-2"));
        assertEquals(Map.of("AWS", "arn:aws:iam::127311923021:root"), LoadBalancerLogDelivery.principal("us-east-1"));
        assertEquals(Map.of("AWS", "arn:aws:iam::156460612806:root"), LoadBalancerLogDelivery.principal("eu-west-1"));
        // Opened after August 2022: the service principal.
        assertEquals(Map.of("Service", "logdelivery.elasticloadbalancing.amazonaws.com"), LoadBalancerLogDelivery.principal("eu-central-2"));
        Map<String, Object> s = LoadBalancerLogDelivery.statement("aws", "ap-northeast-2", "logs", "alb", "111122223333");
        // In canonical form, as a read reports it: every resource list a set.
        assertEquals(List.of("arn:aws:s3:::logs/alb/AWSLogs/111122223333/*"), s.get("Resource"));
        assertEquals("alb", LoadBalancerLogDelivery.prefixOf(s, "logs"));
        assertEquals("", LoadBalancerLogDelivery.prefixOf(
                LoadBalancerLogDelivery.statement("aws", "ap-northeast-2", "logs", "", "111122223333"), "logs"));
        Map<String, Object> users = Map.of("Sid", "Mine", "Resource", "arn:aws:s3:::logs/alb/AWSLogs/1/*");
        assertEquals(null, LoadBalancerLogDelivery.prefixOf(users, "logs"), "only our statement is read as the grant");
    }
}
