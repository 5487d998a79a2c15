package dev.converge.e2e;

import dev.converge.aws.AwsSession;
import dev.converge.aws.AwsSettings;
import software.amazon.awssdk.services.ec2.model.Filter;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What the elb-https stack (default variables) consists of, counted with plain SDK describe calls
 * straight to moto, independently of Converge's own reads: after a crash or an interrupt and a
 * rerun, everything must exist exactly once.
 */
final class ElbHttpsInventory implements AutoCloseable {

    private final AwsSession session;

    ElbHttpsInventory(URI moto) {
        this.session = new AwsSession(AwsSettings.defaults("ap-northeast-2").withEndpoint(moto, true));
    }

    void assertExactlyOnce(String when) {
        String where = " " + when;
        var ec2 = session.ec2();
        Filter owned = Filter.builder().name("tag:converge:stack").values("elb-https").build();
        long instances = ec2.describeInstancesPaginator(r -> r.filters(owned,
                        Filter.builder().name("instance-state-name").values("pending", "running", "stopping", "stopped").build()))
                .reservations().stream().mapToLong(r -> r.instances().size()).sum();
        assertEquals(2, instances, "instances" + where);
        assertEquals(2, ec2.describeSecurityGroups(r -> r.filters(owned)).securityGroups().size(), "security groups" + where);
        var elb = session.elbv2();
        assertEquals(1, elb.describeLoadBalancers(r -> { }).loadBalancers().size(), "load balancers" + where);
        assertEquals(1, elb.describeTargetGroups(r -> { }).targetGroups().size(), "target groups" + where);
        String lbArn = elb.describeLoadBalancers(r -> { }).loadBalancers().get(0).loadBalancerArn();
        assertEquals(2, elb.describeListeners(r -> r.loadBalancerArn(lbArn)).listeners().size(), "listeners" + where);
        assertEquals(1, session.acm().listCertificates(r -> { }).certificateSummaryList().size(), "certificates" + where);
        assertEquals(1, session.route53().listHostedZones().hostedZones().size(), "hosted zones" + where);
    }

    @Override
    public void close() {
        session.close();
    }
}
