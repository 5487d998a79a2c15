package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.AwaitsReadiness;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.elbv2.Targets.Target;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Values;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupAttribute;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static dev.converge.provider.aws.elbv2.AttributeMapping.bool;
import static dev.converge.provider.aws.elbv2.AttributeMapping.integer;
import static dev.converge.provider.aws.elbv2.AttributeMapping.oneOf;

/**
 * A target group of an Application Load Balancer (instance or IP targets over HTTP or HTTPS).
 * Reading costs one DescribeTargetGroups per 400 groups in the region and one DescribeTags per 20;
 * then, per group this stack owns or knows, one DescribeTargetGroupAttributes and one
 * DescribeTargetHealth (ELBv2 has no batch form of either).
 */
public final class TargetGroupResource extends AwsType implements ManagedType, Updatable, AwaitsReadiness {

    /** A target group deleted meanwhile, or already. */
    static final NotFound NOT_FOUND = NotFound.codes("TargetGroupNotFound");

    public static final String NAME = "aws.elbv2.TargetGroup";

    static final AttributeMapping ATTRIBUTES = AttributeMapping.of(
            integer("deregistrationDelaySeconds", "deregistration_delay.timeout_seconds", 0, 3600, 300,
                    "Seconds a deregistered target keeps its in-flight requests (draining) before it is removed."),
            integer("slowStartSeconds", "slow_start.duration_seconds", 0, 900, 0,
                    "Seconds over which a new target's share of traffic ramps up (0 turns slow start off)."),
            bool("stickinessEnabled", "stickiness.enabled", false,
                    "Send a client's requests to the same target (load balancer cookie)."),
            integer("stickinessCookieDurationSeconds", "stickiness.lb_cookie.duration_seconds", 1, 604800, 86400,
                    "How long the stickiness cookie lasts."),
            oneOf("loadBalancingAlgorithm", "load_balancing.algorithm.type", "round_robin",
                    "How requests are spread over targets.", "round_robin", "least_outstanding_requests"));

    private static final String NAME_PATTERN = "^[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,31}$";

    private static final ObjectType PROPERTIES = ObjectType.of(
            Property.builder("name", StringType.matching(NAME_PATTERN,
                    "1–32 letters, digits and hyphens, not starting or ending with a hyphen")).required()
                    .forcesReplacement("a target group cannot be renamed")
                    .description("Name, unique in the region: up to 32 letters, digits and single hyphens.").build(),
            Property.builder("protocol", StringType.oneOf("HTTP", "HTTPS")).required()
                    .forcesReplacement("a target group's protocol cannot change")
                    .description("Protocol the load balancer uses to reach the targets.").build(),
            Property.builder("protocolVersion", StringType.oneOf("HTTP1", "HTTP2")).defaultValue("HTTP1")
                    .forcesReplacement("a target group's protocol version cannot change")
                    .description("HTTP version towards the targets.").build(),
            Property.builder("port", NumberType.range(1, 65535)).required()
                    .forcesReplacement("a target group's port cannot change")
                    .description("Port the targets receive traffic on, unless a target names its own.").build(),
            Property.builder("targetType", StringType.oneOf("instance", "ip")).defaultValue("instance")
                    .forcesReplacement("a target group's target type cannot change")
                    .description("instance (targets are EC2 instance ids) or ip (targets are IP addresses).").build(),
            Property.builder("vpcId", StringType.ANY).required()
                    .forcesReplacement("a target group cannot move to another VPC")
                    .description("VPC of the targets.").build(),
            Property.builder("healthCheck", HealthCheck.TYPE).defaultValue(HealthCheck.defaults())
                    .description("How the load balancer checks the targets; each unset field is AWS's default.").build(),
            Property.builder("attributes", ATTRIBUTES.objectType("Target group attributes"))
                    .defaultValue(ATTRIBUTES.defaults())
                    .description("Target group attributes; each unset one is AWS's default.").build(),
            Property.builder("targets", ListType.setOf(StringType.matching("^(\\[[0-9A-Fa-f:.]+\\]|[^:\\s]+|[0-9A-Fa-f:]+)(:[0-9]{1,5})?$")))
                    // No default: unset leaves registration to whoever else does it (an Auto Scaling group registers
                    // its own instances), rather than deregistering them on every apply.
                    .description("Registered targets: \"i-0abc\", or \"i-0abc:8080\" for a port other than the group's; "
                            + "unset: not managed here (an Auto Scaling group registers its instances); [] for none.").build(),
            Property.builder("tags", MapType.STRINGS).description("Tags of the target group.").build(),
            Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("The target group's ARN.").build(),
            Property.builder("arn", StringType.ANY).computed().description("The target group's ARN.").build(),
            Property.builder("loadBalancerArns", ListType.setOf(StringType.ANY)).computed()
                    .description("Load balancers that route to this group.").build(),
            Property.builder("arnSuffix", StringType.ANY).computed()
                    .description("targetgroup/NAME/ID, the end of the ARN: the TargetGroup dimension of CloudWatch's metrics.").build());

    public static final ResourceSchema SCHEMA = new ResourceSchema(
            "A target group: where a load balancer sends requests, and how it checks them", PROPERTIES, "name");

    private static final List<String> REPLACE_ONLY = List.of("protocol", "protocolVersion", "port", "targetType", "vpcId");

    public TargetGroupResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    /** Targets as a read reports them: {@code i-x:80} in a group on port 80 is {@code i-x}. */
    @Override
    public Map<String, Object> normalize(Map<String, Object> desired) {
        if (!(desired.get("targets") instanceof List<?> targets) || !(desired.get("port") instanceof Long port)) return desired;
        List<Object> written = new ArrayList<>();
        for (Object t : targets) {
            try {
                written.add(t instanceof String text ? Targets.format(Targets.parse(text, port), port) : t);
            } catch (IllegalArgumentException invalid) {
                written.add(t); // reported, with its position, when the targets are registered
            }
        }
        Map<String, Object> out = new LinkedHashMap<>(desired);
        out.put("targets", written);
        return out;
    }

    private ElasticLoadBalancingV2Client elb() {
        return session.elbv2();
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext ctx) {
        Elbv2Listing listing = Elbv2Listing.of(elb(), ctx);
        return Elbv2Reads.ownedOrKnown(listing.targetGroups(), listing.tags(), TargetGroup::targetGroupArn, stack, knownIds,
                this::complete);
    }

    /** Adds what DescribeTargetGroups leaves out: attributes and targets. Empty if deleted meanwhile. */
    private Optional<LiveResource> complete(TargetGroup tg, Map<String, String> tags) {
        return NOT_FOUND.orEmpty(() -> toLive(tg, tags, attributes(tg.targetGroupArn()), health(tg.targetGroupArn())));
    }

    private Map<String, String> attributes(String arn) {
        Map<String, String> out = new LinkedHashMap<>();
        for (TargetGroupAttribute a : AwsErrors.call(() ->
                elb().describeTargetGroupAttributes(r -> r.targetGroupArn(arn)).attributes())) {
            out.put(a.key(), a.value());
        }
        return out;
    }

    private List<TargetHealthDescription> health(String arn) {
        return TargetHealthWait.health(elb(), arn, List.of());
    }

    static LiveResource toLive(TargetGroup tg, Map<String, String> tags, Map<String, String> attributes,
                               List<TargetHealthDescription> health) {
        long port = tg.port() == null ? 0 : tg.port(); // lambda groups have none
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", tg.targetGroupName());
        v.put("protocol", tg.protocolAsString());
        if (tg.protocolVersion() != null) v.put("protocolVersion", tg.protocolVersion());
        if (tg.port() != null) v.put("port", port);
        v.put("targetType", tg.targetTypeAsString());
        v.put("vpcId", tg.vpcId());
        v.put("healthCheck", HealthCheck.fromAws(tg));
        v.put("attributes", ATTRIBUTES.fromAws(attributes));
        v.put("targets", Targets.present(health, port));
        v.put("tags", AwsTags.userTags(tags));
        v.put(ResourceSchema.ID, tg.targetGroupArn());
        v.put("arn", tg.targetGroupArn());
        List<String> lbs = new ArrayList<>(tg.loadBalancerArns());
        lbs.sort(null);
        v.put("loadBalancerArns", lbs);
        v.put("arnSuffix", arnSuffix(tg.targetGroupArn()));
        return new LiveResource(tg.targetGroupArn(), AwsTags.address(tags), v, AwsTags.proof(tags));
    }

    /** {@code targetgroup/NAME/ID}: the ARN from {@code targetgroup/} on, the TargetGroup dimension of CloudWatch's ELB metrics. */
    static String arnSuffix(String arn) {
        return arn.substring(arn.indexOf(":targetgroup/") + 1);
    }

    Optional<LiveResource> readOne(String arn) {
        Optional<TargetGroup> tg = describe(r -> r.targetGroupArns(arn));
        if (tg.isEmpty()) return Optional.empty();
        return complete(tg.get(), Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of()));
    }

    private Optional<TargetGroup> describe(Consumer<DescribeTargetGroupsRequest.Builder> request) {
        return NOT_FOUND.first(() -> elb().describeTargetGroups(request).targetGroups());
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource create(CreateRequest req, ProviderContext ctx) {
        Map<String, Object> p = req.properties();
        String name = (String) p.get("name");
        long port = ((Number) p.get("port")).longValue();
        Set<Target> desiredTargets = targets(p, port);
        Optional<TargetGroup> existing = describe(r -> r.names(name));
        String arn;
        if (existing.isPresent()) {
            arn = existing.get().targetGroupArn();
            Map<String, String> tags = Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of());
            Adoption.requireOwnCopy("target group", name, arn, tags, req, ctx);
            LiveResource current = complete(existing.get(), tags).orElseThrow(() -> gone(name));
            for (String key : REPLACE_ONLY) {
                if (p.get(key) != null && !Values.equivalent(PROPERTIES.property(key).orElseThrow().type(), p.get(key),
                        current.values().get(key))) {
                    throw new ProviderException("AlreadyExists", "target group " + name + " exists with " + key + " "
                            + current.values().get(key) + ", not " + p.get(key) + "; delete it first", false);
                }
            }
            converge(current, p, Set.of("healthCheck", "attributes", "targets", "tags"), req.tags(), ctx);
        } else {
            arn = AwsErrors.call(() -> elb().createTargetGroup(b -> {
                b.name(name).protocol((String) p.get("protocol")).protocolVersion((String) p.get("protocolVersion"))
                        .port((int) port).targetType((String) p.get("targetType")).vpcId((String) p.get("vpcId"))
                        .tags(Elbv2Tags.sdk(req.tags()));
                HealthCheck.apply(b, (Map<String, Object>) p.get("healthCheck"));
            }).targetGroups().get(0).targetGroupArn());
            Adoption.requireCreatedForUs("target group", name, arn,
                    Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of()), req);
            modifyAttributes(arn, ATTRIBUTES.changes(Map.of(), (Map<String, Object>) p.get("attributes")));
            new TargetRotation(elb(), arn, name, port, ctx).register(desiredTargets);
        }
        return readOne(arn).orElseThrow(() -> gone(name));
    }

    private static ProviderException gone(String name) {
        return new ProviderException("TargetGroupNotFound", "target group " + name + " disappeared while being changed", true);
    }

    private static Set<Target> targets(Map<String, Object> p, long port) {
        try {
            return Targets.parseAll((List<?>) p.get("targets"), port);
        } catch (IllegalArgumentException e) {
            throw new ProviderException("ValidationError", e.getMessage(), false);
        }
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext ctx) {
        converge(current, desired, changed, tags, ctx);
        return readOne(current.id()).orElseThrow(() -> gone(String.valueOf(current.values().get("name"))));
    }

    @SuppressWarnings("unchecked")
    private void converge(LiveResource current, Map<String, Object> desired, Set<String> changed, Map<String, String> tags,
                          ProviderContext ctx) {
        String arn = current.id();
        if (changed.contains("healthCheck") && desired.get("healthCheck") != null) {
            AwsErrors.run(() -> elb().modifyTargetGroup(b -> {
                b.targetGroupArn(arn);
                HealthCheck.apply(b, (Map<String, Object>) desired.get("healthCheck"));
            }));
        }
        if (changed.contains("attributes")) {
            modifyAttributes(arn, ATTRIBUTES.changes((Map<String, Object>) current.values().get("attributes"),
                    (Map<String, Object>) desired.get("attributes")));
        }
        if (changed.contains("targets")) {
            long port = ((Number) current.values().get("port")).longValue();
            new TargetRotation(elb(), arn, String.valueOf(current.values().get("name")), port, ctx).rotateTo(targets(desired, port));
        }
        if (changed.contains("tags")) {
            Elbv2Tags.update(elb(), arn, (Map<String, Object>) current.values().get("tags"), tags);
        }
    }

    private void modifyAttributes(String arn, Map<String, String> changes) {
        if (changes.isEmpty()) return;
        List<TargetGroupAttribute> attrs = new ArrayList<>();
        changes.forEach((k, v) -> attrs.add(TargetGroupAttribute.builder().key(k).value(v).build()));
        AwsErrors.run(() -> elb().modifyTargetGroupAttributes(r -> r.targetGroupArn(arn).attributes(attrs)));
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        return changed.contains("targets")
                ? List.of("new targets must pass their health checks before removed ones stop getting requests; removed "
                        + "targets then drain for up to attributes.deregistrationDelaySeconds before this update completes")
                : List.of();
    }

    /** Once the apply is recorded: the targets of a group in use pass their health checks (see TargetGroupReadiness). */
    @Override
    public void awaitReady(LiveResource resource, ProviderContext ctx) {
        new TargetGroupReadiness(elb(), ctx).await(resource.id());
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.TARGETS);
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Elbv2Tags#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Elbv2Tags.disown(elb(), stack, "target group", resource.id());
    }

    @Override
    public void delete(LiveResource resource, ProviderContext ctx) {
        // ResourceInUse while a listener or rule still forwards here: retryable, the listener goes first.
        NOT_FOUND.ignoring(() -> elb().deleteTargetGroup(r -> r.targetGroupArn(resource.id())));
    }
}
