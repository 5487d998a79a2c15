package dev.converge.state;

import dev.converge.provider.ProviderException;
import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The S3 backend against moto: conditional writes decide conflicts and locks. */
class S3StateStoreIT {

    private static final String BUCKET = "converge-state-test";
    private static final String KEY = "stacks/demo.json";

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();

    @BeforeEach
    void freshBucket() {
        moto.session().s3().createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint("ap-northeast-2")));
    }

    private static S3StateStore store() {
        return S3StateStore.fromUri("s3://" + BUCKET + "/" + KEY, moto.session());
    }

    private static State withServer(State s, String id) {
        return s.withResource("server", new ResourceState("aws.ec2.Instance", id, Map.of("instanceType", "t3.micro"),
                Map.of("id", id), List.of(), "2026-11-25T09:00:00Z"));
    }

    private static String object(String key) {
        return moto.session().s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
    }

    @Test
    void eachTargetHasItsOwnObjectAndAPreTargetStateIsMovedAsideNotDeleted() {
        Target seoul = Target.of("123456789012", "ap-northeast-2", null, false);
        S3StateStore forTarget = S3StateStore.forTarget("s3://" + BUCKET + "/" + KEY, seoul, moto.session());
        assertEquals("s3://" + BUCKET + "/aws-123456789012-ap-northeast-2/" + KEY, forTarget.describe());
        State old = store().write(withServer(State.empty("demo"), "i-1"));
        assertEquals(Optional.empty(), forTarget.read(), "another target's object");
        forTarget.write(old.withTarget(seoul));
        assertEquals("s3://" + BUCKET + "/" + KEY + ".adopted", store().moveAside(".adopted"));
        assertEquals(Optional.empty(), store().read(), "no longer read");
        assertTrue(object(KEY + ".adopted").contains("i-1"), "kept");
        assertEquals(seoul, forTarget.read().orElseThrow().target());
    }

    @Test
    void aMissingBucketIsExplainedWithTheCommandThatCreatesIt() {
        S3StateStore store = new S3StateStore(moto.session().s3(), "no-such-state-bucket", KEY);
        ProviderException read = assertThrows(
                ProviderException.class, store::read);
        assertEquals("NoSuchBucket", read.code());
        assertTrue(read.getMessage().contains("aws s3api create-bucket --bucket no-such-state-bucket"),
                read.getMessage());
        ProviderException lock = assertThrows(
                ProviderException.class, () -> store.lock("apply", Duration.ZERO));
        assertEquals("NoSuchBucket", lock.code());
    }

    @Test
    void writesReadsAndKeepsThePreviousVersionAsBackup() {
        S3StateStore store = store();
        assertEquals(Optional.empty(), store.read());
        State first = store.write(withServer(State.empty("demo"), "i-1"));
        State second = store.write(withServer(first, "i-2"));

        assertEquals(second, store().read().orElseThrow());
        assertEquals(new String(StateCodec.encode(first), StandardCharsets.UTF_8), object(KEY + ".backup"));
        assertEquals(first.serial() + 1, second.serial());
    }

    @Test
    void theSecondOfTwoWritersFromTheSameReadIsRefusedAndTheStateIsUnchanged() {
        store().write(withServer(State.empty("demo"), "i-1"));
        S3StateStore a = store();
        S3StateStore b = store();
        State seenByA = a.read().orElseThrow();
        State seenByB = b.read().orElseThrow();
        a.write(withServer(seenByA, "i-2"));
        String afterA = object(KEY);

        assertThrows(StateConflictException.class, () -> b.write(withServer(seenByB, "i-3")));
        assertEquals(afterA, object(KEY));
    }

    /**
     * The backup copy is conditional on the version this writer read, so a writer that lost the race
     * cannot replace the backup with the winner's state. moto ignores the condition, so this checks
     * that the request carries it; AWS answers 412 when it does not hold.
     */
    @Test
    void theBackupCopyIsConditionalOnTheVersionRead() {
        List<String> copyConditions = new CopyOnWriteArrayList<>();
        ExecutionInterceptor recorder = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                if (context.httpRequest().firstMatchingHeader("x-amz-copy-source").isPresent()) {
                    copyConditions.add(context.httpRequest().firstMatchingHeader("x-amz-copy-source-if-match").orElse("(none)"));
                }
            }
        };
        try (S3Client recorded = S3Client.builder()
                .endpointOverride(moto.endpoint())
                .forcePathStyle(true)
                .region(Region.AP_NORTHEAST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")))
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder))
                .build()) {
            S3StateStore store = new S3StateStore(recorded, BUCKET, KEY);
            State first = store.write(withServer(State.empty("demo"), "i-1"));
            String etagRead = moto.session().s3().headObject(b -> b.bucket(BUCKET).key(KEY)).eTag();

            store.write(withServer(first, "i-2"));

            assertEquals(List.of(etagRead), copyConditions);
        }
    }

    @Test
    void twoFirstWritersCannotBothCreateTheState() {
        S3StateStore a = store();
        S3StateStore b = store();
        assertEquals(Optional.empty(), a.read());
        assertEquals(Optional.empty(), b.read());
        a.write(withServer(State.empty("demo"), "i-1"));
        String afterA = object(KEY);

        assertThrows(StateConflictException.class, () -> b.write(withServer(State.empty("demo"), "i-2")));
        assertEquals(afterA, object(KEY));
    }

    @Test
    void aHeldLockIsRefusedNamingItsHolderUntilReleasedOrBroken() {
        StateLock held = store().lock("apply", Duration.ZERO);
        LockedException e = assertThrows(LockedException.class, () -> store().lock("destroy", Duration.ZERO));
        assertTrue(e.getMessage().contains("apply (pid " + ProcessHandle.current().pid()), e.getMessage());
        assertTrue(e.getMessage().contains("converge state unlock"), e.getMessage());
        held.close();
        assertThrows(NoSuchKeyException.class, () -> object(KEY + ".lock"));

        store().lock("destroy", Duration.ZERO);
        store().forceUnlock();
        store().lock("apply", Duration.ZERO).close();
    }

    /** An operator broke a lock whose holder was still running: its late release must not free the new holder's lock. */
    @Test
    void releasingABrokenLockLeavesTheNextHoldersLockInPlace() {
        StateLock broken = store().lock("apply", Duration.ZERO);
        store().forceUnlock();
        StateLock next = store().lock("destroy", Duration.ZERO);

        broken.close();

        assertTrue(object(KEY + ".lock").contains("\"destroy\""), "the second holder still holds the lock");
        assertThrows(LockedException.class, () -> store().lock("plan", Duration.ZERO));
        next.close();
        assertThrows(NoSuchKeyException.class, () -> object(KEY + ".lock"));
    }

    @Test
    void corruptStateIsRefusedWithAdviceNamingTheBackup() {
        moto.session().s3().putObject(b -> b.bucket(BUCKET).key(KEY), RequestBody.fromString("{\"version\": 1, \"lineage\""));
        StateCorruptException e = assertThrows(StateCorruptException.class, () -> store().read());
        assertTrue(e.getMessage().contains("s3://" + BUCKET + "/" + KEY + ".backup"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());
    }

    @Test
    void anEndpointNamedLocalhostFromTheSdkSettingsIsAddressedPathStyle() throws Exception {
        // LocalStack's usual AWS_ENDPOINT_URL=http://localhost:4566, given here as the equivalent
        // system properties (a test cannot set its own environment): the SDK would address the
        // bucket as BUCKET.localhost, which does not resolve.
        Map<String, String> properties = Map.of("aws.endpointUrl", "http://localhost:" + moto.endpoint().getPort(),
                "aws.accessKeyId", "test", "aws.secretAccessKey", "test");
        properties.forEach(System::setProperty);
        try (AwsSession session = new AwsSession(AwsSettings.defaults("ap-northeast-2"))) {
            S3StateStore store = S3StateStore.fromUri("s3://" + BUCKET + "/" + KEY, session);
            State written = store.write(withServer(State.empty("demo"), "i-1"));
            assertEquals(written, store.read().orElseThrow());
            try (StateLock lock = store.lock("apply", Duration.ZERO)) {
                assertEquals("apply", dev.converge.json.Json.mapper().readTree(object(KEY + ".lock")).path("operation").asText());
            }
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
