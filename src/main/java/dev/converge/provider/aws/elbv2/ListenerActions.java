package dev.converge.provider.aws.elbv2;

import dev.converge.schema.ListType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.FixedResponseActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ForwardActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RedirectActionConfig;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupTuple;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A listener's default action as the schema object {@code defaultAction}: exactly one of forward,
 * redirect and fixedResponse. Converts both ways with ELBv2's {@link Action}, in the shape AWS
 * reads back, so that an unchanged stack compares equal.
 */
final class ListenerActions {

    private static final ObjectType WEIGHTED_GROUP = ObjectType.of("A target group and its share of the requests",
            Property.builder("arn", StringType.ANY).required().description("ARN of the target group.").build(),
            Property.builder("weight", NumberType.range(0, 999)).defaultValue(1L)
                    .description("Relative share of requests (0 to 999).").build());

    static final ObjectType FORWARD = ObjectType.of("Send requests to target groups",
            Property.builder("targetGroupArn", StringType.ANY)
                    .description("The one target group that receives every request.").build(),
            Property.builder("targetGroups", new ListType(WEIGHTED_GROUP, true, 2, 5))
                    .description("Two to five target groups sharing requests by weight.").build())
            .exactlyOneOf("targetGroupArn", "targetGroups");

    static final ObjectType REDIRECT = ObjectType.of("Answer with a redirect; #{protocol}, #{host}, #{port}, #{path} "
                    + "and #{query} keep the part of the request URL",
            Property.builder("protocol", StringType.matching("^(HTTP|HTTPS|#\\{protocol\\})$")).defaultValue("#{protocol}")
                    .description("HTTP, HTTPS or #{protocol} (keep the request's).").build(),
            Property.builder("port", StringType.matching("^([0-9]{1,5}|#\\{port\\})$")).defaultValue("#{port}")
                    .description("Port as a string (\"443\") or #{port}.").build(),
            Property.builder("host", StringType.ANY).defaultValue("#{host}").description("Host name, or #{host}.").build(),
            Property.builder("path", StringType.matching("^/.*")).defaultValue("/#{path}")
                    .description("Absolute path, or /#{path}.").build(),
            Property.builder("query", StringType.ANY).defaultValue("#{query}")
                    .description("Query string without the leading ?, or #{query}.").build(),
            Property.builder("statusCode", StringType.oneOf("HTTP_301", "HTTP_302")).required()
                    .description("HTTP_301 (permanent) or HTTP_302 (temporary).").build());

    static final ObjectType FIXED_RESPONSE = ObjectType.of("Answer with a fixed response",
            Property.builder("statusCode", StringType.matching("^[245][0-9]{2}$")).required()
                    .description("HTTP status code: 2XX, 4XX or 5XX.").build(),
            Property.builder("contentType", StringType.oneOf("text/plain", "text/css", "text/html",
                    "application/javascript", "application/json")).description("Content type of the body.").build(),
            Property.builder("messageBody", StringType.ANY).description("The body, up to 1024 characters.").build());

    static final ObjectType TYPE = ObjectType.of("What the listener does with a request",
            Property.builder("forward", FORWARD).description("Forward to one target group or several by weight.").build(),
            Property.builder("redirect", REDIRECT).description("Redirect to another URL.").build(),
            Property.builder("fixedResponse", FIXED_RESPONSE).description("Answer with a fixed response.").build())
            .exactlyOneOf("forward", "redirect", "fixedResponse");

    private ListenerActions() {
    }

    /** The ELBv2 action for a {@code defaultAction} value (defaults applied). */
    @SuppressWarnings("unchecked")
    static Action toSdk(Map<String, Object> action) {
        if (action.get("forward") instanceof Map<?, ?> f) {
            Map<String, Object> forward = (Map<String, Object>) f;
            if (forward.get("targetGroupArn") != null) {
                return Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn((String) forward.get("targetGroupArn")).build();
            }
            List<TargetGroupTuple> groups = new ArrayList<>();
            for (Object o : (List<Object>) forward.get("targetGroups")) {
                Map<String, Object> g = (Map<String, Object>) o;
                Object weight = g.get("weight") == null ? 1L : g.get("weight");
                groups.add(TargetGroupTuple.builder().targetGroupArn((String) g.get("arn")).weight(((Number) weight).intValue()).build());
            }
            return Action.builder().type(ActionTypeEnum.FORWARD)
                    .forwardConfig(ForwardActionConfig.builder().targetGroups(groups).build()).build();
        }
        if (action.get("redirect") instanceof Map<?, ?> r) {
            Map<String, Object> redirect = (Map<String, Object>) r;
            return Action.builder().type(ActionTypeEnum.REDIRECT).redirectConfig(RedirectActionConfig.builder()
                    .protocol(str(redirect, "protocol")).port(str(redirect, "port")).host(str(redirect, "host"))
                    .path(str(redirect, "path")).query(str(redirect, "query")).statusCode(str(redirect, "statusCode"))
                    .build()).build();
        }
        if (action.get("fixedResponse") instanceof Map<?, ?> x) {
            Map<String, Object> fixed = (Map<String, Object>) x;
            return Action.builder().type(ActionTypeEnum.FIXED_RESPONSE).fixedResponseConfig(FixedResponseActionConfig.builder()
                    .statusCode(str(fixed, "statusCode")).contentType(str(fixed, "contentType"))
                    .messageBody(str(fixed, "messageBody")).build()).build();
        }
        throw new IllegalArgumentException("defaultAction needs exactly one of forward, redirect, fixedResponse");
    }

    /**
     * The {@code defaultAction} value of what AWS returns: the last action (the one that answers;
     * authentication actions before it are not managed here). A forward to one group reads as
     * {@code targetGroupArn}, as AWS returns both forms for it.
     */
    static Map<String, Object> fromSdk(List<Action> actions) {
        if (actions == null || actions.isEmpty()) return null;
        List<Action> ordered = new ArrayList<>(actions);
        ordered.sort(Comparator.comparing(a -> a.order() == null ? Integer.MAX_VALUE : a.order()));
        Action a = ordered.get(ordered.size() - 1);
        Map<String, Object> out = new LinkedHashMap<>();
        switch (a.typeAsString()) {
            case "forward" -> out.put("forward", forward(a));
            case "redirect" -> {
                RedirectActionConfig r = a.redirectConfig();
                Map<String, Object> m = new LinkedHashMap<>();
                putIfSet(m, "protocol", r.protocol());
                putIfSet(m, "port", r.port());
                putIfSet(m, "host", r.host());
                putIfSet(m, "path", r.path());
                putIfSet(m, "query", r.query());
                putIfSet(m, "statusCode", r.statusCodeAsString());
                out.put("redirect", m);
            }
            case "fixed-response" -> {
                FixedResponseActionConfig f = a.fixedResponseConfig();
                Map<String, Object> m = new LinkedHashMap<>();
                putIfSet(m, "statusCode", f.statusCode());
                putIfSet(m, "contentType", f.contentType());
                putIfSet(m, "messageBody", f.messageBody());
                out.put("fixedResponse", m);
            }
            default -> {
                return null; // an action Converge does not manage: compared with the last applied value
            }
        }
        return out;
    }

    private static Map<String, Object> forward(Action a) {
        Map<String, Object> m = new LinkedHashMap<>();
        List<TargetGroupTuple> groups = a.forwardConfig() == null ? List.of() : a.forwardConfig().targetGroups();
        if (groups.size() > 1) {
            List<Object> list = new ArrayList<>();
            for (TargetGroupTuple t : groups) {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("arn", t.targetGroupArn());
                g.put("weight", t.weight() == null ? 1L : t.weight().longValue());
                list.add(g);
            }
            m.put("targetGroups", list);
        } else {
            m.put("targetGroupArn", a.targetGroupArn() != null ? a.targetGroupArn() : groups.get(0).targetGroupArn());
        }
        return m;
    }

    private static void putIfSet(Map<String, Object> m, String key, String value) {
        if (value != null) m.put(key, value);
    }

    private static String str(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : String.valueOf(v);
    }
}
