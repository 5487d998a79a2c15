package dev.converge.aws;

import dev.converge.secrets.SensitiveStrings;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts AWS API calls (reads and writes, by operation name) and, with {@code --debug}, logs each
 * one with its duration, HTTP attempts and when it started (from the counter's creation, which is
 * the session's): calls whose spans overlap ran side by side, and a call that starts when another
 * ends waited for it, so the chain a command waited on can be read off the log. Only operation
 * names, times and status codes are logged: never request bodies, headers or credentials.
 */
public final class ApiCallCounter implements ExecutionInterceptor {

    private static final ExecutionAttributesKey START = new ExecutionAttributesKey();
    private final AtomicLong reads = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final PrintStream debugLog;
    private final long origin = System.nanoTime();

    public ApiCallCounter(PrintStream debugLog) {
        this.debugLog = debugLog;
    }

    public long reads() {
        return reads.get();
    }

    public long writes() {
        return writes.get();
    }

    /** True for operations that only read: Describe*, List*, Get*. */
    public static boolean isRead(String operation) {
        return operation.startsWith("Describe") || operation.startsWith("List") || operation.startsWith("Get");
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attrs) {
        attrs.putAttribute(START.key, System.nanoTime());
        attrs.putAttribute(START.attemptsKey, 0);
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attrs) {
        Integer n = attrs.getAttribute(START.attemptsKey);
        attrs.putAttribute(START.attemptsKey, n == null ? 1 : n + 1);
        attempts.incrementAndGet();
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attrs) {
        record(attrs, "HTTP " + context.httpResponse().statusCode());
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attrs) {
        String outcome = context.exception().getClass().getSimpleName();
        if (context.exception() instanceof software.amazon.awssdk.awscore.exception.AwsServiceException e
                && e.awsErrorDetails() != null) {
            outcome = e.awsErrorDetails().errorCode() + " (HTTP " + e.statusCode() + ")";
        }
        record(attrs, "failed: " + outcome);
    }

    private void record(ExecutionAttributes attrs, String outcome) {
        String op = attrs.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String service = attrs.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        if (op == null) return;
        (isRead(op) ? reads : writes).incrementAndGet();
        if (debugLog != null) {
            Long start = attrs.getAttribute(START.key);
            Integer tries = attrs.getAttribute(START.attemptsKey);
            long ms = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
            long startedAt = start == null ? 0 : (start - origin) / 1_000_000;
            int retries = tries == null ? 0 : Math.max(0, tries - 1);
            debugLog.print(SensitiveStrings.scrub(String.format("debug: aws %s.%s %dms retries=%d %s, started +%dms%n",
                    service, op, ms, retries, outcome, startedAt)));
        }
    }

    private static final class ExecutionAttributesKey {
        final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Long> key =
                new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("converge.start");
        final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Integer> attemptsKey =
                new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("converge.attempts");
    }
}
