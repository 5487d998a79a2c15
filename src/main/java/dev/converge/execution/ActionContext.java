package dev.converge.execution;

import dev.converge.provider.ProviderContext;
import dev.converge.provider.SharedReads;

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
    private final SharedReads reads;

    public ActionContext(EngineSettings settings, Progress progress, String label) {
        this(settings, progress, label, false, null);
    }

    /** The context of one type's read in a refresh: {@code reads} is shared by every read of that refresh. */
    public ActionContext(EngineSettings settings, Progress progress, String label, SharedReads reads) {
        this(settings, progress, label, false, reads);
    }

    private ActionContext(EngineSettings settings, Progress progress, String label, boolean echo, SharedReads reads) {
        this.settings = settings;
        this.progress = progress;
        this.label = label;
        this.echo = echo;
        this.reads = reads;
    }

    /** A context that prints "label: status" whenever the status changes. */
    public static ActionContext echoing(EngineSettings settings, Progress progress, String label) {
        return new ActionContext(settings, progress, label, true, null);
    }

    @Override
    public void status(String message) {
        String before = status.getAndSet(message);
        if (echo && !Objects.equals(before, message)) progress.line(label + ": " + message);
    }

    @Override
    public <T> T shared(String question, java.util.function.Supplier<T> read) {
        return reads == null ? read.get() : reads.get(question, read);
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
