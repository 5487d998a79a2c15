package dev.converge.state;

/** A held lock; closing releases it. */
public interface StateLock extends AutoCloseable {

    @Override
    void close();
}
