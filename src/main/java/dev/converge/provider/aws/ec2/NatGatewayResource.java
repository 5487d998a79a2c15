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
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateNatGatewayRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.NatGateway;
import software.amazon.awssdk.services.ec2.model.NatGatewayAddress;
import software.amazon.awssdk.services.ec2.model.NatGatewayState;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A NAT gateway: the way out to the internet of private subnets. Created with the apply's
 * idempotency token as ClientToken (a rerun after a crash gets the same gateway back), and waited
 * for: creation takes minutes, and so does deletion, which only then releases the Elastic IP and
 * the network interface that keep the subnet from being deleted. Its hourly price is in the plan;
 * the data it processes is usage, which no plan knows.
 */
public final class NatGatewayResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.ec2.NatGateway";

    private static final NotFound NOT_FOUND = NotFound.codes("NatGatewayNotFound");

    /**
     * States of a gateway that exists for a reconciler. AWS lists deleted and failed gateways for
     * about an hour; they hold nothing and cost nothing, and a failed one is reported by its create.
     */
    private static final List<String> LIVE_STATES = List.of("pending", "available", "deleting");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "A NAT gateway in a public subnet: private subnets reach the internet through it (billed hourly and per GB).",
            ObjectType.of(
                    Property.builder("subnetId", StringType.ANY).required()
                            .forcesReplacement("a NAT gateway stays in the subnet it was created in")
                            .description("A public subnet (one whose route table leads to an internet gateway), e.g. "
                                    + "${resources.publicA.id}.").build(),
                    Property.builder("allocationId", StringType.matching("^eipalloc-[0-9a-f]+$", "an Elastic IP allocation id (eipalloc-...)"))
                            .forcesReplacement("a NAT gateway's primary Elastic IP is fixed when it is created")
                            .description("The Elastic IP it sends from, e.g. ${resources.natAddress.id}; required when "
                                    + "connectivityType is public, not allowed when private.").build(),
                    Property.builder("connectivityType", StringType.oneOf("public", "private")).defaultValue("public")
                            .forcesReplacement("AWS fixes a NAT gateway's connectivity when it is created")
                            .description("public: to the internet through an internet gateway; private: to other VPCs and "
                                    + "networks only.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the NAT gateway.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("NAT gateway id (nat-...)").build(),
                    Property.builder("publicIp", StringType.ANY).computed()
                            .description("the Elastic IP's address (public gateways; priced with the Elastic IP)").build(),
                    Property.builder("privateIp", StringType.ANY).computed().description("its private IPv4 address in the subnet").build(),
                    Property.builder("vpcId", StringType.ANY).computed().description("the VPC of its subnet").build()),
            // An Elastic IP serves one NAT gateway at a time: a replacement keeping the address must
            // delete the old gateway (and wait until it lets the address go) before creating the new one.
            "allocationId");

    public NatGatewayResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        List<NatGateway> found = Ec2Support.ownedOrKnown(stack, knownIds, "nat-gateway-id", this::describe, NatGateway::natGatewayId);
        return found.stream()
                // Tag filters are AWS's; moto ignores them on this call. Checking costs nothing and keeps other stacks' out.
                .filter(g -> knownIds.contains(g.natGatewayId()) || AwsTags.ownedBy(Ec2Support.tagMap(g.tags()), stack))
                .map(NatGatewayResource::toLive).toList();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        String type = (String) p.getOrDefault("connectivityType", "public");
        String allocationId = (String) p.get("allocationId");
        if ("public".equals(type) && allocationId == null) {
            throw new ProviderException("MissingParameter", "a public NAT gateway needs an Elastic IP: set allocationId, e.g. "
                    + "${resources.natAddress.id} with an aws.ec2.ElasticIp entry", false);
        }
        if ("private".equals(type) && allocationId != null) {
            throw new ProviderException("InvalidParameterCombination", "a private NAT gateway has no Elastic IP: remove allocationId", false);
        }
        CreateNatGatewayRequest.Builder b = CreateNatGatewayRequest.builder().subnetId((String) p.get("subnetId"))
                .connectivityType(type)
                .tagSpecifications(Ec2Support.tagSpecification(ResourceType.NATGATEWAY, request.tags()));
        if (allocationId != null) b.allocationId(allocationId);
        // The same token returns the same gateway: an apply rerun after a crash makes no second one (nor a second bill).
        if (request.idempotencyToken() != null) b.clientToken(request.idempotencyToken());
        Ec2Client ec2 = session.ec2();
        String id = AwsErrors.call(() -> ec2.createNatGateway(b.build())).natGateway().natGatewayId();
        context.status("created " + id + " (AWS takes a few minutes to make it available)");
        awaitAvailable(context, id);
        return readOne(id);
    }

    private void awaitAvailable(ProviderContext context, String id) {
        Polling.until(context, AwsWaits.NAT_GATEWAY, "NAT gateway " + id + " to be available", () -> {
            Optional<NatGateway> seen = find(id);
            if (seen.isEmpty()) return Look.pending("waiting for NAT gateway " + id + " to be visible");
            NatGateway g = seen.get();
            return switch (g.state()) {
                case AVAILABLE -> Look.done(id);
                case FAILED, DELETING, DELETED -> Look.failed("NAT gateway " + id + " is " + g.stateAsString()
                        + (g.failureMessage() == null ? "" : ": " + g.failureCode() + ": " + g.failureMessage()));
                default -> Look.pending("waiting for NAT gateway " + id + " to be available (" + g.stateAsString() + ")");
            };
        });
    }

    /** Only tags change in place: AWS changes nothing else of a NAT gateway. */
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
        Ec2Support.disown(session.ec2(), stack, "NAT gateway", resource.id());
    }

    /**
     * Deleted, then waited for until AWS says deleted: only then are its Elastic IP and network
     * interface released, so that the address can be released and the subnet deleted after it.
     */
    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        String id = resource.id();
        if (!NOT_FOUND.ignoring(() -> session.ec2().deleteNatGateway(r -> r.natGatewayId(id)))) return;
        Polling.until(context, AwsWaits.NAT_GATEWAY, "NAT gateway " + id + " to be deleted", () -> {
            Optional<NatGateway> seen = find(id);
            if (seen.isEmpty() || seen.get().state() == NatGatewayState.DELETED) return Look.done(id);
            return Look.pending("waiting for NAT gateway " + id + " to be deleted (" + seen.get().stateAsString() + ")");
        });
    }

    /** The gateway in any state (deleted and failed included), or empty if AWS no longer lists it. */
    private Optional<NatGateway> find(String id) {
        List<NatGateway> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeNatGatewaysPaginator(r -> r.filter(Ec2Support.filter("nat-gateway-id", List.of(id))))
                .natGateways().forEach(out::add));
        return out.stream().findFirst();
    }

    private List<NatGateway> describe(List<Filter> filters) {
        List<Filter> all = new ArrayList<>(filters);
        all.add(Ec2Support.filter("state", LIVE_STATES));
        List<NatGateway> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeNatGatewaysPaginator(r -> r.filter(all)).natGateways().forEach(out::add));
        return out;
    }

    private LiveResource readOne(String id) {
        return toLive(find(id).orElseThrow(() -> new ProviderException("NatGatewayNotFound", "NAT gateway " + id + " does not exist", false)));
    }

    private static LiveResource toLive(NatGateway g) {
        Map<String, String> tags = Ec2Support.tagMap(g.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("subnetId", g.subnetId());
        // The primary address: the one given at creation (secondary addresses are not managed here).
        Optional<NatGatewayAddress> primary = g.natGatewayAddresses().stream()
                .filter(a -> a.isPrimary() == null || a.isPrimary()).findFirst();
        primary.map(NatGatewayAddress::allocationId).ifPresent(a -> values.put("allocationId", a));
        values.put("connectivityType", g.connectivityType() == null ? "public" : g.connectivityTypeAsString());
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, g.natGatewayId());
        primary.map(NatGatewayAddress::publicIp).ifPresent(ip -> values.put("publicIp", ip));
        primary.map(NatGatewayAddress::privateIp).ifPresent(ip -> values.put("privateIp", ip));
        values.put("vpcId", g.vpcId());
        return new LiveResource(g.natGatewayId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.NAT_GATEWAY);
    }
}
