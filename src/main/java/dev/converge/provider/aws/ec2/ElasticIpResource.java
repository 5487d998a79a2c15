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
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Address;
import software.amazon.awssdk.services.ec2.model.DomainType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A static public IPv4 address (VPC Elastic IP), optionally attached to an instance. */
public final class ElasticIpResource extends AwsType implements ManagedType, Updatable {

    /** An address released meanwhile, or an attachment already gone. */
    private static final NotFound NOT_FOUND = NotFound.codes("InvalidAllocationID.NotFound", "InvalidAssociationID.NotFound");

    public static final String NAME = "aws.ec2.ElasticIp";

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An Elastic IP address: a public IPv4 address that stays the same, attached to an instance or not.",
            ObjectType.of(
                    Property.builder("instanceId", StringType.ANY).unsetMeansNone()
                            .description("Instance the address is attached to (moved in place); unset: not attached.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the address.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("allocation id (eipalloc-...)").build(),
                    Property.builder("publicIp", StringType.ANY).computed().description("the public IPv4 address").build(),
                    Property.builder("associationId", StringType.ANY).computed()
                            .description("id of the attachment to the instance, if attached").build()),
            null);

    public ElasticIpResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        return Ec2Support.ownedOrKnown(stack, knownIds, "allocation-id", this::describe, Address::allocationId)
                .stream().map(ElasticIpResource::toLive).toList();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        // AllocateAddress has no idempotency token. An address already tagged with this very stack
        // address and this create's proof (its idempotency token) can only come from an earlier
        // attempt of this create: continue with it rather than paying for a second one.
        // The tag in its form (web:0), and as earlier versions wrote it (web[0]).
        Address address = Adoption.ownCopy("Elastic IP", describe(List.of(Ec2Support.ownedBy(request.stack()),
                        Ec2Support.filter("tag:" + Ownership.ID_TAG,
                                List.copyOf(new java.util.LinkedHashSet<>(List.of(Ownership.idTag(request.address()), request.address())))))),
                Address::allocationId, a -> Ec2Support.tagMap(a.tags()), request, context).orElse(null);
        String allocationId = address != null ? address.allocationId()
                : AwsErrors.call(() -> ec2.allocateAddress(r -> r.domain(DomainType.VPC)
                .tagSpecifications(Ec2Support.tagSpecification(ResourceType.ELASTIC_IP, request.tags())))).allocationId();
        String instanceId = (String) request.properties().get("instanceId");
        if (instanceId != null && (address == null || !instanceId.equals(address.instanceId()))) {
            associate(ec2, context, allocationId, instanceId);
        }
        return readOne(allocationId);
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        Address address = describeOne(current.id());
        if (changed.contains("instanceId")) {
            String instanceId = (String) desired.get("instanceId");
            if (instanceId != null) {
                associate(ec2, context, address.allocationId(), instanceId);
            } else if (address.associationId() != null) {
                disassociate(ec2, context, address);
            }
        }
        if (changed.contains("tags")) {
            Ec2Support.updateTags(ec2, List.of(address.allocationId()), AwsTags.userTags(Ec2Support.tagMap(address.tags())), tags);
        }
        return readOne(current.id());
    }

    /** Attaches the address; one already attached elsewhere moves in the same call, without a gap. */
    private static void associate(Ec2Client ec2, ProviderContext ctx, String allocationId, String instanceId) {
        ctx.status("attaching " + allocationId + " to " + instanceId);
        AwsErrors.run(() -> ec2.associateAddress(r -> r.allocationId(allocationId).instanceId(instanceId).allowReassociation(true)));
    }

    private static void disassociate(Ec2Client ec2, ProviderContext ctx, Address address) {
        ctx.status("detaching " + address.allocationId() + " from " + address.instanceId());
        NOT_FOUND.ignoring(() -> ec2.disassociateAddress(r -> r.associationId(address.associationId())));
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Ec2Support#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Ec2Support.disown(session.ec2(), stack, "Elastic IP", resource.id());
    }

    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        List<Address> found = describe(List.of(Ec2Support.filter("allocation-id", List.of(resource.id()))));
        if (found.isEmpty()) return;
        Address address = found.get(0);
        // An attached address cannot be released.
        if (address.associationId() != null) disassociate(ec2, context, address);
        NOT_FOUND.ignoring(() -> ec2.releaseAddress(r -> r.allocationId(resource.id())));
    }

    private List<Address> describe(List<Filter> filters) {
        // DescribeAddresses has no pagination: one answer holds every address of the region.
        return AwsErrors.call(() -> session.ec2().describeAddresses(r -> r.filters(filters))).addresses();
    }

    private Address describeOne(String allocationId) {
        List<Address> found = describe(List.of(Ec2Support.filter("allocation-id", List.of(allocationId))));
        if (found.isEmpty()) {
            throw new ProviderException("InvalidAllocationID.NotFound", "Elastic IP " + allocationId + " does not exist", false);
        }
        return found.get(0);
    }

    private LiveResource readOne(String allocationId) {
        return toLive(describeOne(allocationId));
    }

    private static LiveResource toLive(Address a) {
        Map<String, String> tags = Ec2Support.tagMap(a.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        if (a.instanceId() != null && !a.instanceId().isEmpty()) values.put("instanceId", a.instanceId());
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, a.allocationId());
        values.put("publicIp", a.publicIp());
        if (a.associationId() != null) values.put("associationId", a.associationId());
        return new LiveResource(a.allocationId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }
}
