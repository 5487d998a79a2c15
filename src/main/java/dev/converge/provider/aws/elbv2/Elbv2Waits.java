package dev.converge.provider.aws.elbv2;

import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.Wait;
import dev.converge.aws.AwsErrors;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.retries.api.BackoffStrategy;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.waiters.ElasticLoadBalancingV2Waiter;

import java.time.Duration;
import java.util.function.BiFunction;

/**
 * Runs the SDK's ELBv2 waiters with the engine's poll interval and timeout instead of their long
 * built-in delays (15 s between polls, 40 attempts), and turns a timeout into a clear error.
 */
final class Elbv2Waits {

    private Elbv2Waits() {
    }

    /**
     * Waits with {@code waiter}, for at most the timeout of {@code wait}; {@code description} names
     * the wait for the user ("load balancer web to become active").
     */
    static void await(ElasticLoadBalancingV2Client elb, ProviderContext ctx, Wait wait, String description,
                      BiFunction<ElasticLoadBalancingV2Waiter, WaiterOverrideConfiguration, ?> waiter) {
        Duration timeout = ctx.timeout(wait);
        WaiterOverrideConfiguration config = WaiterOverrideConfiguration.builder()
                .backoffStrategyV2(BackoffStrategy.fixedDelayWithoutJitter(ctx.pollInterval()))
                .maxAttempts(Integer.MAX_VALUE)
                .waitTimeout(timeout)
                .build();
        ctx.status("waiting for " + description);
        try (ElasticLoadBalancingV2Waiter w = ElasticLoadBalancingV2Waiter.builder().client(elb).build()) {
            waiter.apply(w, config);
        } catch (AwsServiceException e) {
            throw AwsErrors.translate(e);
        } catch (SdkClientException e) {
            // Waiters report a timeout or a failure state as a client exception.
            throw new ProviderException("WaitFailed", "gave up waiting for " + description + " after " + timeout.toSeconds()
                    + "s: " + e.getMessage(), true, e);
        }
    }
}
