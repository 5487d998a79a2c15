package dev.converge.engine;

import dev.converge.provider.ProviderContext;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/** The provider context of one action (or one refresh read): its last status feeds the progress lines. */
public final class ActionContext implements ProviderContext {

    private final EngineSettings settings;
    private final Progress progress;
    private final String label;
    private final AtomicReference<String> status = new AtomicReference<>();

    public ActionContext(EngineSettings settings, Progress progress, String label) {
        this.settings = settings;
        this.progress = progress;
        this.label = label;
    }

    @Override
    public void status(String message) {
        status.set(message);
    }

    @Override
    public void notice(String message) {
        progress.line(message);
    }

    /** The provider's latest status, or null. */
    public String lastStatus() {
        return status.get();
    }

    @Override
    public Duration timeout(String what, Duration defaultTimeout) {
        return settings.timeouts().getOrDefault(what, defaultTimeout);
    }

    @Override
    public Duration pollInterval() {
        return settings.pollInterval();
    }

    @Override
    public boolean sandbox() {
        return settings.sandbox();
    }

    public String label() {
        return label;
    }
}
