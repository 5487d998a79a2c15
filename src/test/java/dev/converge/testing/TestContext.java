package dev.converge.testing;

import dev.converge.provider.ProviderContext;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A provider context for tests against the sandbox: short polls, statuses recorded for assertions. */
public final class TestContext implements ProviderContext {

    public final List<String> statuses = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void status(String message) {
        statuses.add(message);
    }

    @Override
    public Duration timeout(String what, Duration defaultTimeout) {
        return Duration.ofSeconds(60);
    }

    @Override
    public Duration pollInterval() {
        return Duration.ofMillis(100);
    }

    @Override
    public boolean sandbox() {
        return true;
    }
}
