package dev.converge.state;

import dev.converge.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class LocalStateStoreTest {

    @TempDir
    Path dir;

    private Path stateFile() {
        return dir.resolve(".converge").resolve("state").resolve("demo.json");
    }

    private Path backupFile() {
        return stateFile().resolveSibling("demo.json.backup");
    }

    private Path lockFile() {
        return stateFile().resolveSibling("demo.json.lock");
    }

    /** Owner-only permissions are POSIX modes; on other file systems the user's directory ACLs apply. */
    private static void assumePosix() {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "not a POSIX file system");
    }

    private LocalStateStore store() {
        return new LocalStateStore(stateFile());
    }

    private static ResourceState resource(String type, String id, Map<String, Object> applied) {
        return new ResourceState(type, id, applied, Map.of("id", id), List.of(), "2026-11-25T09:00:00Z");
    }

    private static State withServer(State s, String id) {
        return s.withResource("server", resource("aws.ec2.Instance", id, Map.of("instanceType", "t3.micro")));
    }

    // --- writing -------------------------------------------------------------------------------

    @Test
    void firstWriteCreatesAPrivateFileInAPrivateDirectory() throws Exception {
        assumePosix();
        LocalStateStore store = store();
        assertEquals(Optional.empty(), store.read());

        State written = store.write(withServer(State.empty("demo"), "i-1"));

        assertEquals(1, written.serial());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(stateFile().getParent())));
        assertFalse(Files.exists(backupFile()), "nothing to back up on the first write");
        assertEquals(written, store().read().orElseThrow());
    }

    @Test
    void replacingKeepsThePreviousVersionAsAPrivateBackupAndLeavesNoTemporaryFiles() throws Exception {
        assumePosix();
        LocalStateStore store = store();
        State first = store.write(withServer(State.empty("demo"), "i-1"));
        byte[] firstBytes = Files.readAllBytes(stateFile());

        State second = store.write(withServer(first, "i-2"));

        assertEquals(2, second.serial());
        assertEquals(second, store().read().orElseThrow());
        assertArrayEquals(firstBytes, Files.readAllBytes(backupFile()));
        assertEquals(first, StateCodec.decode(Files.readString(backupFile()), "backup"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(backupFile())));
        try (Stream<Path> files = Files.list(stateFile().getParent())) {
            assertEquals(List.of("demo.json", "demo.json.backup"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    // --- conflicts -----------------------------------------------------------------------------

    @Test
    void theSecondOfTwoWritersFromTheSameReadIsRefusedAndChangesNothing() throws Exception {
        store().write(withServer(State.empty("demo"), "i-1"));
        LocalStateStore first = store();
        LocalStateStore second = store();
        State seenByFirst = first.read().orElseThrow();
        State seenBySecond = second.read().orElseThrow();

        first.write(withServer(seenByFirst, "i-2"));
        byte[] afterFirst = Files.readAllBytes(stateFile());
        byte[] backupAfterFirst = Files.readAllBytes(backupFile());

        StateConflictException e = assertThrows(StateConflictException.class, () -> second.write(withServer(seenBySecond, "i-3")));
        assertTrue(e.getMessage().contains("serial 2"), e.getMessage());
        assertArrayEquals(afterFirst, Files.readAllBytes(stateFile()), "the state is unchanged");
        assertArrayEquals(backupAfterFirst, Files.readAllBytes(backupFile()), "the backup is unchanged");

        // Having read again, the second writer builds on the first one's work.
        State fresh = second.read().orElseThrow();
        assertEquals(3, second.write(withServer(fresh, "i-3")).serial());
    }

    @Test
    void aWriterThatNeverReadTheExistingStateIsRefused() throws Exception {
        store().write(withServer(State.empty("demo"), "i-1"));
        byte[] before = Files.readAllBytes(stateFile());

        assertThrows(StateConflictException.class, () -> store().write(withServer(State.empty("demo"), "i-9")));
        assertArrayEquals(before, Files.readAllBytes(stateFile()));
    }

    @Test
    void aStateOfAnotherLineageIsNeverOverwritten() throws Exception {
        LocalStateStore store = store();
        State mine = store.write(withServer(State.empty("demo"), "i-1"));
        byte[] before = Files.readAllBytes(stateFile());

        State other = new State(mine.version(), "another-lineage", mine.serial(), "demo", null, mine.resources(), Map.of(), new TreeMap<>(), null);
        StateConflictException e = assertThrows(StateConflictException.class, () -> store.write(other));
        assertTrue(e.getMessage().contains(mine.lineage()), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(stateFile()));
    }

    // --- locking -------------------------------------------------------------------------------
    /** What the engine does per run (lock, read, write, unlock), from many "processes" at once: no update is lost. */
    @Test
    void lockedReadModifyWriteCyclesNeverLoseAnUpdate() throws Exception {
        store().write(State.empty("demo"));
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < runs; i++) {
            String id = "i-" + i;
            all.add(CompletableFuture.runAsync(() -> {
                LocalStateStore store = store();
                try (StateLock lock = store.lock("apply " + id, Duration.ofSeconds(30))) {
                    State current = store.read().orElseThrow();
                    store.write(current.withResource(id, resource("aws.ec2.Instance", id, Map.of())));
                }
            }, pool));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }

        State last = store().read().orElseThrow();
        assertEquals(runs, last.resources().size(), "every run's resource is recorded: " + last.resources().keySet());
        assertEquals(1 + runs, last.serial());
        assertFalse(Files.exists(lockFile()));
    }


    @Test
    void aHeldLockIsRefusedNamingItsHolderAndIsFreeAgainOnceReleased() throws Exception {
        StateLock held = store().lock("apply", Duration.ZERO);
        LockHolder recorded = Json.mapper().readValue(Files.readString(lockFile()), LockHolder.class);
        assertEquals("apply", recorded.operation());
        assertEquals(ProcessHandle.current().pid(), recorded.pid());

        LockedException e = assertThrows(LockedException.class, () -> store().lock("destroy", Duration.ZERO));
        assertTrue(e.getMessage().contains(recorded.describe()), e.getMessage());
        assertFalse(e.getMessage().contains("stale"), "the holder is alive: " + e.getMessage());

        held.close();
        assertFalse(Files.exists(lockFile()));
        store().lock("destroy", Duration.ZERO).close();
    }

    @Test
    void aWaitingLockerGetsTheLockWhenTheHolderReleasesIt() throws Exception {
        StateLock held = store().lock("apply", Duration.ZERO);
        CompletableFuture<Void> release = CompletableFuture.runAsync(() -> {
            sleep(300);
            held.close();
        });
        long start = System.nanoTime();
        try (StateLock mine = store().lock("plan", Duration.ofSeconds(10))) {
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 250, "it waited for the holder");
            assertEquals("plan", Json.mapper().readValue(Files.readString(lockFile()), LockHolder.class).operation());
        }
        release.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLockOfAnotherLiveProcessIsRefusedWithItsDescription() throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            LockHolder holder = new LockHolder("apply", other.pid(), LockHolder.current("").host(), "2026-11-25T09:00:00Z");
            writeLock(holder);

            LockedException e = assertThrows(LockedException.class, () -> store().lock("apply", Duration.ofMillis(300)));
            assertTrue(e.getMessage().contains("apply (pid " + other.pid() + " on host " + holder.host()), e.getMessage());
            assertFalse(e.getMessage().contains("stale"), e.getMessage());
            assertTrue(e.getMessage().contains("converge state unlock"), e.getMessage());
        } finally {
            other.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void aLockOfADeadProcessIsReportedStaleAndForceUnlockFreesIt() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        writeLock(new LockHolder("destroy", gone.pid(), LockHolder.current("").host(), "2026-11-25T09:00:00Z"));

        LockedException e = assertThrows(LockedException.class, () -> store().lock("apply", Duration.ZERO));
        assertTrue(e.getMessage().contains("pid " + gone.pid()), e.getMessage());
        assertTrue(e.getMessage().contains("the lock is stale"), e.getMessage());
        assertTrue(e.getMessage().contains("converge state unlock"), e.getMessage());

        store().forceUnlock();
        assertFalse(Files.exists(lockFile()));
        store().lock("apply", Duration.ZERO).close();
        store().forceUnlock(); // no lock: nothing to do, no error
    }

    /** An operator broke a lock whose holder was in fact still running: its late release must not free the new holder's lock. */
    @Test
    void releasingABrokenLockLeavesTheNextHoldersLockInPlace() throws Exception {
        StateLock broken = store().lock("apply", Duration.ZERO);
        store().forceUnlock();
        StateLock next = store().lock("destroy", Duration.ZERO);

        broken.close();

        assertTrue(Files.exists(lockFile()), "the second holder still holds the lock");
        assertEquals("destroy", Json.mapper().readValue(Files.readString(lockFile()), LockHolder.class).operation());
        assertThrows(LockedException.class, () -> store().lock("plan", Duration.ZERO));
        next.close();
        assertFalse(Files.exists(lockFile()));
    }

    /** A lock file without a readable holder (a crash between creating and writing it) still tells the user the way out. */
    @Test
    void anUnreadableLockStillAdvisesUnlock() throws Exception {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), "");

        LockedException e = assertThrows(LockedException.class, () -> store().lock("apply", Duration.ZERO));
        assertTrue(e.getMessage().contains(lockFile().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("converge state unlock"), e.getMessage());
    }

    @Test
    void aLockOfAnotherHostIsNeverCalledStale() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        assertTrue(gone.waitFor(10, TimeUnit.SECONDS));
        writeLock(new LockHolder("apply", gone.pid(), "some-other-host.example", "2026-11-25T09:00:00Z"));

        LockedException e = assertThrows(LockedException.class, () -> store().lock("apply", Duration.ZERO));
        assertTrue(e.getMessage().contains("on host some-other-host.example"), e.getMessage());
        assertFalse(e.getMessage().contains("stale"), "a pid of another machine says nothing here: " + e.getMessage());
    }

    private void writeLock(LockHolder holder) throws Exception {
        Files.createDirectories(lockFile().getParent());
        Files.writeString(lockFile(), Json.write(holder));
    }

    // --- damage --------------------------------------------------------------------------------

    @Test
    void corruptJsonIsRefusedWithAdviceNamingTheBackupAndIsNeverOverwritten() throws Exception {
        LocalStateStore store = store();
        State first = store.write(withServer(State.empty("demo"), "i-1"));
        store.write(withServer(first, "i-2"));
        Files.writeString(stateFile(), "{\"version\": 1, \"lineage\": \"x\", \"resources\": {");
        byte[] damaged = Files.readAllBytes(stateFile());
        byte[] backup = Files.readAllBytes(backupFile());

        StateCorruptException e = assertThrows(StateCorruptException.class, () -> store().read());
        assertTrue(e.getMessage().contains("is not valid state JSON at line 1"), e.getMessage());
        assertTrue(e.getMessage().contains("cp '" + backupFile() + "' '" + stateFile() + "'"), e.getMessage());
        assertTrue(e.getMessage().contains("Nothing was changed"), e.getMessage());

        assertThrows(StateCorruptException.class, () -> store.write(withServer(first, "i-3")));
        assertArrayEquals(damaged, Files.readAllBytes(stateFile()), "a damaged state is left for a human to look at");
        assertArrayEquals(backup, Files.readAllBytes(backupFile()), "the damaged file is not copied over the backup");
        assertEquals(first, StateCodec.decode(Files.readString(backupFile()), "backup"));
    }

    @Test
    void corruptStateWithoutBackupSaysMovingItAsideIsSafe() throws Exception {
        Files.createDirectories(stateFile().getParent());
        Files.writeString(stateFile(), "");

        StateCorruptException e = assertThrows(StateCorruptException.class, () -> store().read());
        assertTrue(e.getMessage().contains("There is no backup"), e.getMessage());
        assertTrue(e.getMessage().contains("ownership tags"), e.getMessage());
    }

    @Test
    void foreignOrFutureFilesAreRefused() throws Exception {
        Files.createDirectories(stateFile().getParent());
        State s = State.empty("demo");

        Files.write(stateFile(), StateCodec.encode(new State(2, s.lineage(), 1, "demo", null, null, null, null, null)));
        StateCorruptException future = assertThrows(StateCorruptException.class, () -> store().read());
        assertTrue(future.getMessage().contains("has state format 2"), future.getMessage());

        Files.writeString(stateFile(), "{\"version\": 1, \"serial\": 3}");
        StateCorruptException foreign = assertThrows(StateCorruptException.class, () -> store().read());
        assertTrue(foreign.getMessage().contains("missing its lineage or stack name"), foreign.getMessage());

        Files.writeString(stateFile(), "null");
        assertThrows(StateCorruptException.class, () -> store().read());
    }

    // --- the format ----------------------------------------------------------------------------

    @Test
    void resourcesPendingCreatesAndOutputsRoundTripExactly() throws Exception {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("path", "/health");
        health.put("intervalSeconds", 30L);
        health.put("matcher", "200-299");
        Map<String, Object> applied = new LinkedHashMap<>();
        applied.put("name", "demo-web");
        applied.put("port", 80L);
        applied.put("weight", new BigDecimal("1.50"));
        applied.put("enabled", true);
        applied.put("description", null);
        applied.put("targets", List.of("i-1", "i-2"));
        applied.put("healthCheck", health);
        applied.put("tags", Map.of("project", "converge-demo"));
        Map<String, Object> live = new LinkedHashMap<>(applied);
        live.put("id", "tg-123");
        live.put("arn", "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/demo-web/abc");

        Map<String, Object> outputs = new LinkedHashMap<>();
        outputs.put("url", "https://app.example.com/");
        outputs.put("instanceIds", List.of("i-1", "i-2"));
        outputs.put("count", 2L);

        State state = State.empty("demo")
                .withResource("targets", new ResourceState("aws.elbv2.TargetGroup", "tg-123", applied, live,
                        List.of("web[0]", "web[1]"), "2026-11-25T09:00:00Z"))
                .withResource("web[0]", resource("aws.ec2.Instance", "i-1", Map.of("instanceType", "t3.micro")))
                .withPending("web[1]", new PendingCreate("aws.ec2.Instance", "converge-demo-web-1-7f3a", "2026-11-25T09:01:00Z"))
                .withOutputs(outputs);

        State written = store().write(state);
        State read = store().read().orElseThrow();

        assertEquals(written, read);
        assertEquals(state.lineage(), read.lineage());
        assertEquals(new PendingCreate("aws.ec2.Instance", "converge-demo-web-1-7f3a", "2026-11-25T09:01:00Z"), read.pending().get("web[1]"));
        Map<String, Object> readApplied = read.resources().get("targets").applied();
        assertInstanceOf(Long.class, readApplied.get("port"));
        assertEquals(new BigDecimal("1.50"), readApplied.get("weight"));
        assertTrue(readApplied.containsKey("description") && readApplied.get("description") == null, "explicit nulls survive");
        assertEquals(new ArrayList<>(applied.keySet()), new ArrayList<>(readApplied.keySet()), "property order survives");
        assertEquals(List.of("url", "instanceIds", "count"), new ArrayList<>(read.outputs().keySet()), "output order survives");
        assertArrayEquals(StateCodec.encode(written), StateCodec.encode(read), "encoding is stable");
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
