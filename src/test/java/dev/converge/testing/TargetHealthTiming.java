package dev.converge.testing;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Target health as AWS reports it, where moto reports every registered target healthy at once:
 * <ul>
 * <li>until a listener forwards to a target group, its targets are {@code unused}
 * (Target.NotInUse): AWS does not health-check them;</li>
 * <li>once one does, they go through the given phases, each for a number of DescribeTargetHealth
 * answers (e.g. {@code initial} with Elb.InitialHealthChecking twice, then {@code unhealthy} with
 * Target.ResponseCodeMismatch while the app is still starting), and only then answer as moto
 * does (healthy).</li>
 * </ul>
 * Counting answers instead of seconds keeps the tests fast and deterministic; the order of states is AWS's.
 */
public final class TargetHealthTiming implements ResponseTransformerV2 {

    /** One state a target stays in for {@code answers} DescribeTargetHealth answers; {@code answers} < 0: for ever. */
    public record Phase(String state, String reason, String description, int answers) {
        public static Phase initial(int answers) {
            return new Phase("initial", "Elb.InitialHealthChecking", "Initial health checks in progress", answers);
        }

        public static Phase responseCodeMismatch(int answers) {
            return new Phase("unhealthy", "Target.ResponseCodeMismatch", "Health checks failed with these codes: [502]", answers);
        }

        public static Phase failing() {
            return new Phase("unhealthy", "Target.FailedHealthChecks", "Health checks failed", -1);
        }
    }

    private static final Pattern HEALTH = Pattern.compile("<TargetHealth>.*?</TargetHealth>", Pattern.DOTALL);
    private final Set<String> inUse = ConcurrentHashMap.newKeySet();
    /** Target group ARN → DescribeTargetHealth answers given since a listener first forwarded to it. */
    private final Map<String, AtomicInteger> answers = new ConcurrentHashMap<>();
    private volatile List<Phase> phases = List.of();

    /** The phases targets go through once their group is in use; none: healthy at once, as moto. */
    public void phases(Phase... next) {
        phases = List.of(next);
        answers.clear();
    }

    @Override
    public String getName() {
        return "target-health-timing";
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        if (response.getStatus() != 200) return response;
        Request request = serveEvent.getRequest();
        Map<String, List<String>> params = params(request.getBodyAsString());
        String action = params.getOrDefault("Action", List.of("")).get(0);
        if (action.equals("CreateListener") || action.equals("ModifyListener")) {
            params.forEach((name, values) -> {
                if (name.endsWith("TargetGroupArn")) inUse.addAll(values);
            });
        }
        if (!action.equals("DescribeTargetHealth")) return response;
        String group = params.getOrDefault("TargetGroupArn", List.of("")).get(0);
        String health;
        if (!inUse.contains(group)) {
            health = health("unused", "Target.NotInUse", "Target group is not configured to receive traffic from the load balancer");
        } else {
            Phase phase = phase(answers.computeIfAbsent(group, g -> new AtomicInteger()).getAndIncrement());
            if (phase == null) return response;
            health = health(phase.state(), phase.reason(), phase.description());
        }
        // Only targets moto calls healthy: those leaving (draining) or unknown keep moto's answer.
        Matcher m = HEALTH.matcher(response.getBodyAsString());
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(m.group().contains(">healthy<") ? health : m.group()));
        m.appendTail(out);
        // The rewritten body is longer than moto's: its Content-Length must not go with it.
        List<HttpHeader> headers = response.getHeaders().all().stream()
                .filter(h -> !h.keyEquals("Content-Length") && !h.keyEquals("Transfer-Encoding")).toList();
        return Response.Builder.like(response).but().headers(new HttpHeaders(headers)).body(out.toString()).build();
    }

    private Phase phase(int answer) {
        int seen = 0;
        for (Phase p : phases) {
            if (p.answers() < 0 || answer < seen + p.answers()) return p;
            seen += p.answers();
        }
        return null;
    }

    private static String health(String state, String reason, String description) {
        return "<TargetHealth><State>" + state + "</State><Reason>" + reason + "</Reason><Description>" + description
                + "</Description></TargetHealth>";
    }

    private static Map<String, List<String>> params(String body) {
        Map<String, List<String>> out = new java.util.HashMap<>();
        if (body == null) return out;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            out.computeIfAbsent(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
