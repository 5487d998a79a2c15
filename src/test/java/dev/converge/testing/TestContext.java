package dev.converge.testing;

import dev.converge.provider.ProviderContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A provider context for tests against the sandbox: short polls, statuses recorded for assertions.
 * {@link #withTimeout} and {@link #asIfAws} give the variants a few tests need; a test that acts when
 * a provider reports a status (to race it) overrides {@link #status}.
 */
public class TestContext implements ProviderContext {

    public final List<String> statuses = Collections.synchronizedList(new ArrayList<>());
    private final Duration timeout;
    private final boolean sandbox;
    private final dev.converge.provider.SharedReads reads;

    public TestContext() {
        this(Duration.ofSeconds(60), true, null);
    }

    private TestContext(Duration timeout, boolean sandbox, dev.converge.provider.SharedReads reads) {
        this.timeout = timeout;
        this.sandbox = sandbox;
        this.reads = reads;
    }

    /** A fresh context whose reads share {@code reads}, as the reads of one refresh do. */
    public TestContext sharing(dev.converge.provider.SharedReads reads) {
        return new TestContext(timeout, sandbox, reads);
    }

    @Override
    public <T> T shared(String question, java.util.function.Supplier<T> read) {
        return reads == null ? read.get() : reads.get(question, read);
    }

    /** A fresh context whose every wait gives up after {@code timeout}: to see a timeout's error quickly. */
    public TestContext withTimeout(Duration timeout) {
        return new TestContext(timeout, sandbox, reads);
    }

    /**
     * A fresh context that says the target is AWS, not the sandbox, while still talking to moto:
     * for the few types that do something extra in the sandbox (e.g. create a missing hosted zone).
     */
    public TestContext asIfAws() {
        return new TestContext(timeout, false, reads);
    }

    @Override
    public void status(String message) {
        statuses.add(message);
    }

    @Override
    public Duration timeout(String what, Duration defaultTimeout) {
        return timeout;
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofMillis(100);
    }

    @Override
    public boolean sandbox() {
        return sandbox;
    }
}
