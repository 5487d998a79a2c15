package dev.converge.engine;

import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateLock;
import dev.converge.state.StateStore;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A store that adds up the time spent writing state: every write and checkpoint, every sync made
 * on an action's thread, and the release of the lock (where the local store folds its journal into
 * the snapshot), in wall time and in the CPU time of the writing threads; and apart, the syncs of
 * the keeper's background thread, which no action waits for. For the benchmark's "state overhead" figure: the share of an
 * apply's wall time, and of its CPU time, the state costs.
 */
final class TimedStateStore extends ForwardingStateStore {

    private final AtomicLong writingNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong backgroundSyncs = new AtomicLong();
    private final AtomicLong releaseNanos = new AtomicLong();
    private final AtomicLong settleNanos = new AtomicLong();
    private final AtomicLong settleCpuNanos = new AtomicLong();
    private final AtomicLong releaseCpuNanos = new AtomicLong();
    private final AtomicLong backgroundSyncNanos = new AtomicLong();
    private final AtomicLong collectorNanos = new AtomicLong();
    private final AtomicLong firstWritesCpuNanos = new AtomicLong();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final List<GarbageCollectorMXBean> COLLECTORS = ManagementFactory.getGarbageCollectorMXBeans();

    TimedStateStore(StateStore inner) {
        super(inner);
    }

    long writingNanos() {
        return writingNanos.get();
    }

    /** The CPU time (user + system) of the threads while they wrote: the rest of the writing time is waiting for the disk. */
    long cpuNanos() {
        return cpuNanos.get();
    }

    /**
     * The part of {@link #writingNanos} the JVM was stopped for the garbage collector: every thread
     * stops, whatever it does, and the garbage is the whole apply's (ms resolution, per write).
     */
    long collectorNanos() {
        return collectorNanos.get();
    }

    /** The collectors' accumulated pause time, in ms. */
    static long collectorMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : COLLECTORS) total += Math.max(0, gc.getCollectionTime());
        return total;
    }

    /** How many of the first writes {@link #firstWritesCpuNanos} covers. */
    static final int FIRST_WRITES = 1000;

    /**
     * The CPU time of the first {@link #FIRST_WRITES} writes: a run of a second on a JVM limited to
     * C1 interprets the writer for much of them (and loads its classes on the first).
     */
    long firstWritesCpuNanos() {
        return firstWritesCpuNanos.get();
    }

    long writes() {
        return writes.get();
    }

    /** Syncs made by the keeper's background thread: not on any action's path, so not in {@link #writingNanos}. */
    long backgroundSyncs() {
        return backgroundSyncs.get();
    }

    /** The release of the lock alone (the fold of the journal into a snapshot), wall and CPU: part of the totals. */
    long releaseNanos() {
        return releaseNanos.get();
    }

    long releaseCpuNanos() {
        return releaseCpuNanos.get();
    }

    /** The apply's last write ({@link StateStore#settle}), wall and CPU: part of the totals. */
    long settleNanos() {
        return settleNanos.get();
    }

    long settleCpuNanos() {
        return settleCpuNanos.get();
    }

    long backgroundSyncNanos() {
        return backgroundSyncNanos.get();
    }

    @Override
    public State write(State next) {
        long gc = collectorMillis();
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            return inner.write(next);
        } finally {
            add(t, cpu, gc);
        }
    }

    @Override
    public long checkpoint(StateChange change, Supplier<State> whole) {
        long gc = collectorMillis();
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            return inner.checkpoint(change, whole);
        } finally {
            add(t, cpu, gc);
        }
    }

    /** A sync on an action's thread (before a call that needs it) counts as writing; the background's is counted apart. */
    @Override
    public void sync() {
        long gc = collectorMillis();
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            inner.sync();
        } finally {
            if (Thread.currentThread().getName().equals("converge-state-sync")) {
                backgroundSyncNanos.addAndGet(System.nanoTime() - t);
                backgroundSyncs.incrementAndGet();
            } else {
                add(t, cpu, gc);
            }
        }
    }

    /** The end of the apply's writing: the local store writes its snapshot here. */
    @Override
    public void settle(Supplier<State> whole) {
        long gc = collectorMillis();
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            inner.settle(whole);
        } finally {
            settleNanos.addAndGet(System.nanoTime() - t);
            settleCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
            add(t, cpu, gc);
        }
    }

    @Override
    public StateLock lock(String operation, Duration timeout) {
        StateLock lock = inner.lock(operation, timeout);
        return () -> {
            long gc = collectorMillis();
            long t = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            try {
                lock.close();
            } finally {
                releaseNanos.addAndGet(System.nanoTime() - t);
                releaseCpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpu);
                add(t, cpu, gc);
            }
        };
    }

    private void add(long since, long cpuSince, long collectorSince) {
        long wall = System.nanoTime() - since;
        long cpu = THREADS.getCurrentThreadCpuTime() - cpuSince;
        writingNanos.addAndGet(wall);
        cpuNanos.addAndGet(cpu);
        if (writes.getAndIncrement() < FIRST_WRITES) firstWritesCpuNanos.addAndGet(cpu);
        collectorNanos.addAndGet(Math.min(wall, (collectorMillis() - collectorSince) * 1_000_000));
    }
}
