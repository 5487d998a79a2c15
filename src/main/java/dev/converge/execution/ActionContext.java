package dev.converge.execution;

import dev.converge.provider.ProviderContext;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The provider context of one action (or one refresh read): its last status feeds the progress
 * lines. A context made {@link #echoing} prints each new status at once instead, for waits that no
 * progress ticker reports (the readiness wait after apply).
 */
public final class ActionContext implements ProviderContext {

    private final EngineSettings settings;
    private final Progress progress;
    private final String label;
    private final boolean echo;
    private final AtomicReference<String> status = new AtomicReference<>();

    public ActionContext(EngineSettings settings, Progress progress, String label) {
        this(settings, progress, label, false);
    }

    private ActionContext(EngineSettings settings, Progress progress, String label, boolean echo) {
        this.settings = settings;
        this.progress = progress;
        this.label = label;
        this.echo = echo;
    }

    /** A context that prints "label: status" whenever the status changes. */
    public static ActionContext echoing(EngineSettings settings, Progress progress, String label) {
        return new ActionContext(settings, progress, label, true);
    }

    @Override
    public void status(String message) {
        String before = status.getAndSet(message);
        if (echo && !Objects.equals(before, message)) progress.line(label + ": " + message);
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
