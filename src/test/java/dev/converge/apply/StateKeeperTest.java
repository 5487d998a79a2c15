package dev.converge.apply;

import dev.converge.state.PendingCreate;
import dev.converge.state.ResourceState;
import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateLock;
import dev.converge.state.StateStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StateKeeperTest {

    /** A store whose writes take a while, remembering what is on "disk". */
    static class SlowStore implements StateStore {
        final AtomicInteger writes = new AtomicInteger();
        final AtomicInteger syncs = new AtomicInteger();
        volatile State onDisk;
        /** What the last sync made durable. */
        volatile State synced;
        volatile int failuresLeft;

        @Override
        public void sync() {
            State now = onDisk;
            syncs.incrementAndGet();
            synced = now;
        }

        @Override
        public Optional<State> read() {
            return Optional.ofNullable(onDisk);
        }

        @Override
        public State write(State next) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (failuresLeft > 0) {
                failuresLeft--;
                throw new IllegalStateException("disk full");
            }
            writes.incrementAndGet();
            onDisk = next;
            return next;
        }

        @Override
        public StateLock lock(String operation, Duration timeout) {
            return () -> { };
        }

        @Override
        public void forceUnlock() {
        }

        @Override
        public String moveAside(String suffix) {
            throw new UnsupportedOperationException("the keeper never moves a state aside");
        }

        @Override
        public String describe() {
            return "slow store";
        }
    }

    @Test
    void everyChangeIsOnDiskWhenItsUpdateReturnsAndConcurrentChangesShareWrites() throws Exception {
        SlowStore store = new SlowStore();
        StateKeeper keeper = new StateKeeper(store, State.empty("demo"));
        int threads = 8;
        int perThread = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    String address = "r" + thread + "_" + i;
                    keeper.update(s -> s.putPending(address, new PendingCreate("test.Server", address, "now")));
                    // Write-ahead: the change is durable before the caller goes on to the create call.
                    assertTrue(store.onDisk.pending().containsKey(address), address + " not on disk when update returned");
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : done) f.get();
        pool.shutdown();
        assertEquals(threads * perThread, store.onDisk.pending().size());
        assertEquals(threads * perThread, keeper.current().pending().size());
        assertTrue(store.writes.get() < threads * perThread, "no write was shared: " + store.writes.get());
    }

    @Test
    void aFailedWriteFailsItsCallerAndTheNextUpdateWritesEverything() {
        SlowStore store = new SlowStore();
        StateKeeper keeper = new StateKeeper(store, State.empty("demo"));
        store.failuresLeft = 1;
        assertThrows(IllegalStateException.class,
                () -> keeper.update(s -> s.putPending("a", new PendingCreate("test.Server", "t1", "now"))));
        keeper.update(s -> s.putPending("b", new PendingCreate("test.Server", "t2", "now")));
        assertTrue(store.onDisk.pending().keySet().containsAll(List.of("a", "b")), store.onDisk.pending().toString());
        assertEquals(store.onDisk, keeper.current(), "with nothing newer in memory, the current state is the written one");
    }

    @Test
    void aCheckpointHandsTheStoreOnlyWhatChangedAndNeverTheWholeState() {
        List<StateChange> seen = new ArrayList<>();
        SlowStore journaling = new SlowStore() {
            @Override
            public long checkpoint(StateChange change, Supplier<State> whole) {
                seen.add(change);
                return seen.size();
            }
        };
        State big = State.empty("demo");
        for (int i = 0; i < 1000; i++) big = big.withResource("s" + i, new ResourceState("test.Server", "i-" + i, Map.of(), Map.of(), List.of(), "now"));
        StateKeeper keeper = new StateKeeper(journaling, big);

        keeper.update(s -> s.putPending("new", new PendingCreate("test.Server", "tok", "now")));
        keeper.update(s -> s.removePending("new").putResource("new", new ResourceState("test.Server", "i-new", Map.of(), Map.of(), List.of(), "now")));
        keeper.update(s -> s.removeResource("s7").retireProof("nonce-7"));

        assertEquals(3, seen.size());
        assertEquals(Set.of("new"), seen.get(0).pendingPut().keySet());
        assertEquals(Set.of("new"), seen.get(1).put().keySet());
        assertEquals(List.of("new"), seen.get(1).pendingRemoved());
        assertEquals(List.of("s7"), seen.get(2).removed());
        assertEquals(Set.of("nonce-7"), seen.get(2).retired());
        assertTrue(seen.get(2).put().isEmpty() && seen.get(2).pendingPut().isEmpty() && seen.get(2).outputs() == null);
        State now = keeper.current();
        assertEquals(3, now.serial(), "the serial the store gave the last checkpoint");
        assertEquals(1000, now.resources().size());
        assertTrue(now.resources().containsKey("new") && !now.resources().containsKey("s7") && now.pending().isEmpty());
    }
    @Test
    void anUpdateReturnsOnceWrittenAndIsSyncedInTheBackground() throws Exception {
        CountDownLatch syncStarted = new CountDownLatch(1);
        CountDownLatch releaseSync = new CountDownLatch(1);
        SlowStore store = new SlowStore() {
            @Override
            public void sync() {
                syncStarted.countDown();
                try {
                    releaseSync.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.sync();
            }
        };
        try (StateKeeper keeper = new StateKeeper(store, State.empty("demo"), Duration.ofMillis(20))) {
            keeper.update(s -> s.putPending("a", new PendingCreate("test.Server", "t1", "now")));
            assertTrue(store.onDisk.pending().containsKey("a"), "written when update returns");
            assertTrue(syncStarted.await(5, TimeUnit.SECONDS), "no background sync started");
            // The background sync is under way and blocked: updates do not wait for it.
            keeper.update(s -> s.putPending("b", new PendingCreate("test.Server", "t2", "now")));
            assertTrue(store.onDisk.pending().containsKey("b"));
            releaseSync.countDown();
        }
        assertTrue(store.synced.pending().keySet().containsAll(List.of("a", "b")), "closing syncs what was written");
    }

    @Test
    void aDurableUpdateReturnsOnlyOnceSyncedAndSharesTheSyncWithWhatWasWrittenBefore() {
        SlowStore store = new SlowStore();
        // No background sync during the test: only what the updates ask for.
        try (StateKeeper keeper = new StateKeeper(store, State.empty("demo"), Duration.ofHours(1))) {
            keeper.update(s -> s.putPending("atomic", new PendingCreate("test.Server", "t1", "now")));
            assertEquals(0, store.syncs.get(), "a plain update is not synced on the caller's thread");
            keeper.updateDurably(s -> s.putPending("bucket", new PendingCreate("test.Bucket", "t2", "now")));
            assertEquals(1, store.syncs.get());
            assertTrue(store.synced.pending().keySet().containsAll(List.of("atomic", "bucket")), store.synced.pending().toString());
            keeper.updateDurably(s -> { });
            assertEquals(2, store.syncs.get(), "every durable update syncs what is not synced yet");
        }
        assertEquals(2, store.syncs.get(), "nothing left to sync at the close");
    }

    @Test
    void aFailedBackgroundSyncFailsTheNextUpdateAndTheCloseAndIsNeverRetriedIntoASuccess() throws Exception {
        CountDownLatch failed = new CountDownLatch(1);
        SlowStore store = new SlowStore() {
            @Override
            public void sync() {
                failed.countDown();
                throw new IllegalStateException("fsync: input/output error");
            }
        };
        StateKeeper keeper = new StateKeeper(store, State.empty("demo"), Duration.ofMillis(10));
        keeper.update(s -> s.putPending("a", new PendingCreate("test.Server", "t1", "now")));
        assertTrue(failed.await(5, TimeUnit.SECONDS));
        Thread.sleep(50);
        IllegalStateException next = assertThrows(IllegalStateException.class,
                () -> keeper.update(s -> s.putPending("b", new PendingCreate("test.Server", "t2", "now"))));
        assertTrue(next.getMessage().contains("input/output error"), next.getMessage());
        assertTrue(store.onDisk.pending().containsKey("b"), "the change is still written: it survives the process");
        assertThrows(IllegalStateException.class, keeper::close);
    }

    @Test
    void aFailedDurableSyncIsNeverRetriedIntoASuccess() {
        java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();
        SlowStore store = new SlowStore() {
            @Override
            public void sync() {
                // The kernel dropped the pages it could not write: a second fsync would "succeed".
                if (calls.incrementAndGet() == 1) throw new IllegalStateException("fsync: input/output error");
            }
        };
        StateKeeper keeper = new StateKeeper(store, State.empty("demo"), Duration.ofHours(1));
        assertThrows(IllegalStateException.class,
                () -> keeper.updateDurably(s -> s.putPending("a", new PendingCreate("test.Bucket", "t1", "now"))));
        IllegalStateException again = assertThrows(IllegalStateException.class,
                () -> keeper.updateDurably(s -> s.putPending("b", new PendingCreate("test.Bucket", "t2", "now"))));
        assertTrue(again.getMessage().contains("input/output error"), again.getMessage());
        assertEquals(1, calls.get(), "the failed sync is not tried again");
        assertThrows(IllegalStateException.class, keeper::close);
    }
}
