package dev.converge.provider.aws.elbv2;

import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.CreateTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Matcher;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ModifyTargetGroupRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A target group's health check, as the schema object {@code healthCheck}. Defaults are AWS's for
 * HTTP and HTTPS target groups; the protocol and the timeout have none here because AWS derives
 * them from the group's protocol (unset, they are AWS's to choose and never show as changes).
 */
final class HealthCheck {

    static final ObjectType TYPE = ObjectType.of("Health check of the targets",
            Property.builder("protocol", StringType.oneOf("HTTP", "HTTPS"))
                    .description("Protocol of the health check; AWS uses the group's protocol when unset.").build(),
            Property.builder("path", StringType.matching("^/.*")).defaultValue("/")
                    .description("Path requested by the health check.").build(),
            Property.builder("port", StringType.matching("^(traffic-port|[0-9]{1,5})$")).defaultValue("traffic-port")
                    .description("Port of the health check: traffic-port (each target's own port) or a number.").build(),
            Property.builder("intervalSeconds", NumberType.range(5, 300)).defaultValue(30L)
                    .description("Seconds between health checks of one target.").build(),
            Property.builder("timeoutSeconds", NumberType.range(2, 120))
                    .description("Seconds without a response that fail a check; must be less than the interval.").build(),
            Property.builder("healthyThreshold", NumberType.range(2, 10)).defaultValue(5L)
                    .description("Consecutive successes that make an unhealthy target healthy.").build(),
            Property.builder("unhealthyThreshold", NumberType.range(2, 10)).defaultValue(2L)
                    .description("Consecutive failures that make a target unhealthy.").build(),
            Property.builder("matcher", StringType.matching("^[0-9]{3}(-[0-9]{3})?(,[0-9]{3}(-[0-9]{3})?)*$"))
                    .defaultValue("200")
                    .description("HTTP codes that mean healthy: 200, 200-299 or 200,302.").build());

    private HealthCheck() {
    }

    /** The value of {@code healthCheck} when the stack leaves it out: AWS's defaults. */
    static Map<String, Object> defaults() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Property p : TYPE.properties()) if (p.defaultValue() != null) out.put(p.name(), p.defaultValue());
        return out;
    }

    static Map<String, Object> fromAws(TargetGroup tg) {
        Map<String, Object> out = new LinkedHashMap<>();
        putIfSet(out, "protocol", tg.healthCheckProtocolAsString());
        putIfSet(out, "path", tg.healthCheckPath());
        putIfSet(out, "port", tg.healthCheckPort());
        putIfSet(out, "intervalSeconds", tg.healthCheckIntervalSeconds());
        putIfSet(out, "timeoutSeconds", tg.healthCheckTimeoutSeconds());
        putIfSet(out, "healthyThreshold", tg.healthyThresholdCount());
        putIfSet(out, "unhealthyThreshold", tg.unhealthyThresholdCount());
        if (tg.matcher() != null) putIfSet(out, "matcher", tg.matcher().httpCode());
        return out;
    }

    private static void putIfSet(Map<String, Object> out, String key, Object value) {
        if (value instanceof Integer i) value = i.longValue();
        if (value != null) out.put(key, value);
    }

    static void apply(CreateTargetGroupRequest.Builder b, Map<String, Object> hc) {
        if (hc == null) return;
        b.healthCheckProtocol(str(hc, "protocol")).healthCheckPath(str(hc, "path")).healthCheckPort(str(hc, "port"))
                .healthCheckIntervalSeconds(num(hc, "intervalSeconds")).healthCheckTimeoutSeconds(num(hc, "timeoutSeconds"))
                .healthyThresholdCount(num(hc, "healthyThreshold")).unhealthyThresholdCount(num(hc, "unhealthyThreshold"))
                .matcher(matcher(hc));
    }

    static void apply(ModifyTargetGroupRequest.Builder b, Map<String, Object> hc) {
        if (hc == null) return;
        b.healthCheckProtocol(str(hc, "protocol")).healthCheckPath(str(hc, "path")).healthCheckPort(str(hc, "port"))
                .healthCheckIntervalSeconds(num(hc, "intervalSeconds")).healthCheckTimeoutSeconds(num(hc, "timeoutSeconds"))
                .healthyThresholdCount(num(hc, "healthyThreshold")).unhealthyThresholdCount(num(hc, "unhealthyThreshold"))
                .matcher(matcher(hc));
    }

    private static Matcher matcher(Map<String, Object> hc) {
        String code = str(hc, "matcher");
        return code == null ? null : Matcher.builder().httpCode(code).build();
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }

    private static Integer num(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : ((Number) v).intValue();
    }
}
