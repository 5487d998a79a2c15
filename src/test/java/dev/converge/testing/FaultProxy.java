package dev.converge.testing;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WireMock in front of moto: every request is proxied to moto unless a fault is armed for it. This
 * is how tests put back the behaviour of real AWS that moto does not reproduce (throttling, a
 * dependency still draining, a certificate not yet visible, idempotent retries), on the same SDK
 * code path Converge uses against AWS.
 */
public final class FaultProxy implements AutoCloseable {

    private static final AtomicInteger SCENARIOS = new AtomicInteger();
    private final WireMockServer server;
    /** AWS's RunInstances idempotency, and simulated crashes. */
    public final AwsBehaviour aws = new AwsBehaviour();
    /** AWS's draining of deregistered targets and its refusal to deregister terminated instances. */
    public final TargetDeregistration targets = new TargetDeregistration();

    public FaultProxy(URI target) {
        server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1").extensions(aws, targets));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(100).willReturn(aResponse().proxiedFrom(target.toString())));
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    /**
     * The next {@code times} requests whose body contains {@code Action=<action>} (the EC2 and ELB
     * query protocols) get {@code response}; later ones reach moto.
     */
    public void failQueryAction(String action, int times, ResponseDefinitionBuilder response) {
        arm(() -> any(anyUrl()).withRequestBody(containing("Action=" + action + "&")), times, response);
    }

    /** The same, only for requests of {@code action} whose body also contains {@code bodyPart} (a resource id, say). */
    public void failQueryAction(String action, String bodyPart, int times, ResponseDefinitionBuilder response) {
        arm(() -> any(anyUrl()).withRequestBody(containing("Action=" + action + "&")).withRequestBody(containing(bodyPart)),
                times, response);
    }

    /** The same for JSON protocols (ACM, SSM, tagging), selected by the X-Amz-Target header. */
    public void failJsonTarget(String target, int times, ResponseDefinitionBuilder response) {
        arm(() -> any(anyUrl()).withHeader("X-Amz-Target", containing(target)), times, response);
    }

    /** Every query-protocol request for {@code action} gets {@code response}, for ever. */
    public void answerQueryAction(String action, ResponseDefinitionBuilder response) {
        server.stubFor(any(anyUrl()).atPriority(1).withRequestBody(containing("Action=" + action + "&")).willReturn(response));
    }

    private void arm(java.util.function.Supplier<MappingBuilder> match, int times, ResponseDefinitionBuilder response) {
        // A chain of scenario states: state i answers the fault and moves to i+1; the last state
        // matches nothing, so the proxy stub answers from then on.
        String scenario = "fault-" + SCENARIOS.incrementAndGet();
        for (int i = 0; i < times; i++) {
            String from = i == 0 ? Scenario.STARTED : "fault-" + i;
            server.stubFor(match.get().atPriority(1).inScenario(scenario).whenScenarioStateIs(from)
                    .willSetStateTo("fault-" + (i + 1)).willReturn(response));
        }
    }

    /** An AWS query-protocol error body (EC2 style) with the given HTTP status. */
    public static ResponseDefinitionBuilder ec2Error(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Errors><Error><Code>" + code + "</Code><Message>"
                        + message + "</Message></Error></Errors><RequestID>fault-proxy</RequestID></Response>");
    }

    /** An AWS query-protocol error body (ELBv2 style: ErrorResponse). */
    public static ResponseDefinitionBuilder queryError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "text/xml").withBody(
                "<ErrorResponse><Error><Type>Sender</Type><Code>" + code + "</Code><Message>" + message
                        + "</Message></Error><RequestId>fault-proxy</RequestId></ErrorResponse>");
    }

    /** An AWS JSON-protocol error (ACM style). */
    public static ResponseDefinitionBuilder jsonError(int status, String code, String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody("{\"__type\":\"" + code + "\",\"message\":\"" + message + "\"}");
    }

    /** Requests seen whose body contains {@code Action=<action>}. */
    public List<LoggedRequest> requests(String action) {
        return server.findAll(anyRequestedFor(anyUrl()).withRequestBody(containing("Action=" + action + "&")));
    }

    /** The query-protocol actions received so far, oldest first, as "Action" or "Action [body part]" for those that contain one of {@code marks}. */
    public List<String> actions(String... marks) {
        List<String> out = new java.util.ArrayList<>();
        List<com.github.tomakehurst.wiremock.stubbing.ServeEvent> events = new java.util.ArrayList<>(server.getAllServeEvents());
        java.util.Collections.reverse(events); // WireMock lists the newest first
        for (com.github.tomakehurst.wiremock.stubbing.ServeEvent e : events) {
            String body = e.getRequest().getBodyAsString();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:^|&)Action=([A-Za-z]+)").matcher(body);
            if (!m.find()) continue;
            String entry = m.group(1);
            for (String mark : marks) if (body.contains(mark)) entry += " [" + mark + "]";
            out.add(entry);
        }
        return out;
    }

    public List<LoggedRequest> jsonRequests(String target) {
        return server.findAll(anyRequestedFor(anyUrl()).withHeader("X-Amz-Target", containing(target)));
    }

    @Override
    public void close() {
        server.stop();
    }
}
