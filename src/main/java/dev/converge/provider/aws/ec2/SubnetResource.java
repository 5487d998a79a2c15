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
import software.amazon.awssdk.services.ec2.model.CreateSubnetRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Subnet;
import software.amazon.awssdk.services.ec2.model.SubnetState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A subnet of a VPC in one availability zone; whether it gives instances public addresses changes in place. */
public final class SubnetResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.ec2.Subnet";

    private static final NotFound NOT_FOUND = NotFound.codes("InvalidSubnetID.NotFound");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "A subnet: a range of a VPC's addresses in one availability zone.",
            ObjectType.of(
                    Property.builder("vpcId", StringType.ANY).required()
                            .forcesReplacement("a subnet belongs to one VPC for life")
                            .description("The VPC, e.g. ${resources.vpc.id}.").build(),
                    Property.builder("cidrBlock", VpcResource.CIDR_16_TO_28).required()
                            .forcesReplacement("a subnet's range is fixed when it is created")
                            .description("The subnet's IPv4 range, inside the VPC's and overlapping no other subnet's, /16 to /28 "
                                    + "(AWS keeps 5 addresses of each).").build(),
                    Property.builder("availabilityZone", StringType.matching("^[a-z]{2}(-[a-z]+)+-\\d[a-z]$",
                                    "a zone name such as ap-northeast-2a"))
                            .forcesReplacement("a subnet lives in one availability zone")
                            .description("Zone name, e.g. ${data.azs.names[0]}; unset: AWS picks one (read back after apply).").build(),
                    Property.builder("mapPublicIpOnLaunch", BoolType.INSTANCE).defaultValue(false)
                            .description("Whether instances launched here get a public IPv4 address (billed hourly); "
                                    + "changes in place, for instances launched afterwards.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the subnet.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("subnet id (subnet-...)").build(),
                    Property.builder("availabilityZoneId", StringType.ANY).computed()
                            .description("the zone's id (e.g. apne2-az1), the same zone in every account").build()),
            null);

    public SubnetResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        return Ec2Support.ownedOrKnown(stack, knownIds, "subnet-id", this::describe, Subnet::subnetId)
                .stream().map(SubnetResource::toLive).toList();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        Ec2Client ec2 = session.ec2();
        // CreateSubnet has no idempotency token: continue with what an interrupted attempt of this create made.
        Subnet own = Adoption.ownCopy("subnet", describe(List.of(Ec2Support.ownedBy(request.stack()),
                        Ec2Support.filter("tag:" + Ownership.ID_TAG, List.of(request.address())))),
                Subnet::subnetId, s -> Ec2Support.tagMap(s.tags()), request, context).orElse(null);
        String id = own != null ? own.subnetId() : createSubnet(ec2, request);
        context.status("created " + id);
        Subnet subnet = Polling.until(context, AwsWaits.NETWORK, "subnet " + id + " to be available", () -> {
            List<Subnet> seen = describe(List.of(Ec2Support.filter("subnet-id", List.of(id))));
            if (seen.isEmpty()) return Look.pending("waiting for subnet " + id + " to be visible");
            return seen.get(0).state() == SubnetState.AVAILABLE ? Look.done(seen.get(0))
                    : Look.pending("waiting for subnet " + id + " to be available (" + seen.get(0).stateAsString() + ")");
        });
        boolean mapPublic = Boolean.TRUE.equals(p.get("mapPublicIpOnLaunch"));
        if (mapPublic != Boolean.TRUE.equals(subnet.mapPublicIpOnLaunch())) setMapPublicIp(ec2, id, mapPublic);
        return readOne(id);
    }

    private String createSubnet(Ec2Client ec2, CreateRequest request) {
        Map<String, Object> p = request.properties();
        String cidr = (String) p.get("cidrBlock");
        CreateSubnetRequest.Builder b = CreateSubnetRequest.builder().vpcId((String) p.get("vpcId")).cidrBlock(cidr)
                .tagSpecifications(Ec2Support.tagSpecification(ResourceType.SUBNET, request.tags()));
        if (p.get("availabilityZone") instanceof String zone) b.availabilityZone(zone);
        try {
            return AwsErrors.call(() -> ec2.createSubnet(b.build())).subnet().subnetId();
        } catch (ProviderException e) {
            // AWS's wording names the range only; say what it means for a stack.
            if (e.code().equals("InvalidSubnet.Conflict")) {
                throw new ProviderException(e.code(), e.getMessage() + " (another subnet of the VPC overlaps " + cidr
                        + "; when a subnet is replaced, the new one is created before the old one is deleted, so its new "
                        + "range must not overlap the old)", false, e);
            }
            if (e.code().equals("InvalidSubnet.Range")) {
                throw new ProviderException(e.code(), e.getMessage() + " (" + cidr + " must lie inside the VPC's CIDR block)", false, e);
            }
            throw e;
        }
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        if (changed.contains("mapPublicIpOnLaunch")) {
            setMapPublicIp(ec2, current.id(), Boolean.TRUE.equals(desired.get("mapPublicIpOnLaunch")));
        }
        if (changed.contains("tags")) {
            Ec2Support.updateTags(ec2, List.of(current.id()), Ec2Support.userTagsOf(current.values()), tags);
        }
        return readOne(current.id());
    }

    private static void setMapPublicIp(Ec2Client ec2, String id, boolean on) {
        AwsErrors.run(() -> ec2.modifySubnetAttribute(r -> r.subnetId(id).mapPublicIpOnLaunch(v -> v.value(on))));
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Ec2Support#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Ec2Support.disown(session.ec2(), stack, "subnet", resource.id());
    }

    /**
     * DependencyViolation (network interfaces still in the subnet: a NAT gateway's or load
     * balancer's, released by AWS minutes after they are deleted) is retryable: the applier waits it out.
     */
    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        NOT_FOUND.ignoring(() -> session.ec2().deleteSubnet(r -> r.subnetId(resource.id())));
    }

    private List<Subnet> describe(List<Filter> filters) {
        List<Subnet> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeSubnetsPaginator(r -> r.filters(filters)).subnets().forEach(out::add));
        return out;
    }

    private LiveResource readOne(String id) {
        List<Subnet> found = describe(List.of(Ec2Support.filter("subnet-id", List.of(id))));
        if (found.isEmpty()) throw new ProviderException("InvalidSubnetID.NotFound", "subnet " + id + " does not exist", false);
        return toLive(found.get(0));
    }

    private static LiveResource toLive(Subnet s) {
        Map<String, String> tags = Ec2Support.tagMap(s.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("vpcId", s.vpcId());
        values.put("cidrBlock", s.cidrBlock());
        values.put("availabilityZone", s.availabilityZone());
        values.put("mapPublicIpOnLaunch", Boolean.TRUE.equals(s.mapPublicIpOnLaunch()));
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, s.subnetId());
        if (s.availabilityZoneId() != null) values.put("availabilityZoneId", s.availabilityZoneId());
        return new LiveResource(s.subnetId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.NETWORK);
    }
}
