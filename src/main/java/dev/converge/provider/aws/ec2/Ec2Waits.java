package dev.converge.provider.aws.ec2;

import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.Wait;
import dev.converge.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.core.waiters.WaiterResponse;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.waiters.Ec2Waiter;

import java.time.Duration;
import java.util.function.Function;

/**
 * Runs the SDK's EC2 waiters with the engine's poll interval and timeout instead of the waiters'
 * defaults (15 s delay, 40 attempts), and turns a waiter giving up into a clear, final error.
 */
final class Ec2Waits {

    private Ec2Waits() {
    }

    /**
     * Waits with {@code waiterCall}; {@code what} names the wait in status and errors
     * ("instance i-123 to be running"), {@code wait} is the type's declared wait it times out by.
     */
    static <T> T await(Ec2Client ec2, ProviderContext ctx, String what, Wait wait,
                       Function<Ec2Waiter, WaiterResponse<T>> waiterCall) {
        Duration timeout = ctx.timeout(wait);
        Duration poll = ctx.pollInterval();
        ctx.status("waiting for " + what);
        WaiterOverrideConfiguration config = WaiterOverrideConfiguration.builder()
                .waitTimeout(timeout)
                // The timeout bounds the wait; attempts are only a backstop against a zero poll interval.
                .maxAttempts((int) Math.min(Integer.MAX_VALUE, timeout.toMillis() / Math.max(1, poll.toMillis()) + 2))
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(poll))
                .build();
        try (Ec2Waiter waiter = Ec2Waiter.builder().client(ec2).overrideConfiguration(config).build()) {
            WaiterResponse<T> response = waiterCall.apply(waiter);
            return response.matched().response().orElseThrow(() -> new ProviderException("WaiterFailed",
                    "waiting for " + what + " ended without an answer", false));
        } catch (AwsServiceException e) {
            throw AwsErrors.translate(e);
        } catch (SdkClientException e) {
            // A waiter reports both "gave up" and "reached a failure state" as a client exception.
            // Neither gets better by running the same wait again, so the error is final.
            throw new ProviderException("WaiterFailed", "gave up waiting for " + what + " after at most " + timeout
                    + ": " + e.getMessage(), false, e);
        }
    }
}
