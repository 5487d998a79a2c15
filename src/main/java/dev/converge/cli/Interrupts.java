package dev.converge.cli;

import dev.converge.engine.StopSignal;
import sun.misc.Signal;
import sun.misc.SignalHandler;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C (SIGINT) and SIGTERM (a CI runner cancelling a job) while a command holds the stack's lock.
 *
 * <p>While changes are being applied, the first signal asks the apply to stop: nothing new starts,
 * the actions in flight finish and are recorded, and the command reports what is left. Killing the
 * process there instead would abandon calls whose outcome is then unknown until the next run sorts
 * them out. A second signal, or one outside the apply (while refreshing or asking for approval,
 * when nothing is being changed), stops at once, releasing the lock first so that the next run does
 * not find a lock left behind.
 *
 * <p>The JDK offers no supported way to handle a signal without shutting down; shutdown hooks
 * cannot let an apply finish its in-flight work and then report. {@code sun.misc.Signal} (module
 * jdk.unsupported, present in every JDK this runs on) can. Where a signal cannot be handled (an
 * unusual platform), the JVM's default applies: the process ends, and the write-ahead state lets the
 * next apply continue as after a crash.
 */
final class Interrupts implements StopSignal, AutoCloseable {

    private static final List<String> SIGNALS = List.of("INT", "TERM");

    private final PrintWriter out;
    private final Runnable releaseLock;
    private final AtomicInteger received = new AtomicInteger();
    private final List<Runnable> restore = new ArrayList<>();
    private volatile boolean applying;

    private Interrupts(PrintWriter out, Runnable releaseLock) {
        this.out = out;
        this.releaseLock = releaseLock;
    }

    /** Handles INT and TERM until closed; {@code releaseLock} runs before an immediate stop. */
    static Interrupts install(PrintWriter out, Runnable releaseLock) {
        Interrupts interrupts = new Interrupts(out, releaseLock);
        for (String name : SIGNALS) {
            try {
                Signal signal = new Signal(name);
                SignalHandler previous = Signal.handle(signal, s -> interrupts.received(s.getName()));
                interrupts.restore.add(() -> Signal.handle(signal, previous));
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // Not available here: the default behaviour stays.
            }
        }
        return interrupts;
    }

    /** While the engine is changing anything, the first signal stops the apply gracefully instead of the process. */
    @Override
    public void changing(boolean value) {
        applying = value;
    }

    /** True once a signal asked the apply to stop. */
    @Override
    public boolean requested() {
        return received.get() > 0;
    }

    private void received(String signal) {
        int n = received.incrementAndGet();
        if (applying && n == 1) {
            say("\nInterrupt received (SIG" + signal + "): starting nothing new; the actions in flight finish and are recorded. "
                    + "Press Ctrl-C again to stop at once.");
            return;
        }
        say("\nStopping now (SIG" + signal + ")." + (applying
                ? " Actions that were in flight are finished or adopted by the next apply." : ""));
        try {
            releaseLock.run();
        } catch (RuntimeException e) {
            say("could not release the stack's lock (" + e.getMessage() + "); `converge state unlock` breaks it");
        }
        Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }

    @Override
    public void close() {
        restore.forEach(Runnable::run);
    }
}
