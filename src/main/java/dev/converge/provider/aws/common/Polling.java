package dev.converge.provider.aws.common;

import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.Polling.Look;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way an AWS type waits for something: look, and until the look says done, report what it
 * waits for (a progress line), sleep, look again. The first sleep is the context's poll interval and
 * each one after is half as long again, up to {@link #MAX_BACKOFF} poll intervals (5 s → 30 s against
 * AWS): quick things are seen quickly, and a 45-minute certificate wait does not poll every 5 s. The
 * deadline is the declared {@link Wait}'s timeout ({@code --timeout NAME=DURATION}), and the last look
 * happens at the deadline, not a sleep past it.
 *
 * <p>Errors: a look that reports a state the wait can never leave (an instance terminated while it
 * was to start, a load balancer whose provisioning failed), and a deadline reached, are both
 * {@value #CODE} (a look may instead throw an error of its own domain, such as ACM refusing a
 * certificate, and any AWS error of its call ends the wait as it is) unless the wait says what its timeout means ({@link #until(ProviderContext, Wait,
 * String, Supplier, String, Function)}: certificates and target health have documented codes). They
 * are never retryable: the deadline is the user's ({@code --timeout}), and the applier retrying the
 * action would wait that long again without being asked to. What was started is not lost: a create
 * that times out is recorded from its pending create and proof, and the next apply resumes the wait.
 * SDK waiters are not used: their failures arrive as bare client exceptions and their schedule is
 * their own.
 */
public final class Polling {

    /** The code of a wait that ended without reaching its state. */
    public static final String CODE = "WaitFailed";
    /** The longest sleep between two looks, in poll intervals. */
    static final int MAX_BACKOFF = 6;

    private Polling() {
    }

    /** What one look found: done (with a result), still waiting (and for what), or never going to be. */
    public sealed interface Look<T> {
        record Done<T>(T value) implements Look<T> {
        }

        /** {@code status} is the progress line, e.g. "waiting for instance i-1 to be running (pending)". */
        record Pending<T>(String status) implements Look<T> {
        }

        record Failed<T>(String why) implements Look<T> {
        }

        static <T> Look<T> done(T value) {
            return new Done<>(value);
        }

        static <T> Look<T> pending(String status) {
            return new Pending<>(status);
        }

        static <T> Look<T> failed(String why) {
            return new Failed<>(why);
        }
    }

    /**
     * Looks until done, for at most {@code wait}'s timeout; {@code what} names it in errors ("instance
     * i-1 to be running").
     */
    public static <T> T until(ProviderContext ctx, Wait wait, String what, Supplier<Look<T>> look) {
        return until(ctx, wait, what, look, CODE, lastStatus -> "gave up waiting for " + what + " after "
                + Wait.format(ctx.timeout(wait)) + " (" + lastStatus + "); give it longer with --timeout " + wait.name()
                + "=DURATION");
    }

    /**
     * As {@link #until(ProviderContext, Wait, String, Supplier)}, with the timeout error's code and
     * message (made from the last progress line) chosen by the wait, for waits whose failure the
     * user reads as an answer ("the targets did not pass their health checks: ...").
     */
    public static <T> T until(ProviderContext ctx, Wait wait, String what, Supplier<Look<T>> look,
                              String timeoutCode, Function<String, String> timeoutMessage) {
        return until(ctx, deadline(ctx, wait), what, look, timeoutCode, timeoutMessage);
    }

    /** When a wait that starts now must end: its declared timeout, or {@code --timeout NAME=DURATION}. */
    public static Instant deadline(ProviderContext ctx, Wait wait) {
        return Instant.now().plus(ctx.timeout(wait));
    }

    /**
     * As above, to a deadline computed by {@link #deadline} earlier: for one declared wait spent on
     * several phases (new targets to pass health checks, then the removed ones to drain).
     */
    public static <T> T until(ProviderContext ctx, Instant deadline, String what, Supplier<Look<T>> look,
                              String timeoutCode, Function<String, String> timeoutMessage) {
        Duration poll = ctx.pollInterval();
        Duration maxDelay = poll.multipliedBy(MAX_BACKOFF);
        Duration delay = poll;
        // Said before the first look, so that even a wait that ends at once shows what it was for.
        ctx.status("waiting for " + what);
        while (true) {
            Look<T> seen = look.get();
            if (seen instanceof Look.Done<T> done) return done.value();
            if (seen instanceof Look.Failed<T> failed) {
                throw new ProviderException(CODE, "stopped waiting for " + what + ": " + failed.why(), false);
            }
            String status = ((Look.Pending<T>) seen).status();
            Duration left = Duration.between(Instant.now(), deadline);
            if (left.isNegative() || left.isZero()) {
                throw new ProviderException(timeoutCode, timeoutMessage.apply(status), false);
            }
            ctx.status(status);
            ctx.pause(delay.compareTo(left) < 0 ? delay : left);
            delay = min(delay.plus(delay.dividedBy(2)), maxDelay);
        }
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
