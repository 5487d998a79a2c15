package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Every load balancer and target group of the region, with the tags of all of them, read once per
 * refresh for the three ELBv2 types ({@link ProviderContext#shared}). ELBv2 describes return no tags,
 * and DescribeTags takes any 20 ARNs of any kind: reading the tags of both kinds together takes one
 * call where the types' own reads took one each (and the listener read a second one for the load
 * balancers). Listeners are not in it: which ones to list depends on these tags (the listeners of
 * the load balancers the stack owns or knows), so their tags are a second call of the listener read.
 * Outside a refresh every read makes its own listing.
 *
 * @param tags by ARN; a resource deleted between the listing and DescribeTags has none
 */
record Elbv2Listing(List<LoadBalancer> loadBalancers, List<TargetGroup> targetGroups, Map<String, Map<String, String>> tags) {

    /** DescribeLoadBalancers and DescribeTargetGroups return up to 400 per page. */
    private static final int PAGE_SIZE = 400;

    static Elbv2Listing of(ElasticLoadBalancingV2Client elb, ProviderContext ctx) {
        return ctx.shared("elbv2 load balancers and target groups with their tags", () -> read(elb));
    }

    private static Elbv2Listing read(ElasticLoadBalancingV2Client elb) {
        // The two listings need nothing of each other: side by side, the refresh waits for the
        // longer of them, not for both one after the other (each is a round trip to AWS).
        Supplier<List<TargetGroup>> groupListing = PerResource.beside(() -> AwsErrors.call(() -> {
            List<TargetGroup> out = new ArrayList<>();
            elb.describeTargetGroupsPaginator(r -> r.pageSize(PAGE_SIZE)).targetGroups().forEach(out::add);
            return out;
        }));
        List<LoadBalancer> balancers = AwsErrors.call(() -> {
            List<LoadBalancer> out = new ArrayList<>();
            elb.describeLoadBalancersPaginator(r -> r.pageSize(PAGE_SIZE)).loadBalancers().forEach(out::add);
            return out;
        });
        List<TargetGroup> groups = groupListing.get();
        List<String> arns = Stream.concat(balancers.stream().map(LoadBalancer::loadBalancerArn),
                groups.stream().map(TargetGroup::targetGroupArn)).toList();
        return new Elbv2Listing(balancers, groups, Elbv2Tags.describe(elb, arns));
    }
}
