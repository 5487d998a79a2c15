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
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.InternetGateway;
import software.amazon.awssdk.services.ec2.model.InternetGatewayAttachment;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An internet gateway attached to a VPC: created, then attached; detached, then deleted. Moving it
 * to another VPC is a replacement, not a detach and attach in place: detaching cuts the old VPC off
 * the internet at once and AWS refuses it while anything there still has a public address, whereas
 * a new gateway (they are free) attaches to the new VPC before the old one is detached.
 */
public final class InternetGatewayResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.ec2.InternetGateway";

    /** A gateway deleted meanwhile, or one already detached. */
    private static final NotFound NOT_FOUND = NotFound.codes("InvalidInternetGatewayID.NotFound", "Gateway.NotAttached");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An internet gateway, attached to a VPC: the route to the internet of its public subnets.",
            ObjectType.of(
                    Property.builder("vpcId", StringType.ANY).required()
                            .forcesReplacement("a new gateway is attached to the new VPC before the old one is detached: "
                                    + "detaching first would cut the old VPC off the internet, and AWS refuses it while "
                                    + "addresses are mapped there")
                            .description("The VPC to attach to (at most one gateway per VPC), e.g. ${resources.vpc.id}.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the gateway.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("internet gateway id (igw-...)").build()),
            null);

    public InternetGatewayResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        return Ec2Support.ownedOrKnown(stack, knownIds, "internet-gateway-id", this::describe, InternetGateway::internetGatewayId)
                .stream().map(InternetGatewayResource::toLive).toList();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        String vpcId = (String) request.properties().get("vpcId");
        // No idempotency token: continue with the gateway an interrupted attempt of this create made.
        InternetGateway own = Adoption.ownCopy("internet gateway", describe(List.of(Ec2Support.ownedBy(request.stack()),
                        Ec2Support.filter("tag:" + Ownership.ID_TAG, List.of(request.address())))),
                InternetGateway::internetGatewayId, g -> Ec2Support.tagMap(g.tags()), request, context).orElse(null);
        String id = own != null ? own.internetGatewayId() : AwsErrors.call(() -> ec2.createInternetGateway(r -> r
                .tagSpecifications(Ec2Support.tagSpecification(ResourceType.INTERNET_GATEWAY, request.tags()))))
                .internetGateway().internetGatewayId();
        if (own == null || !vpcId.equals(attachedVpc(own))) attach(ec2, context, id, vpcId);
        return readOne(id);
    }

    private static void attach(Ec2Client ec2, ProviderContext context, String id, String vpcId) {
        context.status("attaching " + id + " to " + vpcId);
        try {
            AwsErrors.run(() -> ec2.attachInternetGateway(r -> r.internetGatewayId(id).vpcId(vpcId)));
        } catch (ProviderException e) {
            if (!e.code().equals("Resource.AlreadyAssociated")) throw e;
            throw new ProviderException(e.code(), e.getMessage() + " (a VPC takes one internet gateway: " + vpcId
                    + " already has another; use that one, or detach it first)", false, e);
        }
    }

    /** Only tags change in place; the VPC is a replacement (see the class comment). */
    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        if (changed.contains("tags")) {
            Ec2Support.updateTags(session.ec2(), List.of(current.id()), Ec2Support.userTagsOf(current.values()), tags);
        }
        return readOne(current.id());
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Ec2Support#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Ec2Support.disown(session.ec2(), stack, "internet gateway", resource.id());
    }

    /**
     * Detached from its VPC, then deleted. DependencyViolation on the detach ("mapped public
     * addresses": a NAT gateway or load balancer whose addresses AWS has not released yet) is
     * retryable: the applier waits it out.
     */
    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        List<InternetGateway> found = describe(List.of(Ec2Support.filter("internet-gateway-id", List.of(resource.id()))));
        if (found.isEmpty()) return;
        for (InternetGatewayAttachment a : found.get(0).attachments()) {
            context.status("detaching " + resource.id() + " from " + a.vpcId());
            NOT_FOUND.ignoring(() -> ec2.detachInternetGateway(r -> r.internetGatewayId(resource.id()).vpcId(a.vpcId())));
        }
        NOT_FOUND.ignoring(() -> ec2.deleteInternetGateway(r -> r.internetGatewayId(resource.id())));
    }

    private List<InternetGateway> describe(List<Filter> filters) {
        List<InternetGateway> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeInternetGatewaysPaginator(r -> r.filters(filters)).internetGateways().forEach(out::add));
        return out;
    }

    private LiveResource readOne(String id) {
        List<InternetGateway> found = describe(List.of(Ec2Support.filter("internet-gateway-id", List.of(id))));
        if (found.isEmpty()) {
            throw new ProviderException("InvalidInternetGatewayID.NotFound", "internet gateway " + id + " does not exist", false);
        }
        return toLive(found.get(0));
    }

    /** The VPC the gateway is attached to (or attaching), or null. */
    private static String attachedVpc(InternetGateway g) {
        return g.attachments().stream().map(InternetGatewayAttachment::vpcId).findFirst().orElse(null);
    }

    private static LiveResource toLive(InternetGateway g) {
        Map<String, String> tags = Ec2Support.tagMap(g.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        String vpcId = attachedVpc(g);
        // Detached (by hand): an empty VPC differs from the desired one, so the plan puts a gateway back.
        values.put("vpcId", vpcId == null ? "" : vpcId);
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, g.internetGatewayId());
        return new LiveResource(g.internetGatewayId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }
}
