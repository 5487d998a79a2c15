package dev.converge.engine;

import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateLock;
import dev.converge.state.StateStore;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A store that adds up the time spent writing state: every write and checkpoint, and the release
 * of the lock (where the local store folds its journal into the snapshot), in wall time and in the
 * CPU time of the writing threads. For the benchmark's "state overhead" figure: the share of an
 * apply's wall time, and of its CPU time, the state costs.
 */
final class TimedStateStore implements StateStore {

    private final StateStore inner;
    private final AtomicLong writingNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong cpuNanos = new AtomicLong();
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    TimedStateStore(StateStore inner) {
        this.inner = inner;
    }

    long writingNanos() {
        return writingNanos.get();
    }

    /** The CPU time (user + system) of the threads while they wrote: the rest of the writing time is waiting for the disk. */
    long cpuNanos() {
        return cpuNanos.get();
    }

    long writes() {
        return writes.get();
    }

    @Override
    public Optional<State> read() {
        return inner.read();
    }

    @Override
    public State write(State next) {
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            return inner.write(next);
        } finally {
            add(t, cpu);
        }
    }

    @Override
    public long checkpoint(StateChange change, Supplier<State> whole) {
        long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        try {
            return inner.checkpoint(change, whole);
        } finally {
            add(t, cpu);
        }
    }

    @Override
    public StateLock lock(String operation, Duration timeout) {
        StateLock lock = inner.lock(operation, timeout);
        return () -> {
            long t = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
            try {
                lock.close();
            } finally {
                add(t, cpu);
            }
        };
    }

    private void add(long since, long cpuSince) {
        writingNanos.addAndGet(System.nanoTime() - since);
        cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - cpuSince);
        writes.incrementAndGet();
    }

    @Override
    public void forceUnlock() {
        inner.forceUnlock();
    }

    @Override
    public String moveAside(String suffix) {
        return inner.moveAside(suffix);
    }

    @Override
    public String describe() {
        return inner.describe();
    }
}
