package dev.converge.engine;

import dev.converge.state.State;
import dev.converge.state.StateChange;
import dev.converge.state.StateLock;
import dev.converge.state.StateStore;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A store that hands every call to another, for the test stores that watch what the engine asks
 * of a real one (which calls, in which order, how long they take) and override only those. The
 * interface's default methods are forwarded too: left to their defaults, they would call this
 * store's {@code write} instead of the inner store's own checkpoint, sync and settle.
 */
abstract class ForwardingStateStore implements StateStore {

    protected final StateStore inner;

    ForwardingStateStore(StateStore inner) {
        this.inner = inner;
    }

    @Override
    public Optional<State> read() {
        return inner.read();
    }

    @Override
    public State write(State next) {
        return inner.write(next);
    }

    @Override
    public long checkpoint(StateChange change, Supplier<State> whole) {
        return inner.checkpoint(change, whole);
    }

    @Override
    public void sync() {
        inner.sync();
    }

    @Override
    public void settle(Supplier<State> whole) {
        inner.settle(whole);
    }

    @Override
    public StateLock lock(String operation, Duration timeout) {
        return inner.lock(operation, timeout);
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
