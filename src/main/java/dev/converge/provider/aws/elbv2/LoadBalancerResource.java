package dev.converge.provider.aws.elbv2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.CheckContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.CheckReads;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Values;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.AvailabilityZone;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeLoadBalancersRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerAttribute;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

import static dev.converge.provider.aws.elbv2.AttributeMapping.bool;
import static dev.converge.provider.aws.elbv2.AttributeMapping.group;
import static dev.converge.provider.aws.elbv2.AttributeMapping.text;
import static dev.converge.provider.aws.elbv2.AttributeMapping.integer;

/**
 * An Application Load Balancer. Reading costs one DescribeLoadBalancers per 400 load balancers in
 * the region, one DescribeTags per 20, and one DescribeLoadBalancerAttributes per load balancer
 * this stack owns or knows (ELBv2 has no batch for attributes; ALBs are few per region).
 */
public final class LoadBalancerResource extends AwsType implements ManagedType, Updatable, PlanChecked {

    /** A load balancer deleted meanwhile, or already. */
    private static final NotFound NOT_FOUND = NotFound.codes("LoadBalancerNotFound");

    public static final String NAME = "aws.elbv2.LoadBalancer";

    static final AttributeMapping ATTRIBUTES = AttributeMapping.of(
            bool("deletionProtection", "deletion_protection.enabled", false,
                    "Refuse deletion (Converge's destroy fails until this is turned off)."),
            integer("idleTimeoutSeconds", "idle_timeout.timeout_seconds", 1, 4000, 60,
                    "Seconds a connection may be idle before the load balancer closes it."),
            bool("http2Enabled", "routing.http2.enabled", true, "Accept HTTP/2 from clients."),
            bool("dropInvalidHeaderFields", "routing.http.drop_invalid_header_fields.enabled", false,
                    "Drop HTTP headers whose names are not valid instead of forwarding them to targets."),
            group("accessLogs", "Access logs written to an S3 bucket every 5 minutes. AWS checks, when they are enabled, that the "
                            + "bucket's policy lets the region's Elastic Load Balancing write them (aws.s3.Bucket's loadBalancerLogs).",
                    bool("enabled", "access_logs.s3.enabled", false, "Write access logs."),
                    text("bucket", "access_logs.s3.bucket", StringType.ANY,
                            "The bucket, in the load balancer's region, encrypted with AES256 (SSE-S3)."),
                    text("prefix", "access_logs.s3.prefix", StringType.matching("^(?!/)(?!.*AWSLogs)(?!.*/$).{0,200}$",
                                    "up to 200 characters, not starting or ending with / and without AWSLogs"),
                            "Where in the bucket: PREFIX/AWSLogs/ACCOUNT/...; unset: the bucket's root.")));

    private static final ObjectType PROPERTIES = ObjectType.of(
            Property.builder("name", StringType.matching("^(?!internal-)[A-Za-z0-9](?:[A-Za-z0-9-]{0,30}[A-Za-z0-9])?$",
                    "1–32 letters, digits and hyphens, not starting or ending with a hyphen, and not starting with internal-"))
                    .required()
                    .forcesReplacement("a load balancer cannot be renamed")
                    .description("Name, unique in the region: up to 32 letters, digits and hyphens.").build(),
            Property.builder("type", StringType.oneOf("application")).defaultValue("application")
                    .forcesReplacement("a load balancer's type cannot change")
                    .description("Kind of load balancer; Converge manages Application Load Balancers.").build(),
            Property.builder("scheme", StringType.oneOf("internet-facing", "internal")).defaultValue("internet-facing")
                    .forcesReplacement("a load balancer's scheme cannot change")
                    .description("internet-facing (public addresses) or internal (private addresses only).").build(),
            Property.builder("ipAddressType", StringType.oneOf("ipv4", "dualstack")).defaultValue("ipv4")
                    .description("ipv4, or dualstack to also serve IPv6 clients (the subnets need IPv6 ranges).").build(),
            Property.builder("subnetIds", ListType.setOf(StringType.ANY).nonEmpty()).required()
                    .description("Subnets to serve from, at most one per availability zone, in at least two zones.").build(),
            Property.builder("securityGroupIds", ListType.setOf(StringType.ANY))
                    .description("Security groups of the load balancer; AWS uses the VPC's default group when unset.").build(),
            Property.builder("attributes", ATTRIBUTES.objectType("Load balancer attributes"))
                    .defaultValue(ATTRIBUTES.defaults())
                    .description("Load balancer attributes; each unset one is AWS's default.").build(),
            Property.builder("tags", MapType.STRINGS).description("Tags of the load balancer.").build(),
            Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("The load balancer's ARN.").build(),
            Property.builder("arn", StringType.ANY).computed().description("The load balancer's ARN.").build(),
            Property.builder("dnsName", StringType.ANY).computed()
                    .description("The DNS name clients connect to (the target of an alias record).").build(),
            Property.builder("canonicalHostedZoneId", StringType.ANY).computed()
                    .description("Route 53 hosted zone of the DNS name, for alias records.").build(),
            Property.builder("vpcId", StringType.ANY).computed().description("The VPC of the subnets.").build(),
            Property.builder("arnSuffix", StringType.ANY).computed()
                    .description("app/NAME/ID, the end of the ARN: the LoadBalancer dimension of its CloudWatch metrics.").build());

    public static final ResourceSchema SCHEMA = new ResourceSchema(
            "An Application Load Balancer (Elastic Load Balancing v2)", PROPERTIES, "name");

    public LoadBalancerResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    /** Subnets that exist, in two or more availability zones, one per zone (one DescribeSubnets). */
    @Override
    public List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned, CheckContext context) {
        return CheckReads.guarded("availability zones of the subnets", planned, context, () -> new SubnetSpread(session).check(planned));
    }

    private ElasticLoadBalancingV2Client elb() {
        return session.elbv2();
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext ctx) {
        Elbv2Listing listing = Elbv2Listing.of(elb(), ctx);
        return Elbv2Reads.ownedOrKnown(listing.loadBalancers(), listing.tags(), LoadBalancer::loadBalancerArn, stack, knownIds,
                this::withAttributes);
    }

    private Optional<LiveResource> withAttributes(LoadBalancer lb, Map<String, String> tags) {
        // Empty if deleted while we were reading.
        return NOT_FOUND.orEmpty(() -> attributes(lb.loadBalancerArn())).map(attrs -> toLive(lb, tags, attrs));
    }

    private Map<String, String> attributes(String arn) {
        List<LoadBalancerAttribute> list = AwsErrors.call(() ->
                elb().describeLoadBalancerAttributes(r -> r.loadBalancerArn(arn)).attributes());
        Map<String, String> out = new LinkedHashMap<>();
        for (LoadBalancerAttribute a : list) out.put(a.key(), a.value());
        return out;
    }

    static LiveResource toLive(LoadBalancer lb, Map<String, String> tags, Map<String, String> attributes) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", lb.loadBalancerName());
        v.put("type", lb.typeAsString());
        v.put("scheme", lb.schemeAsString());
        v.put("ipAddressType", lb.ipAddressTypeAsString());
        List<String> subnets = new ArrayList<>();
        for (AvailabilityZone az : lb.availabilityZones()) subnets.add(az.subnetId());
        v.put("subnetIds", sorted(subnets));
        v.put("securityGroupIds", sorted(lb.securityGroups()));
        v.put("attributes", ATTRIBUTES.fromAws(attributes));
        v.put("tags", AwsTags.userTags(tags));
        v.put(ResourceSchema.ID, lb.loadBalancerArn());
        v.put("arn", lb.loadBalancerArn());
        v.put("dnsName", lb.dnsName());
        v.put("canonicalHostedZoneId", lb.canonicalHostedZoneId());
        v.put("vpcId", lb.vpcId());
        v.put("arnSuffix", arnSuffix(lb.loadBalancerArn()));
        return new LiveResource(lb.loadBalancerArn(), AwsTags.address(tags), v, AwsTags.proof(tags));
    }

    /** {@code app/NAME/ID}: the ARN after {@code loadbalancer/}, the LoadBalancer dimension of CloudWatch's ELB metrics. */
    static String arnSuffix(String arn) {
        String mark = ":loadbalancer/";
        return arn.substring(arn.indexOf(mark) + mark.length());
    }

    private static List<String> sorted(Collection<String> values) {
        List<String> out = new ArrayList<>(values == null ? List.of() : values);
        out.sort(null);
        return out;
    }

    /** The resource as read right now, by ARN; empty if it does not exist. */
    Optional<LiveResource> readOne(String arn) {
        Optional<LoadBalancer> lb = describe(r -> r.loadBalancerArns(arn));
        if (lb.isEmpty()) return Optional.empty();
        Map<String, String> tags = Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of());
        return withAttributes(lb.get(), tags);
    }

    private Optional<LoadBalancer> describe(Consumer<DescribeLoadBalancersRequest.Builder> request) {
        return NOT_FOUND.first(() -> elb().describeLoadBalancers(request).loadBalancers());
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource create(CreateRequest req, ProviderContext ctx) {
        Map<String, Object> p = req.properties();
        String name = (String) p.get("name");
        Optional<LoadBalancer> existing = describe(r -> r.names(name));
        String arn;
        if (existing.isPresent()) {
            LoadBalancer lb = existing.get();
            Map<String, String> tags = Elbv2Tags.describe(elb(), List.of(lb.loadBalancerArn())).getOrDefault(lb.loadBalancerArn(), Map.of());
            Adoption.requireOwnCopy("load balancer", name, lb.loadBalancerArn(), tags, req, ctx);
            LiveResource current = toLive(lb, tags, attributes(lb.loadBalancerArn()));
            requireSameReplaceOnly(current.values(), p);
            // Bring the adopted copy to the desired settings: whatever the crash left undone.
            arn = lb.loadBalancerArn();
            converge(current, p, changedFrom(current.values(), p), req.tags());
        } else {
            List<String> securityGroups = (List<String>) p.getOrDefault("securityGroupIds", List.of());
            arn = AwsErrors.call(() -> elb().createLoadBalancer(r -> r
                    .name(name)
                    .type((String) p.get("type"))
                    .scheme((String) p.get("scheme"))
                    .ipAddressType((String) p.get("ipAddressType"))
                    .subnets((List<String>) p.get("subnetIds"))
                    .securityGroups(securityGroups.isEmpty() ? null : securityGroups)
                    .tags(Elbv2Tags.sdk(req.tags()))).loadBalancers().get(0).loadBalancerArn());
            requireCreatedForUs(arn, name, req);
            modifyAttributes(arn, ATTRIBUTES.changes(Map.of(), (Map<String, Object>) p.get("attributes")));
        }
        LoadBalancerWaits.awaitActive(elb(), ctx, arn, name);
        return readOne(arn).orElseThrow(() -> new ProviderException("LoadBalancerNotFound",
                "load balancer " + name + " disappeared right after it was created", true));
    }

    private void requireCreatedForUs(String arn, String name, CreateRequest req) {
        Adoption.requireCreatedForUs("load balancer", name, arn,
                Elbv2Tags.describe(elb(), List.of(arn)).getOrDefault(arn, Map.of()), req);
    }

    /** Adoption is for the copy a crash left behind: it must be the same load balancer, not a different one. */
    private static void requireSameReplaceOnly(Map<String, Object> live, Map<String, Object> desired) {
        for (String key : List.of("type", "scheme")) {
            if (desired.get(key) != null && !desired.get(key).equals(live.get(key))) {
                throw new ProviderException("AlreadyExists", "load balancer " + live.get("name") + " exists with " + key + " "
                        + live.get(key) + ", not " + desired.get(key) + "; delete it first", false);
            }
        }
    }

    private static Set<String> changedFrom(Map<String, Object> live, Map<String, Object> desired) {
        Set<String> changed = new LinkedHashSet<>();
        for (Property prop : PROPERTIES.inputs()) {
            String key = prop.name();
            if (!desired.containsKey(key)) continue;
            if (!Values.equivalent(prop.type(), desired.get(key), live.get(key))) changed.add(key);
        }
        return changed;
    }

    private void modifyAttributes(String arn, Map<String, String> changes) {
        if (changes.isEmpty()) return;
        List<LoadBalancerAttribute> attrs = new ArrayList<>();
        changes.forEach((k, v) -> attrs.add(LoadBalancerAttribute.builder().key(k).value(v).build()));
        AwsErrors.run(() -> elb().modifyLoadBalancerAttributes(r -> r.loadBalancerArn(arn).attributes(attrs)));
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext ctx) {
        converge(current, desired, changed, tags);
        return readOne(current.id()).orElseThrow(() -> new ProviderException("LoadBalancerNotFound",
                "load balancer " + current.values().get("name") + " was deleted during the update", false));
    }

    @SuppressWarnings("unchecked")
    private void converge(LiveResource current, Map<String, Object> desired, Set<String> changed, Map<String, String> tags) {
        String arn = current.id();
        if (changed.contains("ipAddressType")) {
            AwsErrors.run(() -> elb().setIpAddressType(r -> r.loadBalancerArn(arn).ipAddressType((String) desired.get("ipAddressType"))));
        }
        if (changed.contains("subnetIds")) {
            AwsErrors.run(() -> elb().setSubnets(r -> r.loadBalancerArn(arn).subnets((List<String>) desired.get("subnetIds"))));
        }
        if (changed.contains("securityGroupIds") && desired.get("securityGroupIds") != null) {
            AwsErrors.run(() -> elb().setSecurityGroups(r -> r.loadBalancerArn(arn)
                    .securityGroups((List<String>) desired.get("securityGroupIds"))));
        }
        if (changed.contains("attributes")) {
            modifyAttributes(arn, ATTRIBUTES.changes((Map<String, Object>) current.values().get("attributes"),
                    (Map<String, Object>) desired.get("attributes")));
        }
        if (changed.contains("tags")) {
            Elbv2Tags.update(elb(), arn, (Map<String, Object>) current.values().get("tags"), tags);
        }
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        List<String> notes = new ArrayList<>();
        if (changed.contains("subnetIds")) {
            notes.add("the load balancer stops serving from removed subnets; connections to its nodes there are closed");
        }
        if (changed.contains("ipAddressType")) notes.add("the load balancer's DNS name gains or loses its IPv6 records");
        return notes;
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Elbv2Tags#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Elbv2Tags.disown(elb(), stack, "load balancer", resource.id());
    }

    @Override
    public void delete(LiveResource resource, ProviderContext ctx) {
        String arn = resource.id();
        Optional<Map<String, String>> found = NOT_FOUND.orEmpty(() -> attributes(arn));
        if (found.isEmpty()) return;
        Map<String, String> attrs = found.get();
        Object name = resource.values().getOrDefault("name", arn);
        if (Boolean.parseBoolean(attrs.get("deletion_protection.enabled"))) {
            // Never switched off on the user's behalf: protection exists to stop exactly this.
            throw new ProviderException("DeletionProtection", "load balancer " + name + " has deletion protection on: "
                    + "set attributes.deletionProtection to false and apply, then delete it", false);
        }
        try {
            if (!NOT_FOUND.ignoring(() -> elb().deleteLoadBalancer(r -> r.loadBalancerArn(arn)))) return;
        } catch (ProviderException e) {
            if ("OperationNotPermitted".equals(e.code())) {
                // Protection was turned on between our check and the call: not worth retrying.
                throw new ProviderException(e.code(), "load balancer " + name + " cannot be deleted: " + e.getMessage(), false, e);
            }
            throw e;
        }
        LoadBalancerWaits.awaitDeleted(elb(), ctx, arn, String.valueOf(name));
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.LOAD_BALANCER);
    }
}
