package dev.converge.provider.aws.elbv2;

import dev.converge.desired.Defaults;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class ListenerActionsTest {

    private static final String TG = "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:targetgroup/web/abc";

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withDefaults(Map<String, Object> action) {
        return (Map<String, Object>) Defaults.apply(ListenerActions.TYPE, action);
    }

    @Test
    void redirectRoundTripsWithAwsDefaults() {
        Map<String, Object> action = withDefaults(Map.of("redirect", Map.of("protocol", "HTTPS", "port", "443", "statusCode", "HTTP_301")));
        Action sdk = ListenerActions.toSdk(action);
        assertEquals("#{host}", sdk.redirectConfig().host());
        assertEquals("/#{path}", sdk.redirectConfig().path());
        assertEquals("#{query}", sdk.redirectConfig().query());
        assertEquals(action, ListenerActions.fromSdk(List.of(sdk)));
    }

    @Test
    void singleForwardReadsAsTargetGroupArnWhateverFormAwsReturns() {
        Action aws = Action.builder().type("forward").targetGroupArn(TG).order(1)
                .forwardConfig(ForwardActionConfig.builder().targetGroups(TargetGroupTuple.builder().targetGroupArn(TG).weight(1).build()).build())
                .build();
        assertEquals(Map.of("forward", Map.of("targetGroupArn", TG)), ListenerActions.fromSdk(List.of(aws)));
        assertEquals(TG, ListenerActions.toSdk(Map.of("forward", Map.of("targetGroupArn", TG))).targetGroupArn());
    }

    @Test
    void weightedForwardKeepsWeights() {
        Map<String, Object> action = withDefaults(Map.of("forward", Map.of("targetGroups",
                List.of(Map.of("arn", TG + "1", "weight", 3L), Map.of("arn", TG + "2")))));
        Action sdk = ListenerActions.toSdk(action);
        assertEquals(List.of(3, 1), sdk.forwardConfig().targetGroups().stream().map(TargetGroupTuple::weight).toList());
        assertEquals(action, ListenerActions.fromSdk(List.of(sdk)));
    }

    @Test
    void fixedResponseLeavesOutWhatIsUnset() {
        Map<String, Object> action = withDefaults(Map.of("fixedResponse", Map.of("statusCode", "503")));
        assertEquals(action, ListenerActions.fromSdk(List.of(ListenerActions.toSdk(action))));
    }

    @Test
    void unmanagedActionsAreLeftOut() {
        assertNull(ListenerActions.fromSdk(List.of(Action.builder().type("authenticate-oidc").order(1).build())));
        assertNull(ListenerActions.fromSdk(List.of()));
    }

    @Test
    void certificateGoesWithHttpsOnly() {
        assertEquals(List.of("an HTTPS listener needs certificateArn (the ACM certificate it serves)"),
                ListenerResource.problems(Map.of("protocol", "HTTPS", "port", 443L)));
        assertEquals(2, ListenerResource.problems(Map.of("protocol", "HTTP", "certificateArn", "arn:c", "sslPolicy", "ELBSecurityPolicy-x")).size());
        assertEquals(List.of(), ListenerResource.problems(Map.of("protocol", "HTTPS", "certificateArn", "arn:c")));
        assertEquals(List.of(), ListenerResource.problems(Map.of("protocol", "HTTP")));
    }

    @Test
    void listenerArnNamesItsLoadBalancer() {
        assertEquals(Optional.of("arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:loadbalancer/app/web/50dc6c495c0c9188"),
                ListenerResource.loadBalancerArnOf(
                        "arn:aws:elasticloadbalancing:ap-northeast-2:123456789012:listener/app/web/50dc6c495c0c9188/f2f7dc8efc522ab2"));
        assertEquals(Optional.empty(), ListenerResource.loadBalancerArnOf("i-0abc"));
    }
}
