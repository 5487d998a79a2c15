package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.Ownership;
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
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.schema.BoolType;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Vpc;
import software.amazon.awssdk.services.ec2.model.VpcAttributeName;
import software.amazon.awssdk.services.ec2.model.VpcState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A VPC: its primary IPv4 block, its DNS settings, and what AWS makes with it (the main route
 * table and the default security group, read as attributes). Deleting it fails with
 * DependencyViolation while anything is still inside; the engine deletes what the stack put inside
 * first, and the applier waits out what AWS releases late (a NAT gateway's or load balancer's
 * network interfaces).
 */
public final class VpcResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.ec2.Vpc";

    private static final NotFound NOT_FOUND = NotFound.codes("InvalidVpcID.NotFound");

    /** AWS accepts primary blocks from /16 (65,536 addresses) to /28 (16). */
    static final StringType CIDR_16_TO_28 = new StringType(List.of(), StringType.Format.CIDR_V4,
            Pattern.compile("^.*/(1[6-9]|2[0-8])$"), false, "an IPv4 CIDR block from /16 to /28");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "A VPC: an isolated network with its own IPv4 range, main route table and default security group.",
            ObjectType.of(
                    Property.builder("cidrBlock", CIDR_16_TO_28).required()
                            .forcesReplacement("a VPC's primary CIDR block is fixed when it is created")
                            .description("The VPC's IPv4 range, /16 to /28, e.g. 10.20.0.0/16 (a private range, RFC 1918).").build(),
                    Property.builder("enableDnsSupport", BoolType.INSTANCE).defaultValue(true)
                            .description("Whether the Amazon DNS server (the .2 address) resolves names in the VPC (changes in place).").build(),
                    Property.builder("enableDnsHostnames", BoolType.INSTANCE).defaultValue(false)
                            .description("Whether instances with public addresses get public DNS names; needs enableDnsSupport "
                                    + "(changes in place).").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the VPC.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("VPC id (vpc-...)").build(),
                    Property.builder("defaultSecurityGroupId", StringType.ANY).computed()
                            .description("the security group AWS creates with the VPC").build(),
                    Property.builder("mainRouteTableId", StringType.ANY).computed()
                            .description("the route table of subnets that have no explicit association").build()),
            null);

    public VpcResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        List<Vpc> vpcs = Ec2Support.ownedOrKnown(stack, knownIds, "vpc-id", this::describe, Vpc::vpcId);
        return toLive(vpcs);
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        Ec2Client ec2 = session.ec2();
        // CreateVpc has no idempotency token: a VPC carrying this create's proof was made by an
        // interrupted attempt of this very create, and is continued rather than made twice.
        Vpc own = Adoption.ownCopy("VPC", describe(List.of(Ec2Support.ownedBy(request.stack()),
                        Ec2Support.filter("tag:" + Ownership.ID_TAG, List.of(request.address())))),
                Vpc::vpcId, v -> Ec2Support.tagMap(v.tags()), request, context).orElse(null);
        String id = own != null ? own.vpcId() : AwsErrors.call(() -> ec2.createVpc(r -> r.cidrBlock((String) p.get("cidrBlock"))
                .tagSpecifications(Ec2Support.tagSpecification(ResourceType.VPC, request.tags())))).vpc().vpcId();
        context.status("created " + id);
        Polling.until(context, AwsWaits.NETWORK, "VPC " + id + " to be available", () -> {
            List<Vpc> seen = describe(List.of(Ec2Support.filter("vpc-id", List.of(id))));
            if (seen.isEmpty()) return Look.pending("waiting for VPC " + id + " to be visible");
            return seen.get(0).state() == VpcState.AVAILABLE ? Look.done(id)
                    : Look.pending("waiting for VPC " + id + " to be available (" + seen.get(0).stateAsString() + ")");
        });
        // New VPCs resolve names and give no public DNS names: only what differs is written.
        setDns(ec2, id, Boolean.TRUE, Boolean.FALSE, p);
        return readOne(id);
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        setDns(ec2, current.id(), current.values().get("enableDnsSupport"), current.values().get("enableDnsHostnames"), desired);
        if (changed.contains("tags")) {
            Ec2Support.updateTags(ec2, List.of(current.id()), Ec2Support.userTagsOf(current.values()), tags);
        }
        return readOne(current.id());
    }

    /**
     * ModifyVpcAttribute takes one attribute per call, and AWS refuses DNS hostnames without DNS
     * support: support is switched on before hostnames, and hostnames off before support.
     */
    private static void setDns(Ec2Client ec2, String id, Object support, Object hostnames, Map<String, Object> desired) {
        boolean wantSupport = !Boolean.FALSE.equals(desired.get("enableDnsSupport"));
        boolean wantHostnames = Boolean.TRUE.equals(desired.get("enableDnsHostnames"));
        if (wantSupport && !Boolean.TRUE.equals(support)) {
            AwsErrors.run(() -> ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsSupport(v -> v.value(true))));
        }
        if (wantHostnames != Boolean.TRUE.equals(hostnames)) {
            AwsErrors.run(() -> ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsHostnames(v -> v.value(wantHostnames))));
        }
        if (!wantSupport && !Boolean.FALSE.equals(support)) {
            AwsErrors.run(() -> ec2.modifyVpcAttribute(r -> r.vpcId(id).enableDnsSupport(v -> v.value(false))));
        }
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Ec2Support#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Ec2Support.disown(session.ec2(), stack, "VPC", resource.id());
    }

    /**
     * DependencyViolation (something still inside: a subnet, an attached internet gateway, a
     * security group, network interfaces AWS releases minutes after a NAT gateway or load balancer
     * is gone) is retryable: the applier waits it out, within its retry budget.
     */
    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        NOT_FOUND.ignoring(() -> session.ec2().deleteVpc(r -> r.vpcId(resource.id())));
    }

    private List<Vpc> describe(List<Filter> filters) {
        List<Vpc> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeVpcsPaginator(r -> r.filters(filters)).vpcs().forEach(out::add));
        return out;
    }

    private LiveResource readOne(String id) {
        List<LiveResource> found = toLive(describe(List.of(Ec2Support.filter("vpc-id", List.of(id)))));
        if (found.isEmpty()) throw new ProviderException("InvalidVpcID.NotFound", "VPC " + id + " does not exist", false);
        return found.get(0);
    }

    /**
     * The VPCs with what AWS made for them: main route tables and default security groups in one
     * describe each for all of them. The DNS settings are not in DescribeVpcs and have no batched
     * read: two DescribeVpcAttribute calls per VPC (a stack has one or two).
     */
    private List<LiveResource> toLive(List<Vpc> vpcs) {
        if (vpcs.isEmpty()) return List.of();
        List<String> ids = vpcs.stream().map(Vpc::vpcId).toList();
        Map<String, String> mainTables = new HashMap<>();
        Map<String, String> defaultGroups = new HashMap<>();
        Ec2Client ec2 = session.ec2();
        for (List<String> chunk : Ec2Support.chunks(ids)) {
            AwsErrors.run(() -> ec2.describeRouteTablesPaginator(r -> r.filters(Ec2Support.filter("vpc-id", chunk),
                    Ec2Support.filter("association.main", List.of("true")))).routeTables()
                    .forEach((RouteTable t) -> mainTables.put(t.vpcId(), t.routeTableId())));
            AwsErrors.run(() -> ec2.describeSecurityGroupsPaginator(r -> r.filters(Ec2Support.filter("vpc-id", chunk),
                    Ec2Support.filter("group-name", List.of("default")))).securityGroups()
                    .forEach((SecurityGroup g) -> defaultGroups.put(g.vpcId(), g.groupId())));
        }
        List<LiveResource> out = new ArrayList<>();
        for (Vpc v : vpcs) {
            Map<String, String> tags = Ec2Support.tagMap(v.tags());
            Optional<Boolean> support = attribute(ec2, v.vpcId(), VpcAttributeName.ENABLE_DNS_SUPPORT);
            Optional<Boolean> hostnames = attribute(ec2, v.vpcId(), VpcAttributeName.ENABLE_DNS_HOSTNAMES);
            if (support.isEmpty() || hostnames.isEmpty()) continue; // deleted since it was listed
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("cidrBlock", v.cidrBlock());
            values.put("enableDnsSupport", support.get());
            values.put("enableDnsHostnames", hostnames.get());
            values.put("tags", AwsTags.userTags(tags));
            values.put(ResourceSchema.ID, v.vpcId());
            if (defaultGroups.containsKey(v.vpcId())) values.put("defaultSecurityGroupId", defaultGroups.get(v.vpcId()));
            if (mainTables.containsKey(v.vpcId())) values.put("mainRouteTableId", mainTables.get(v.vpcId()));
            out.add(new LiveResource(v.vpcId(), AwsTags.address(tags), values, AwsTags.proof(tags)));
        }
        return out;
    }

    /** The attribute's value, or empty if the VPC is gone. */
    private static Optional<Boolean> attribute(Ec2Client ec2, String vpcId, VpcAttributeName name) {
        return NOT_FOUND.orEmpty(() -> ec2.describeVpcAttribute(r -> r.vpcId(vpcId).attribute(name))).map(answer -> {
            var value = name == VpcAttributeName.ENABLE_DNS_SUPPORT ? answer.enableDnsSupport() : answer.enableDnsHostnames();
            return value != null && Boolean.TRUE.equals(value.value());
        });
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.NETWORK);
    }
}
