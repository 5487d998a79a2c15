package dev.converge.apply;

import dev.converge.execution.ActionContext;
import dev.converge.execution.Progress;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Prints "alb: still creating… [40s elapsed]" for long actions, at most once per interval each,
 * with the provider's latest status ("waiting for validation: CNAME ...") when it has one.
 */
final class ProgressTicker implements AutoCloseable {

    private final Progress progress;
    private final Duration every;
    private final ScheduledExecutorService timer;
    private final Map<Handle, Boolean> running = new ConcurrentHashMap<>();

    ProgressTicker(Progress progress, Duration every) {
        this.progress = progress;
        this.every = every;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "converge-progress");
            t.setDaemon(true);
            return t;
        });
        long ms = Math.max(100, Math.min(1000, every.toMillis()));
        timer.scheduleAtFixedRate(this::tick, ms, ms, TimeUnit.MILLISECONDS);
    }

    Handle start(String label, String verb, ActionContext ctx) {
        Handle h = new Handle(label, verb, ctx, System.nanoTime());
        running.put(h, Boolean.TRUE);
        return h;
    }

    private void tick() {
        long now = System.nanoTime();
        for (Handle h : running.keySet()) {
            long elapsed = now - h.started;
            if (elapsed - h.lastReported >= every.toNanos()) {
                h.lastReported = elapsed - elapsed % every.toNanos();
                String status = h.ctx.lastStatus();
                progress.line(h.label + ": still " + h.verb + "… [" + Duration.ofNanos(elapsed).toSeconds() + "s elapsed]"
                        + (status == null ? "" : " " + status));
            }
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    final class Handle implements AutoCloseable {
        final String label;
        final String verb;
        final ActionContext ctx;
        final long started;
        volatile long lastReported;

        Handle(String label, String verb, ActionContext ctx, long started) {
            this.label = label;
            this.verb = verb;
            this.ctx = ctx;
            this.started = started;
        }

        @Override
        public void close() {
            running.remove(this);
        }
    }
}
