package dev.converge.engine;

import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateLock;
import dev.converge.state.StateStore;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A store that adds up the time spent writing state: every write and checkpoint, and the release
 * of the lock (where the local store folds its journal into the snapshot). For the benchmark's
 * "state overhead" figure: the share of an apply's wall time the state costs.
 */
final class TimedStateStore implements StateStore {

    private final StateStore inner;
    private final AtomicLong writingNanos = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();

    TimedStateStore(StateStore inner) {
        this.inner = inner;
    }

    long writingNanos() {
        return writingNanos.get();
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
        try {
            return inner.write(next);
        } finally {
            add(t);
        }
    }

    @Override
    public long checkpoint(StateChange change, Supplier<State> whole) {
        long t = System.nanoTime();
        try {
            return inner.checkpoint(change, whole);
        } finally {
            add(t);
        }
    }

    @Override
    public StateLock lock(String operation, Duration timeout) {
        StateLock lock = inner.lock(operation, timeout);
        return () -> {
            long t = System.nanoTime();
            try {
                lock.close();
            } finally {
                add(t);
            }
        };
    }

    private void add(long since) {
        writingNanos.addAndGet(System.nanoTime() - since);
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
