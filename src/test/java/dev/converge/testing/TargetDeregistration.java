package dev.converge.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WireMock extension that makes target groups leave targets as AWS does, which moto does not:
 * <ul>
 * <li>With {@link #drainAsAws()}: a deregistered target stays {@code draining} (reason
 * Target.DeregistrationInProgress) for the group's deregistration delay
 * ({@code deregistration_delay.timeout_seconds}, 300 s unless set), still finishing the requests in
 * flight; moto drops it at once. Off by default, so that tests which script the health answers
 * themselves are not overruled.</li>
 * <li>DeregisterTargets naming an instance that was terminated fails with {@code InvalidTarget}.</li>
 * </ul>
 * It also keeps watch for the mistake this behaviour punishes: an instance terminated while a target
 * group still routes to it (registered, or draining), listed by {@link #terminatedWhileRouted()}.
 * Only calls that pass the proxy are seen, which in a test is every call.
 */
public final class TargetDeregistration implements StubRequestFilterV2, ResponseTransformerV2 {

    private static final Duration DEFAULT_DELAY = Duration.ofSeconds(300);
    private static final Pattern MEMBER_ID = Pattern.compile("Targets\\.member\\.(\\d+)\\.Id");

    /** Target group ARN → registered target ids. */
    private final Map<String, Set<String>> registered = new ConcurrentHashMap<>();
    /** Target group ARN → target id → the end of its draining. */
    private final Map<String, Map<String, Instant>> draining = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();
    private final Set<String> terminated = ConcurrentHashMap.newKeySet();
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private volatile boolean drain;

    @Override
    public String getName() {
        return "target-deregistration";
    }

    /** Deregistered targets drain for their group's deregistration delay, as on AWS. */
    public void drainAsAws() {
        drain = true;
    }

    /** "i-0abc terminated while arn:...:targetgroup/web/1 routes to it (draining)", one per instance terminated too early. */
    public List<String> terminatedWhileRouted() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        Map<String, String> p = params(request);
        String action = p.get("Action");
        if (action == null) return RequestFilterAction.continueWith(request);
        switch (action) {
            case "DeregisterTargets" -> {
                List<String> gone = targetIds(p).stream().filter(terminated::contains).toList();
                if (!gone.isEmpty()) {
                    return RequestFilterAction.stopWith(error("InvalidTarget", "The following targets are not valid instances "
                            + "(they do not exist or are not running): " + String.join(", ", gone)).build());
                }
            }
            case "TerminateInstances" -> {
                for (String id : indexed(p, "InstanceId.")) watchTermination(id);
            }
            case "DescribeTargetHealth" -> {
                List<String> named = targetIds(p);
                Map<String, Instant> leaving = stillDraining(p.get("TargetGroupArn"));
                if (!named.isEmpty() && leaving.keySet().containsAll(named)) {
                    return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                            .withHeader("Content-Type", "text/xml").withBody(healthResponse(members(named))).build());
                }
            }
            default -> { }
        }
        return RequestFilterAction.continueWith(request);
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        if (response.getStatus() != 200) return response;
        Map<String, String> p = params(serveEvent.getRequest());
        String action = p.get("Action");
        if (action == null) return response;
        String arn = p.get("TargetGroupArn");
        switch (action) {
            case "RegisterTargets" -> {
                List<String> ids = targetIds(p);
                registered.computeIfAbsent(arn, k -> ConcurrentHashMap.newKeySet()).addAll(ids);
                ids.forEach(draining.computeIfAbsent(arn, k -> new ConcurrentHashMap<>())::remove);
            }
            case "DeregisterTargets" -> {
                Instant until = Instant.now().plus(delays.getOrDefault(arn, DEFAULT_DELAY));
                for (String id : targetIds(p)) {
                    registered.getOrDefault(arn, Set.of()).remove(id);
                    if (drain) draining.computeIfAbsent(arn, k -> new ConcurrentHashMap<>()).put(id, until);
                }
            }
            case "ModifyTargetGroupAttributes" -> {
                for (int i = 1; p.containsKey("Attributes.member." + i + ".Key"); i++) {
                    if (p.get("Attributes.member." + i + ".Key").equals("deregistration_delay.timeout_seconds")) {
                        delays.put(arn, Duration.ofSeconds(Long.parseLong(p.get("Attributes.member." + i + ".Value"))));
                    }
                }
            }
            case "TerminateInstances" -> terminated.addAll(indexed(p, "InstanceId."));
            case "DescribeTargetHealth" -> {
                // The whole group: moto has forgotten the draining targets, AWS still lists them.
                Map<String, Instant> leaving = stillDraining(arn);
                if (targetIds(p).isEmpty() && !leaving.isEmpty()) return withMembers(response, members(leaving.keySet()));
            }
            default -> { }
        }
        return response;
    }

    private void watchTermination(String id) {
        Instant now = Instant.now();
        registered.forEach((arn, ids) -> {
            if (ids.contains(id)) violations.add(id + " terminated while " + arn + " routes to it (registered)");
        });
        draining.forEach((arn, ids) -> {
            Instant until = ids.get(id);
            if (until != null && now.isBefore(until)) violations.add(id + " terminated while " + arn + " routes to it (draining)");
        });
    }

    private Map<String, Instant> stillDraining(String arn) {
        Map<String, Instant> out = new LinkedHashMap<>();
        if (arn == null) return out;
        Instant now = Instant.now();
        draining.getOrDefault(arn, Map.of()).forEach((id, until) -> {
            if (now.isBefore(until)) out.put(id, until);
        });
        return out;
    }

    private static Response withMembers(Response response, String members) {
        String body = response.getBodyAsString();
        String withThem = body.contains("<TargetHealthDescriptions/>")
                ? body.replace("<TargetHealthDescriptions/>", "<TargetHealthDescriptions>" + members + "</TargetHealthDescriptions>")
                : body.replace("</TargetHealthDescriptions>", members + "</TargetHealthDescriptions>");
        return Response.Builder.like(response).but().body(withThem).build();
    }

    /** Draining members of a DescribeTargetHealth answer, as AWS words them; instances on port 80. */
    private static String members(Iterable<String> ids) {
        StringBuilder sb = new StringBuilder();
        for (String id : ids) {
            sb.append("<member><Target><Id>").append(id).append("</Id><Port>80</Port></Target><HealthCheckPort>80</HealthCheckPort>")
                    .append("<TargetHealth><State>draining</State><Reason>Target.DeregistrationInProgress</Reason>")
                    .append("<Description>Target deregistration is in progress</Description></TargetHealth></member>");
        }
        return sb.toString();
    }

    private static String healthResponse(String members) {
        return "<DescribeTargetHealthResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\">"
                + "<DescribeTargetHealthResult><TargetHealthDescriptions>" + members + "</TargetHealthDescriptions>"
                + "</DescribeTargetHealthResult><ResponseMetadata><RequestId>target-deregistration</RequestId></ResponseMetadata>"
                + "</DescribeTargetHealthResponse>";
    }

    private static ResponseDefinitionBuilder error(String code, String message) {
        return ResponseDefinitionBuilder.responseDefinition().withStatus(400).withHeader("Content-Type", "text/xml")
                .withBody("<ErrorResponse xmlns=\"http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/\"><Error>"
                        + "<Type>Sender</Type><Code>" + code + "</Code><Message>" + message + "</Message></Error>"
                        + "<RequestId>target-deregistration</RequestId></ErrorResponse>");
    }

    private static List<String> targetIds(Map<String, String> p) {
        List<String> out = new ArrayList<>();
        for (String key : p.keySet()) {
            Matcher m = MEMBER_ID.matcher(key);
            if (m.matches()) out.add(p.get(key));
        }
        return out;
    }

    private static List<String> indexed(Map<String, String> p, String prefix) {
        List<String> out = new ArrayList<>();
        for (int i = 1; p.containsKey(prefix + i); i++) out.add(p.get(prefix + i));
        return out;
    }

    /** The parameters of a query-protocol (EC2, ELB) request; empty for the others. */
    private static Map<String, String> params(Request request) {
        Map<String, String> out = new LinkedHashMap<>();
        String body = request.getBodyAsString();
        if (body == null || !body.startsWith("Action=") && !body.contains("&Action=")) return out;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
