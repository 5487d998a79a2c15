package dev.converge.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.converge.apply.ApplyResult;
import dev.converge.plan.Plan;
import dev.converge.stack.Stack;
import dev.converge.testing.AwsEngine;
import dev.converge.testing.MotoServer;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a no-change plan of {@code stacks/elb-https.yaml} waits on the network when each AWS call
 * takes as long as it does from Seoul: the stack's region is ap-northeast-2, next door, but Route
 * 53's API is served from us-east-1, a Pacific crossing away. The stack is applied to a fresh moto
 * server; then the engine plans it through a WireMock proxy in front of moto that holds every Route
 * 53 request for {@code ROUTE53_MS} (default 180) and every other one for {@code REGIONAL_MS}
 * (default 10) before answering, three times, and prints each plan's wall time, its time without
 * the proxy, and the last plan's calls on a time line, so the chain of calls that waited on each
 * other can be read off it. Not a test: run it with {@code bin/bench plan-latency [ROUTE53_MS
 * [REGIONAL_MS]]} (see docs/benchmarks.md). The delays are per request: connection set-up (TCP and
 * TLS, a few more round trips on a cold connection) is not modelled.
 */
public final class PlanLatencyBenchmark {

    private static final Pattern QUERY_ACTION = Pattern.compile("(?:^|&)Action=([A-Za-z]+)");

    public static void main(String[] args) throws Exception {
        long route53 = args.length > 0 ? Long.parseLong(args[0]) : 180;
        long regional = args.length > 1 ? Long.parseLong(args[1]) : 10;
        Path stackFile = Path.of("stacks/elb-https.yaml").toAbsolutePath();
        Path dir = Files.createTempDirectory("converge-latency");
        Path state = dir.resolve("state.json");
        WireMockServer proxy = new WireMockServer(WireMockConfiguration.options().dynamicPort().containerThreads(32));
        try (MotoServer moto = MotoServer.startLikeSandbox()) {
            try (AwsEngine direct = new AwsEngine(moto.endpoint(), "ap-northeast-2", state)) {
                Stack stack = direct.load(stackFile, Map.of());
                ApplyResult applied = direct.apply(stack, false);
                if (!applied.succeeded()) throw new IllegalStateException("apply failed: " + applied.failures());
            }
            proxy.start();
            String target = moto.endpoint().toString();
            proxy.stubFor(WireMock.any(WireMock.urlPathMatching("/2013-04-01/.*")).atPriority(1)
                    .willReturn(WireMock.aResponse().proxiedFrom(target).withFixedDelay((int) route53)));
            proxy.stubFor(WireMock.any(WireMock.anyUrl()).atPriority(10)
                    .willReturn(WireMock.aResponse().proxiedFrom(target).withFixedDelay((int) regional)));
            System.out.printf("plan-latency: no-change plan of elb-https, Route 53 %d ms per call, other services %d ms%n",
                    route53, regional);
            for (int run = 1; run <= 3; run++) {
                long withoutLatency;
                try (AwsEngine direct = new AwsEngine(moto.endpoint(), "ap-northeast-2", state)) {
                    withoutLatency = timedPlan(direct, stackFile);
                }
                proxy.resetRequests();
                long start = System.currentTimeMillis();
                long withLatency;
                long reads;
                try (AwsEngine viaProxy = new AwsEngine(URI.create(proxy.baseUrl()), "ap-northeast-2", state)) {
                    withLatency = timedPlan(viaProxy, stackFile);
                    reads = viaProxy.session.calls().reads();
                }
                System.out.printf("  run %d: %5d ms (%d ms without the delays), %d reads%n", run, withLatency, withoutLatency, reads);
                if (run == 3) timeline(proxy.getAllServeEvents(), start);
            }
        } finally {
            proxy.stop();
        }
    }

    private static long timedPlan(AwsEngine engine, Path stackFile) {
        long t0 = System.nanoTime();
        Stack stack = engine.load(stackFile, Map.of());
        Plan plan = engine.plan(stack, false);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        if (plan.hasChanges()) throw new IllegalStateException("an applied stack must plan no changes");
        return ms;
    }

    /** Each call from when the proxy received it to when it answered, in milliseconds from the plan's start. */
    private static void timeline(List<ServeEvent> events, long start) {
        List<ServeEvent> sorted = new ArrayList<>(events);
        sorted.sort(Comparator.comparing(e -> e.getRequest().getLoggedDate()));
        System.out.println("  the last plan's calls (start-end ms from the plan's start):");
        for (ServeEvent e : sorted) {
            LoggedRequest r = e.getRequest();
            long from = r.getLoggedDate().getTime() - start;
            long to = from + e.getTiming().getTotalTime();
            LoggedResponse response = e.getResponse();
            System.out.printf("    %5d-%-5d %s (HTTP %d)%n", from, to, operation(r), response.getStatus());
        }
    }

    /** The operation a request asks for, by the protocol its service speaks. */
    private static String operation(LoggedRequest r) {
        String target = r.getHeader("X-Amz-Target");
        if (target != null && !target.isEmpty()) return target;
        Matcher m = QUERY_ACTION.matcher(r.getBodyAsString());
        if (m.find()) return m.group(1);
        return "Route 53 " + r.getMethod() + " " + r.getUrl().replaceAll("\\?.*", "");
    }
}
