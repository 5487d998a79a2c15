package dev.converge.engine;

import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.ResourceSchema;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.stack.Stack;
import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateLock;
import dev.converge.state.StateStore;
import dev.converge.testing.fake.FakeCloud;
import dev.converge.testing.fake.FakeType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which checkpoints an apply syncs to the disk before it goes on, and that everything is synced
 * before the lock is released: through the engine, against the local store, with a store wrapper
 * that records every checkpoint, sync, settle and release with its thread and time.
 */
class StateSyncEngineTest {

    @TempDir
    Path dir;

    /** One thing the store was asked, in order. */
    record Event(String what, String thread, long nanos, StateChange change) {
    }

    /** Records what is asked of the local store, and passes it on. */
    static final class RecordingStore extends ForwardingStateStore {
        final List<Event> events = Collections.synchronizedList(new ArrayList<>());

        RecordingStore(StateStore inner) {
            super(inner);
        }

        private void record(String what, StateChange change) {
            events.add(new Event(what, Thread.currentThread().getName(), System.nanoTime(), change));
        }

        List<Event> events() {
            synchronized (events) {
                return List.copyOf(events);
            }
        }

        @Override
        public State write(State next) {
            State s = inner.write(next);
            record("write", null);
            return s;
        }

        @Override
        public long checkpoint(StateChange change, Supplier<State> whole) {
            long serial = inner.checkpoint(change, whole);
            record("checkpoint", change);
            return serial;
        }

        @Override
        public void sync() {
            inner.sync();
            record("sync", null);
        }

        @Override
        public void settle(Supplier<State> whole) {
            inner.settle(whole);
            record("settle", null);
        }

        @Override
        public StateLock lock(String operation, Duration timeout) {
            StateLock lock = inner.lock(operation, timeout);
            return () -> {
                record("release", null);
                lock.close();
            };
        }
    }

    private static final String STACK = """
            stack: test
            resources:
              net:
                type: test.Network
                count: 3
                properties: { name: "n${count.index}", cidr: 10.0.0.0/16 }
              logs:
                type: test.Bucket
                count: 2
                properties: { name: "logs-${count.index}" }
            """;

    /** A bucket: its claim (tags) is written by a second call after the create, as S3's is. */
    private static EngineHarness harness(Path dir) {
        EngineHarness h = new EngineHarness(dir);
        FakeCloud cloud = h.cloud;
        h.registry.register(new FakeType("test.Bucket", new ResourceSchema("a bucket", ObjectType.of(
                Property.builder("name", StringType.ANY).required().forcesReplacement("bucket names are fixed").description("name").build(),
                Property.builder("tags", MapType.STRINGS).description("tags").build(),
                Property.builder("id", StringType.ANY).computed().build()), "name"), cloud, "bkt") {
            @Override
            public OwnershipCarrier ownership() {
                return OwnershipCarrier.TAGS_AFTER_CREATE;
            }
        });
        return h;
    }

    @Test
    void onlyThePendingCreateOfATypeClaimedAfterItsCreateIsSyncedBeforeTheCall() throws Exception {
        EngineHarness h = harness(dir);
        // One action at a time, so that what happens between a token and its call is that action's alone.
        h.settings = h.settings.withParallelism(1);
        Stack stack = h.write(STACK);
        RecordingStore store = new RecordingStore(h.store());
        assertTrue(h.apply(stack, false, store).succeeded());
        List<Event> onPath = store.events().stream().filter(e -> !e.thread().equals("converge-state-sync")).toList();

        Set<String> syncedBeforeCall = new TreeSet<>();
        int creates = 0;
        for (FakeCloud.Call call : h.cloud.calls()) {
            if (!call.operation().equals("create")) continue;
            creates++;
            Event token = only(onPath, e -> e.change() != null && e.change().pendingPut().containsKey(call.address()));
            assertTrue(token.nanos() < call.startNanos(), call.address() + ": its token is written before the call");
            if (onPath.stream().anyMatch(e -> e.what().equals("sync") && e.nanos() > token.nanos() && e.nanos() < call.startNanos())) {
                syncedBeforeCall.add(call.address());
            }
        }
        assertEquals(5, creates);
        // A bucket's token is the only link to a bucket whose tags a power loss kept from being
        // written; a network carries its proof from its create, so refresh finds it without its token.
        assertEquals(Set.of("logs[0]", "logs[1]"), syncedBeforeCall);
        // And nothing else is synced on the apply's path: the results are synced in the background or at the end.
        long syncs = onPath.stream().filter(e -> e.what().equals("sync")).count();
        assertEquals(2, syncs, "syncs on the apply's path: " + onPath.stream().map(Event::what).toList());
    }

    @Test
    void everythingIsSyncedBeforeTheLockIsReleasedAndNothingIsWrittenAfter() throws Exception {
        EngineHarness h = harness(dir);
        Stack stack = h.write(STACK);
        RecordingStore store = new RecordingStore(h.store());
        assertTrue(h.apply(stack, false, store).succeeded());
        List<String> order = store.events().stream().map(Event::what).toList();
        int release = order.lastIndexOf("release");
        int settle = order.lastIndexOf("settle");
        int lastCheckpoint = order.lastIndexOf("checkpoint");
        assertEquals(order.size() - 1, release, "the release is the last thing asked: " + order);
        assertTrue(lastCheckpoint < settle && settle < release, "the last checkpoint, then the settle, then the release: " + order);
        // The settle wrote the state as a synced snapshot: no journal is left for the release to fold.
        assertFalse(java.nio.file.Files.exists(h.stateFile.resolveSibling("test.json.journal")));
        assertEquals(5, h.state().resources().size());

        // A destroy retires each proof: those records are synced on the action's path, before it counts as done.
        RecordingStore destroying = new RecordingStore(h.store());
        assertTrue(h.apply(stack, true, destroying).succeeded());
        List<Event> events = destroying.events();
        for (int i = 0; i < events.size(); i++) {
            Event e = events.get(i);
            if (e.change() == null || e.change().retired().isEmpty()) continue;
            boolean synced = false;
            for (int j = i + 1; j < events.size() && !synced; j++) {
                synced = events.get(j).what().equals("sync") && events.get(j).thread().equals(e.thread());
            }
            assertTrue(synced, "a retired proof is synced on its action's thread: " + e.change().retired());
        }
    }

    private static Event only(List<Event> events, java.util.function.Predicate<Event> p) {
        List<Event> found = events.stream().filter(p).toList();
        assertEquals(1, found.size(), "events: " + found);
        return found.get(0);
    }
}
