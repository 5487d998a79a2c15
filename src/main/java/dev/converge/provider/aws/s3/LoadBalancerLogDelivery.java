package dev.converge.provider.aws.s3;

import dev.converge.provider.aws.common.PolicyDocuments;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The bucket policy statement that lets Elastic Load Balancing write a load balancer's access logs
 * to {@code BUCKET/PREFIX/AWSLogs/ACCOUNT/}. AWS checks it when access logs are enabled (and refuses
 * with {@code InvalidConfigurationRequest} "Access Denied for bucket" without it), so a stack writes
 * {@code loadBalancerLogs: { prefix: alb }} on its bucket instead of looking up account ids.
 *
 * <p>Who delivers the logs depends on the region. AWS's documentation, "Enable access logs for your
 * Application Load Balancer", step 2 "Attach a policy to your S3 bucket"
 * (https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html):
 * in Regions available before August 2022 the principal is the Elastic Load Balancing account of
 * the region (the table below, copied from that page); in Regions opened since, it is the service
 * principal {@value #SERVICE_PRINCIPAL}, which is also what this class uses for any region it does
 * not list (including the GovCloud and China partitions, whose account ids it does not carry).
 */
final class LoadBalancerLogDelivery {

    static final String SERVICE_PRINCIPAL = "logdelivery.elasticloadbalancing.amazonaws.com";
    /** The statement's id, by which a read tells it from the user's own statements. */
    static final String SID = "ConvergeLoadBalancerLogDelivery";

    /** Region → Elastic Load Balancing account id, for Regions available before August 2022. */
    private static final Map<String, String> ACCOUNTS = Map.ofEntries(
            Map.entry("us-east-1", "127311923021"),
            Map.entry("us-east-2", "033677994240"),
            Map.entry("us-west-1", "027434742980"),
            Map.entry("us-west-2", "797873946194"),
            Map.entry("af-south-1", "098369216593"),
            Map.entry("ap-east-1", "754344448648"),
            Map.entry("ap-southeast-3", "589379963580"),
            Map.entry("ap-south-1", "718504428378"),
            Map.entry("ap-northeast-3", "383597477331"),
            Map.entry("ap-northeast-2", "600734575887"),
            Map.entry("ap-southeast-1", "114774131450"),
            Map.entry("ap-southeast-2", "783225319266"),
            Map.entry("ap-northeast-1", "582318560864"),
            Map.entry("ca-central-1", "985666609251"),
            Map.entry("eu-central-1", "054676820928"),
            Map.entry("eu-west-1", "156460612806"),
            Map.entry("eu-west-2", "652711504416"),
            Map.entry("eu-south-1", "635631232127"),
            Map.entry("eu-west-3", "009996457667"),
            Map.entry("eu-north-1", "897822967062"),
            Map.entry("me-south-1", "076674570225"),
            Map.entry("sa-east-1", "507241528517"));

    private LoadBalancerLogDelivery() {
    }

    /** Who writes the logs in {@code region}: {@code {AWS: arn:aws:iam::ID:root}} or {@code {Service: ...}}. */
    static Map<String, Object> principal(String region) {
        String account = ACCOUNTS.get(region);
        return account != null ? Map.of("AWS", "arn:aws:iam::" + account + ":root") : Map.of("Service", SERVICE_PRINCIPAL);
    }

    /**
     * The statement allowing {@code s3:PutObject} on {@code arn:PARTITION:s3:::BUCKET/PREFIX/AWSLogs/ACCOUNT/*}
     * ({@code prefix} empty: no prefix), in the canonical form of {@link PolicyDocuments}.
     */
    static Map<String, Object> statement(String partition, String region, String bucket, String prefix, String account) {
        String path = prefix == null || prefix.isEmpty() ? "" : prefix + "/";
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("Sid", SID);
        s.put("Effect", "Allow");
        s.put("Principal", principal(region));
        s.put("Action", "s3:PutObject");
        s.put("Resource", "arn:" + partition + ":s3:::" + bucket + "/" + path + "AWSLogs/" + account + "/*");
        return PolicyDocuments.normalize(Map.of("Statement", List.of(s))) instanceof Map<?, ?> doc
                && doc.get("Statement") instanceof List<?> l
                ? castMap(l.get(0)) : s;
    }

    /** The prefix a statement of ours grants, read back from its resource; null if it is not ours. */
    static String prefixOf(Map<String, Object> statement, String bucket) {
        // Canonical documents hold every resource as a set (a list); the statement of ours names one.
        Object resources = statement.get("Resource");
        if (resources instanceof List<?> l && l.size() == 1) resources = l.get(0);
        if (!SID.equals(statement.get("Sid")) || !(resources instanceof String resource)) return null;
        String marker = ":s3:::" + bucket + "/";
        int at = resource.indexOf(marker);
        int logs = resource.indexOf("AWSLogs/");
        if (at < 0 || logs < 0) return null;
        String path = resource.substring(at + marker.length(), logs);
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
