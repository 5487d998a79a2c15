package dev.converge.testing;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.converge.aws.ApiCallCounter;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * WireMock extensions that make the proxy behave like AWS where moto does not, or like a process
 * that dies mid-apply:
 * <ul>
 * <li>RunInstances idempotency: AWS answers a repeated ClientToken with the instances the first
 * call launched; moto launches new ones. The first answer per token is recorded and replayed.</li>
 * <li>CreateLoadBalancer idempotency: AWS answers a repeated create of the same name and settings
 * with the existing load balancer, and refuses different settings; moto creates a second one.</li>
 * <li>DNS validation: AWS keeps a certificate PENDING_VALIDATION until its validation CNAME
 * resolves; moto issues it after MOTO_ACM_VALIDATION_WAIT seconds regardless. With
 * {@link #requireValidationRecords} on, an ISSUED answer is turned back into PENDING_VALIDATION
 * while any validation record is missing from the hosted zone the domain falls in.</li>
 * <li>Tag values on ELBv2: AWS refuses a value with anything but letters, digits, spaces and
 * {@code _ . : / = + - @} (so a {@code converge:id} of {@code web[0]}); moto takes any.</li>
 * <li>A crash: the N-th mutating call reaches moto, which carries it out, but its answer never
 * reaches Converge, and nothing after it does either, as when the process is killed while the
 * call is in flight: the process is really killed then, before the answer leaves.
 * {@link #restart()} lets calls through again (the rerun).</li>
 * </ul>
 */
public final class AwsBehaviour implements StubRequestFilterV2, ResponseTransformerV2 {

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    private final Map<String, String> instancesByToken = new ConcurrentHashMap<>();
    /** Load balancer name → the create request's body and moto's answer to it. */
    private final Map<String, String[]> loadBalancersByName = new ConcurrentHashMap<>();
    private final AtomicInteger mutations = new AtomicInteger();
    private volatile int crashAt = Integer.MAX_VALUE;
    private volatile DnsLookup dns;

    /** Answers whether a DNS record exists in the account's public hosted zones. */
    public interface DnsLookup {
        boolean exists(String name, String type);
    }

    /** Certificates are only ISSUED once their validation records exist, as in AWS (null: moto's way). */
    public void requireValidationRecords(DnsLookup lookup) {
        this.dns = lookup;
    }
    private volatile boolean dead;
    private volatile Runnable kill;
    private final java.util.concurrent.atomic.AtomicBoolean killed = new java.util.concurrent.atomic.AtomicBoolean();

    @Override
    public String getName() {
        return "aws-behaviour";
    }

    /** Forgets what AWS would remember (tokens, names), for a fresh account after moto's reset. */
    public void forgetAccount() {
        instancesByToken.clear();
        loadBalancersByName.clear();
    }

    /**
     * The {@code n}-th mutating call from now on (1-based) is the last one that reaches moto;
     * {@code kill} runs once that call has been carried out, before its answer is sent: kill the
     * process that made it, and it never learns the outcome.
     */
    public void crashAtMutation(int n, Runnable kill) {
        mutations.set(0);
        this.kill = kill;
        killed.set(false);
        crashAt = n;
        dead = false;
    }

    /** Whether the armed crash happened. */
    public boolean crashed() {
        return dead;
    }

    /** Everything reaches moto again, as for a new process. */
    public void restart() {
        crashAt = Integer.MAX_VALUE;
        dead = false;
    }

    /** Mutating calls seen since the last {@link #crashAtMutation}. */
    public int mutations() {
        return mutations.get();
    }

    /** ELBv2's rule for a tag value (CreateLoadBalancer, CreateTargetGroup, CreateListener, AddTags). */
    private static final java.util.regex.Pattern ELBV2_TAG_VALUE = java.util.regex.Pattern.compile("^([\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*)$");

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        if (dead) return RequestFilterAction.stopWith(lostAnswer().build());
        String badTag = invalidElbv2TagValue(request);
        if (badTag != null) {
            return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                    .withHeader("Content-Type", "text/xml").withBody("<ErrorResponse><Error><Type>Sender</Type><Code>ValidationError</Code>"
                            + "<Message>1 validation error detected: Value '" + badTag + "' at 'tags.member.value' failed to satisfy "
                            + "constraint: Member must satisfy regular expression pattern: " + ELBV2_TAG_VALUE.pattern() + "</Message>"
                            + "</Error><RequestId>aws-behaviour</RequestId></ErrorResponse>").build());
        }
        String token = runInstancesToken(request);
        if (token != null && instancesByToken.containsKey(token)) {
            return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(instancesByToken.get(token)).build());
        }
        String lbName = param(request, "CreateLoadBalancer", "Name");
        if (lbName != null && loadBalancersByName.containsKey(lbName)) {
            String[] first = loadBalancersByName.get(lbName);
            if (first[0].equals(request.getBodyAsString())) {
                return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                        .withHeader("Content-Type", "text/xml;charset=UTF-8").withBody(first[1]).build());
            }
            return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                    .withHeader("Content-Type", "text/xml").withBody("<ErrorResponse><Error><Type>Sender</Type><Code>DuplicateLoadBalancerName</Code>"
                            + "<Message>A load balancer with the same name '" + lbName + "' exists, but with different settings</Message>"
                            + "</Error><RequestId>aws-behaviour</RequestId></ErrorResponse>").build());
        }
        if (isMutation(request) && mutations.incrementAndGet() == crashAt) dead = true;
        return RequestFilterAction.continueWith(request);
    }

    @Override
    public Response transform(Response response, ServeEvent serveEvent) {
        Request request = serveEvent.getRequest();
        String token = runInstancesToken(request);
        if (token != null && response.getStatus() == 200) instancesByToken.putIfAbsent(token, response.getBodyAsString());
        String lbName = param(request, "CreateLoadBalancer", "Name");
        if (lbName != null && response.getStatus() == 200) {
            loadBalancersByName.putIfAbsent(lbName, new String[]{request.getBodyAsString(), response.getBodyAsString()});
        }
        if (dns != null && response.getStatus() == 200 && "CertificateManager.DescribeCertificate".equals(request.getHeader("X-Amz-Target"))) {
            response = pendingUntilValidated(response);
        }
        // The crashing call itself went through (filter ran first) but its answer is lost.
        if (dead) {
            if (killed.compareAndSet(false, true)) kill.run();
            return Response.Builder.like(response).but().status(400).body("process killed (simulated)").build();
        }
        return response;
    }

    private Response pendingUntilValidated(Response response) {
        try {
            com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                    JSON.readTree(response.getBodyAsString());
            com.fasterxml.jackson.databind.node.ObjectNode cert = (com.fasterxml.jackson.databind.node.ObjectNode) body.path("Certificate");
            if (!"ISSUED".equals(cert.path("Status").asText())) return response;
            boolean validated = true;
            for (com.fasterxml.jackson.databind.JsonNode option : cert.path("DomainValidationOptions")) {
                com.fasterxml.jackson.databind.JsonNode record = option.path("ResourceRecord");
                if (!dns.exists(record.path("Name").asText(), record.path("Type").asText())) {
                    validated = false;
                    ((com.fasterxml.jackson.databind.node.ObjectNode) option).put("ValidationStatus", "PENDING_VALIDATION");
                }
            }
            if (validated) return response;
            cert.put("Status", "PENDING_VALIDATION");
            cert.remove("IssuedAt");
            return Response.Builder.like(response).but().body(JSON.writeValueAsString(body)).build();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static ResponseDefinitionBuilder lostAnswer() {
        // A client error the SDK does not retry and Converge does not retry: the run stops here.
        return ResponseDefinitionBuilder.responseDefinition().withStatus(400).withBody("process killed (simulated)");
    }

    private static boolean isMutation(Request request) {
        String operation = operation(request);
        if (operation != null) return !ApiCallCounter.isRead(operation);
        return !request.getMethod().getName().equals("GET"); // Route 53's REST API
    }

    /** The API operation of a query-protocol (Action=) or JSON-protocol (X-Amz-Target) request. */
    private static String operation(Request request) {
        String target = request.getHeader("X-Amz-Target");
        if (target != null && !target.isEmpty()) return target.substring(target.lastIndexOf('.') + 1);
        String body = request.getBodyAsString();
        if (body == null) return null;
        for (String pair : body.split("&")) {
            if (pair.startsWith("Action=")) return pair.substring(7);
        }
        return null;
    }

    /** The first tag value of an ELBv2 request that AWS would refuse, or null. */
    private static String invalidElbv2TagValue(Request request) {
        String body = request.getBodyAsString();
        if (body == null || !body.contains("Version=2015-12-01")) return null;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0 || !pair.substring(0, eq).matches("Tags\\.member\\.\\d+\\.Value")) continue;
            String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            if (!ELBV2_TAG_VALUE.matcher(value).matches()) return value;
        }
        return null;
    }

    private static String runInstancesToken(Request request) {
        return param(request, "RunInstances", "ClientToken");
    }

    /** A parameter of a query-protocol request for {@code action}, or null. */
    private static String param(Request request, String action, String name) {
        String body = request.getBodyAsString();
        if (body == null || !body.startsWith("Action=" + action + "&")) return null;
        for (String pair : body.split("&")) {
            if (pair.startsWith(name + "=")) return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
        }
        return null;
    }
}
