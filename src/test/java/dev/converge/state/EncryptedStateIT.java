package dev.converge.state;

import dev.converge.crypto.Encryption;
import dev.converge.crypto.EncryptionException;
import dev.converge.crypto.Envelope;
import dev.converge.crypto.KmsDataKeys;
import dev.converge.plan.Plan;
import dev.converge.plan.PlanFile;
import dev.converge.testing.ConvergeProcess;
import dev.converge.testing.MotoAccount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * State and saved plans encrypted with AWS KMS data keys (moto's KMS): in S3, in a local file with
 * its backup, a plaintext state migrated, and a whole CLI run in its own process configured only by
 * environment variables, as a user would.
 */
class EncryptedStateIT {

    private static final String BUCKET = "encrypted-state";
    private static final String SECRET_ID = "i-0secretinstance";

    private static final String STACK = """
            stack: encrypted
            region: ap-northeast-2
            variables:
              token:
                type: string
                sensitive: true
            data:
              vpc:
                type: aws.ec2.DefaultVpc
            resources:
              group:
                type: aws.ec2.SecurityGroup
                properties:
                  name: grp-${var.token}
                  description: encrypted state
                  vpcId: ${data.vpc.id}
            """;

    @RegisterExtension
    static final MotoAccount moto = MotoAccount.plain();

    @TempDir
    Path dir;
    KmsClient kms;
    String keyId;
    final List<String> notes = new ArrayList<>();

    @BeforeEach
    void kmsKey() {
        kms = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        keyId = kms.createKey(b -> b.description("converge state")).keyMetadata().arn();
        Encryption.noticesTo(notes::add);
    }

    @AfterEach
    void plain() {
        Encryption.use(null);
        Encryption.noticesTo(System.err::println);
        kms.close();
    }

    private void encryptWithKms() {
        Encryption.use(Encryption.fromEnvironment(Map.of(Encryption.KMS_KEY_ID, keyId), () -> new KmsDataKeys(kms)));
    }

    private static State withServer(State s, String id) {
        return s.withResource("server", new ResourceState("aws.ec2.Instance", id, Map.of("instanceType", "t3.micro"),
                Map.of("id", id), List.of(), "2026-12-03T09:00:00Z"));
    }

    @Test
    void s3StateAndItsBackupAreEncryptedWithAFreshDataKeyPerWrite() {
        encryptWithKms();
        moto.session().s3().createBucket(b -> b.bucket(BUCKET).createBucketConfiguration(c -> c.locationConstraint(MotoAccount.REGION)));
        S3StateStore store = S3StateStore.fromUri("s3://" + BUCKET + "/demo.json", moto.session());
        assertTrue(store.read().isEmpty());
        State first = store.write(withServer(State.empty("demo", MotoAccount.REGION), SECRET_ID));
        store.write(withServer(first, SECRET_ID + "b"));
        for (String key : List.of("demo.json", "demo.json.backup")) {
            String stored = moto.session().s3().getObjectAsBytes(b -> b.bucket(BUCKET).key(key)).asUtf8String();
            assertTrue(stored.startsWith(Envelope.TEXT_PREFIX), key + ": " + stored);
            assertFalse(stored.contains(SECRET_ID), key);
        }
        State read = S3StateStore.fromUri("s3://" + BUCKET + "/demo.json", moto.session()).read().orElseThrow();
        assertEquals(SECRET_ID + "b", read.resources().get("server").id());

        Encryption.use(Encryption.fromEnvironment(Map.of(), () -> new KmsDataKeys(kms)));
        EncryptionException x = assertThrows(EncryptionException.class,
                () -> S3StateStore.fromUri("s3://" + BUCKET + "/demo.json", moto.session()).read());
        assertTrue(x.getMessage().contains("set " + Encryption.KMS_KEY_ID), x.getMessage());
        assertTrue(x.getMessage().contains(keyId), "names the key the file was written with: " + x.getMessage());
    }

    /** A crash's journal: its checkpoints cost one GenerateDataKey, and reading them back one Decrypt. */
    @Test
    void aLocalJournalOfManyCheckpointsCostsOneKmsDataKeyAndOneDecrypt() throws Exception {
        List<String> calls = Collections.synchronizedList(new ArrayList<>());
        KmsClient counted = KmsClient.builder().endpointOverride(moto.endpoint()).region(Region.of(MotoAccount.REGION))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
                        calls.add(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
                    }
                })).build();
        try (counted) {
            Encryption.use(Encryption.fromEnvironment(Map.of(Encryption.KMS_KEY_ID, keyId), () -> new KmsDataKeys(counted)));
            Path file = dir.resolve("state/demo.json");
            LocalStateStore store = new LocalStateStore(file);
            store.read();
            State s = store.write(State.empty("demo", MotoAccount.REGION));
            assertEquals(List.of("GenerateDataKey"), calls);
            calls.clear();
            int n = 100;
            for (int i = 0; i < n; i++) {
                WorkingState w = new WorkingState(s);
                w.putResource("server" + i, new ResourceState("aws.ec2.Instance", SECRET_ID + i, Map.of("instanceType", "t3.micro"),
                        Map.of("id", SECRET_ID + i), List.of(), "2026-12-03T09:00:00Z"));
                long serial = store.checkpoint(w.drain(), () -> w.toState(0));
                s = w.toState(serial);
            }
            assertEquals(List.of("GenerateDataKey"), calls, n + " checkpoints");
            assertFalse(Files.readString(dir.resolve("state/demo.json.journal"), java.nio.charset.StandardCharsets.ISO_8859_1)
                    .contains(SECRET_ID));

            calls.clear();
            assertEquals(s, new LocalStateStore(file).read().orElseThrow());
            assertEquals(List.of("Decrypt", "Decrypt"), calls, "the snapshot's data key, then the journal's");
        }
    }

    @Test
    void aPlaintextLocalStateIsMigratedBackupIncluded() throws Exception {
        Path file = dir.resolve("state/demo.json");
        LocalStateStore plain = new LocalStateStore(file);
        plain.read();
        plain.write(withServer(State.empty("demo", MotoAccount.REGION), SECRET_ID));
        assertTrue(Files.readString(file).contains(SECRET_ID), "written before encryption was turned on");

        encryptWithKms();
        LocalStateStore store = new LocalStateStore(file);
        State read = store.read().orElseThrow();
        assertEquals(1, notes.size(), notes::toString);
        assertTrue(notes.get(0).contains("is not encrypted"), notes.get(0));
        store.write(withServer(read, SECRET_ID + "b"));
        for (Path p : List.of(file, dir.resolve("state/demo.json.backup"))) {
            String stored = Files.readString(p);
            assertTrue(stored.startsWith(Envelope.TEXT_PREFIX), p + ": " + stored);
            assertFalse(stored.contains(SECRET_ID), p.toString());
        }
        assertEquals(SECRET_ID + "b", new LocalStateStore(file).read().orElseThrow().resources().get("server").id());
    }

    @Test
    void aSavedPlanIsEncryptedWhole() throws Exception {
        encryptWithKms();
        Plan plan = new Plan(Plan.FORMAT_VERSION, "demo", MotoAccount.REGION, null, "demo.yaml", false, "f", Map.of("token", "hunter7token"),
                null, 0, "l", "2026-12-03T09:00:00Z", List.of(), Map.of("url", "https://hunter7token.example.com"), List.of(), List.of(), 0, null);
        Path file = dir.resolve("demo.plan");
        PlanFile.write(plan, file);
        String stored = Files.readString(file);
        assertTrue(stored.startsWith(Envelope.TEXT_PREFIX), stored);
        assertFalse(stored.contains("hunter7token"));
        assertEquals(plan, PlanFile.read(file), "every value is kept, so the plan applies exactly");
    }

    /** A user's run: only environment variables, the sensitive variable from CONVERGE_VAR_token. */
    @Test
    void aCliRunConfiguredByTheEnvironmentEncryptsPlanAndStateAndAppliesTheSavedPlan() throws Exception {
        Files.writeString(dir.resolve("demo.yaml"), STACK);
        Map<String, String> env = Map.of(Encryption.KMS_KEY_ID, keyId, "AWS_ENDPOINT_URL_KMS", moto.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test", "AWS_REGION", MotoAccount.REGION,
                "CONVERGE_VAR_token", "hunter7token");
        String endpoint = moto.endpoint().toString();
        run(env, "plan", "demo.yaml", "--endpoint", endpoint, "--state", "demo.json", "--out", "demo.plan");
        String savedPlan = Files.readString(dir.resolve("demo.plan"));
        assertTrue(savedPlan.startsWith(Envelope.TEXT_PREFIX), savedPlan);
        String applied = run(env, "apply", "demo.plan", "--endpoint", endpoint, "--state", "demo.json");
        assertTrue(applied.contains("Apply complete: 1 added"), applied);
        assertFalse(applied.contains("hunter7token"), applied);
        String state = Files.readString(dir.resolve("demo.json"));
        assertTrue(state.startsWith(Envelope.TEXT_PREFIX), state);
        assertTrue(run(env, "state", "list", "demo.yaml", "--endpoint", endpoint, "--state", "demo.json").contains("group"));

        Map<String, String> noKey = new java.util.HashMap<>(env);
        noKey.remove(Encryption.KMS_KEY_ID);
        try (ConvergeProcess p = ConvergeProcess.start(dir, noKey, "--no-color", "state", "list", "demo.yaml", "--endpoint", endpoint,
                "--state", "demo.json")) {
            assertEquals(1, p.waitFor(Duration.ofMinutes(2)));
            // The target line every command starts with, then the error in one line.
            List<String> lines = p.output().strip().lines().toList();
            assertEquals(2, lines.size(), "the target, then one line: " + p.output());
            assertTrue(lines.get(0).startsWith("Target: endpoint " + endpoint), p.output());
            assertTrue(lines.get(1).startsWith("error: ") && lines.get(1).contains("demo.json is encrypted with AWS KMS key " + keyId
                    + ": set " + Encryption.KMS_KEY_ID), p.output());
        }
    }

    private String run(Map<String, String> env, String... args) throws InterruptedException {
        List<String> all = new ArrayList<>(List.of("--no-color"));
        all.addAll(List.of(args));
        try (ConvergeProcess p = ConvergeProcess.start(dir, env, all.toArray(String[]::new))) {
            int exit = p.waitFor(Duration.ofMinutes(2));
            assertEquals(0, exit, () -> String.join(" ", args) + "\n" + p.output());
            return p.output();
        }
    }

    /** Without encryption the saved plan leaves the sensitive variable out; apply takes it from the environment. */
    @Test
    void anUnencryptedSavedPlanLeavesTheSecretOutAndIsStillAppliedExactly() throws Exception {
        Files.writeString(dir.resolve("demo.yaml"), STACK);
        Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", "test", "AWS_SECRET_ACCESS_KEY", "test",
                "CONVERGE_VAR_token", "hunter7token");
        String endpoint = moto.endpoint().toString();
        run(env, "plan", "demo.yaml", "--endpoint", endpoint, "--state", "demo.json", "--out", "demo.plan");
        String savedPlan = Files.readString(dir.resolve("demo.plan"));
        assertFalse(savedPlan.contains("hunter7token"), savedPlan);
        assertTrue(savedPlan.contains("\"sensitive\" : [ \"name\" ]"), savedPlan);

        Map<String, String> otherValue = new java.util.HashMap<>(env);
        otherValue.put("CONVERGE_VAR_token", "another7token");
        try (ConvergeProcess p = ConvergeProcess.start(dir, otherValue, "--no-color", "apply", "demo.plan", "--endpoint", endpoint,
                "--state", "demo.json")) {
            assertEquals(1, p.waitFor(Duration.ofMinutes(2)));
            assertTrue(p.output().contains("a variable changed since this plan was made"), p.output());
        }
        String applied = run(env, "apply", "demo.plan", "--endpoint", endpoint, "--state", "demo.json");
        assertTrue(applied.contains("Apply complete: 1 added"), applied);
        assertTrue(Files.readString(dir.resolve("demo.json")).startsWith("{"), "no key yet: plain JSON");

        // Encryption turned on: the next apply, with nothing to change, writes the state back encrypted.
        Map<String, String> encrypted = new java.util.HashMap<>(env);
        encrypted.putAll(Map.of(Encryption.KMS_KEY_ID, keyId, "AWS_ENDPOINT_URL_KMS", endpoint));
        String again = run(encrypted, "apply", "demo.yaml", "--endpoint", endpoint, "--state", "demo.json", "--auto-approve");
        assertTrue(again.contains("No changes."), again);
        assertEquals(1, again.lines().filter(l -> l.contains("is not encrypted")).count(), again);
        assertTrue(Files.readString(dir.resolve("demo.json")).startsWith(Envelope.TEXT_PREFIX));
        assertTrue(Files.readString(dir.resolve("demo.json.backup")).startsWith(Envelope.TEXT_PREFIX));
    }
}
