package dev.converge.provider.aws.elbv2;

import dev.converge.provider.ProviderContext;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.provider.aws.common.Polling;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerStateEnum;

import java.util.Optional;

/** Waits for a load balancer to become active, or to be gone, through {@link Polling}. */
final class LoadBalancerWaits {

    private static final NotFound NOT_FOUND = NotFound.codes("LoadBalancerNotFound");

    private LoadBalancerWaits() {
    }

    /** Until it is active; its provisioning failing ends the wait at once, with AWS's reason. */
    static void awaitActive(ElasticLoadBalancingV2Client elb, ProviderContext ctx, String arn, String name) {
        String what = "load balancer " + name + " to become active";
        Polling.until(ctx, AwsWaits.LOAD_BALANCER, what, () -> {
            // Not found yet is eventual consistency right after the create, as for AWS's own waiter.
            Optional<LoadBalancer> lb = describe(elb, arn);
            LoadBalancerStateEnum state = lb.map(l -> l.state().code()).orElse(null);
            if (state == LoadBalancerStateEnum.ACTIVE) return Look.done(arn);
            if (state == LoadBalancerStateEnum.FAILED) return Look.failed("its provisioning failed: " + lb.get().state().reason());
            return Look.pending("waiting for " + what + " (" + (state == null ? "not visible yet" : state) + ")");
        });
    }

    /** Until DescribeLoadBalancers no longer knows it. */
    static void awaitDeleted(ElasticLoadBalancingV2Client elb, ProviderContext ctx, String arn, String name) {
        String what = "load balancer " + name + " to be deleted";
        Polling.until(ctx, AwsWaits.LOAD_BALANCER, what, () -> describe(elb, arn)
                .<Look<String>>map(lb -> Look.pending("waiting for " + what + " (" + lb.state().code() + ")"))
                .orElse(Look.done(arn)));
    }

    private static Optional<LoadBalancer> describe(ElasticLoadBalancingV2Client elb, String arn) {
        return NOT_FOUND.first(() -> elb.describeLoadBalancers(r -> r.loadBalancerArns(arn)).loadBalancers());
    }
}
