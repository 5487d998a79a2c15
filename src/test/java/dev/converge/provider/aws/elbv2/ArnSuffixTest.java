package dev.converge.provider.aws.elbv2;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The ends of ELBv2 ARNs that CloudWatch's LoadBalancer and TargetGroup dimensions take. */
class ArnSuffixTest {

    @Test
    void loadBalancerSuffixIsAppNameId() {
        assertEquals("app/web-service/50dc6c495c0c9188", LoadBalancerResource.arnSuffix(
                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web-service/50dc6c495c0c9188"));
    }

    @Test
    void targetGroupSuffixKeepsTheTargetgroupPrefix() {
        assertEquals("targetgroup/web/73e2d6bc24d8a067", TargetGroupResource.arnSuffix(
                "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/web/73e2d6bc24d8a067"));
    }
}
