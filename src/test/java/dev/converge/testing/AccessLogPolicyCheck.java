package dev.converge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * AWS's check when a load balancer's access logs are enabled, which moto does not make:
 * ModifyLoadBalancerAttributes with {@code access_logs.s3.enabled=true} fails with
 * {@code InvalidConfigurationRequest} "Access Denied for bucket: B. Please check S3bucket
 * permission" unless the bucket's policy lets the region's Elastic Load Balancing principal
 * {@code s3:PutObject} to {@code arn:aws:s3:::B/PREFIX/AWSLogs/ACCOUNT/*}. The bucket's policy is
 * read from moto itself, so what the test checks is what Converge really wrote.
 */
public final class AccessLogPolicyCheck implements StubRequestFilterV2 {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client moto;
    private final Map<String, Object> principal;
    private final String account;

    /**
     * @param moto      a client of the moto behind the proxy, to read bucket policies
     * @param principal the region's log delivery principal as a policy writes it ({@code AWS -> arn:aws:iam::ID:root})
     */
    public AccessLogPolicyCheck(S3Client moto, Map<String, Object> principal, String account) {
        this.moto = moto;
        this.principal = principal;
        this.account = account;
    }

    @Override
    public String getName() {
        return "access-log-policy-check";
    }

    @Override
    public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
        Map<String, String> form = form(request.getBodyAsString());
        if (!"ModifyLoadBalancerAttributes".equals(form.get("Action"))) return RequestFilterAction.continueWith(request);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; form.containsKey("Attributes.member." + i + ".Key"); i++) {
            attributes.put(form.get("Attributes.member." + i + ".Key"), form.getOrDefault("Attributes.member." + i + ".Value", ""));
        }
        if (!"true".equals(attributes.get("access_logs.s3.enabled"))) return RequestFilterAction.continueWith(request);
        String bucket = attributes.getOrDefault("access_logs.s3.bucket", "");
        String prefix = attributes.getOrDefault("access_logs.s3.prefix", "");
        String object = "arn:aws:s3:::" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/") + "AWSLogs/" + account + "/x.log.gz";
        if (allows(bucket, object)) return RequestFilterAction.continueWith(request);
        return RequestFilterAction.stopWith(ResponseDefinitionBuilder.responseDefinition().withStatus(400)
                .withHeader("Content-Type", "text/xml").withBody("<ErrorResponse><Error><Type>Sender</Type>"
                        + "<Code>InvalidConfigurationRequest</Code><Message>Access Denied for bucket: " + bucket
                        + ". Please check S3bucket permission</Message></Error><RequestId>access-log-check</RequestId></ErrorResponse>")
                .build());
    }

    /** True if an Allow statement of the bucket's policy grants the principal s3:PutObject on {@code object}. */
    private boolean allows(String bucket, String object) {
        String policy;
        try {
            policy = moto.getBucketPolicy(r -> r.bucket(bucket)).policy();
        } catch (S3Exception e) {
            return false;
        }
        try {
            JsonNode doc = JSON.readTree(policy);
            JsonNode statements = doc.path("Statement").isArray() ? doc.path("Statement") : JSON.createArrayNode().add(doc.path("Statement"));
            for (JsonNode s : statements) {
                if (!"Allow".equals(s.path("Effect").asText())) continue;
                if (!matchesAny(strings(s.path("Action")), "s3:PutObject")) continue;
                if (!matchesAny(strings(s.path("Resource")), object)) continue;
                for (Map.Entry<String, Object> p : principal.entrySet()) {
                    if (strings(s.path("Principal").path(p.getKey())).contains(String.valueOf(p.getValue()))) return true;
                }
            }
            return false;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    private static List<String> strings(JsonNode node) {
        List<String> out = new ArrayList<>();
        if (node.isArray()) node.forEach(n -> out.add(n.asText()));
        else if (!node.isMissingNode()) out.add(node.asText());
        return out;
    }

    /** IAM's wildcards: * any run of characters, ? one. */
    private static boolean matchesAny(List<String> patterns, String value) {
        for (String p : patterns) {
            String regex = Pattern.quote(p).replace("*", "\\E.*\\Q").replace("?", "\\E.\\Q");
            if (value.matches(regex)) return true;
        }
        return false;
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null) return out;
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq < 0) continue;
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }
}
