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
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CreateRouteTableRequest;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociation;
import software.amazon.awssdk.services.ec2.model.RouteTableAssociationStateCode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A route table with its routes and the subnets it serves, all changed in place: routes are
 * created, replaced and deleted ({@link Routes}), subnets associated and disassociated. A subnet
 * that leaves the table falls back to the VPC's main route table. Deleting the table disassociates
 * its subnets first, as AWS requires.
 */
public final class RouteTableResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.ec2.RouteTable";

    private static final NotFound NOT_FOUND = NotFound.codes("InvalidRouteTableID.NotFound", "InvalidAssociationID.NotFound");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "A route table: where a VPC's traffic goes, for the subnets associated with it.",
            ObjectType.of(
                    Property.builder("vpcId", StringType.ANY).required()
                            .forcesReplacement("a route table belongs to one VPC for life")
                            .description("The VPC, e.g. ${resources.vpc.id}.").build(),
                    Property.builder("routes", ListType.setOf(Routes.ROUTE)).defaultValue(List.of())
                            .description("Routes besides the VPC's own local route (changed in place: created, replaced, "
                                    + "deleted); none when unset.").build(),
                    Property.builder("subnetIds", ListType.setOf(StringType.ANY)).defaultValue(List.of())
                            .description("Subnets that use this table (associated and disassociated in place); a subnet "
                                    + "moved here from another table of this stack moves in one call.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the route table.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("route table id (rtb-...)").build()),
            null);

    public RouteTableResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        return Ec2Support.ownedOrKnown(stack, knownIds, "route-table-id", this::describe, RouteTable::routeTableId)
                .stream().map(RouteTableResource::toLive).toList();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        List<Routes.Spec> routes = Routes.parse(p.get("routes"));
        CreateRouteTableRequest.Builder b = CreateRouteTableRequest.builder().vpcId((String) p.get("vpcId"))
                .tagSpecifications(Ec2Support.tagSpecification(ResourceType.ROUTE_TABLE, request.tags()));
        // The same token returns the same table: a rerun after a crash makes no second one.
        if (request.idempotencyToken() != null) b.clientToken(request.idempotencyToken());
        Ec2Client ec2 = session.ec2();
        String id = AwsErrors.call(() -> ec2.createRouteTable(b.build())).routeTable().routeTableId();
        // EC2 is eventually consistent: a new table can be briefly unknown to the calls that follow.
        RouteTable table = Polling.until(context, AwsWaits.NETWORK, "route table " + id + " to exist", () -> {
            List<RouteTable> seen = describe(List.of(Ec2Support.filter("route-table-id", List.of(id))));
            return seen.isEmpty() ? Look.pending("waiting for route table " + id + " to be visible") : Look.done(seen.get(0));
        });
        Routes.apply(ec2, id, Routes.managed(table.routes()), routes);
        associate(ec2, context, table, strings(p.get("subnetIds")), request.stack());
        return readOne(id);
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        RouteTable table = describeOne(current.id());
        if (changed.contains("routes")) Routes.apply(ec2, table.routeTableId(), Routes.managed(table.routes()), Routes.parse(desired.get("routes")));
        if (changed.contains("subnetIds")) associate(ec2, context, table, strings(desired.get("subnetIds")), tags.get(Ownership.STACK_TAG));
        if (changed.contains("tags")) {
            Ec2Support.updateTags(ec2, List.of(table.routeTableId()), AwsTags.userTags(Ec2Support.tagMap(table.tags())), tags);
        }
        return readOne(current.id());
    }

    /**
     * Brings the table's subnet associations to {@code wanted}: new subnets first, then the ones
     * that leave are disassociated (they fall back to the main table). A new subnet still
     * associated with another table moves in one ReplaceRouteTableAssociation if that table is this
     * stack's (a subnet moved between two tables of the stack, whichever update runs first);
     * a table of anybody else's keeps it, and the update fails saying so.
     */
    private void associate(Ec2Client ec2, ProviderContext context, RouteTable table, Set<String> wanted, String stack) {
        String id = table.routeTableId();
        Map<String, String> mine = subnetAssociations(table);
        Set<String> added = new LinkedHashSet<>(wanted);
        added.removeAll(mine.keySet());
        if (!added.isEmpty()) {
            Map<String, RouteTable> elsewhere = tablesOf(added);
            for (String subnet : added) {
                RouteTable other = elsewhere.get(subnet);
                if (other == null) {
                    context.status("associating " + subnet + " with " + id);
                    AwsErrors.run(() -> ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(subnet)));
                } else if (stack != null && AwsTags.ownedBy(Ec2Support.tagMap(other.tags()), stack)) {
                    String association = subnetAssociations(other).get(subnet);
                    context.status("moving " + subnet + " from " + other.routeTableId() + " to " + id);
                    boolean moved = NOT_FOUND.ignoring(() -> ec2.replaceRouteTableAssociation(r -> r.associationId(association).routeTableId(id)));
                    // The other table's own update, running beside this one, dropped the subnet between
                    // the read and the move (its association is gone): the subnet is free, associate it.
                    if (!moved) AwsErrors.run(() -> ec2.associateRouteTable(r -> r.routeTableId(id).subnetId(subnet)));
                } else {
                    throw new ProviderException("Resource.AlreadyAssociated", "subnet " + subnet + " is associated with route table "
                            + other.routeTableId() + ", which this stack does not manage; disassociate it there first "
                            + "(aws ec2 disassociate-route-table --association-id " + subnetAssociations(other).get(subnet) + ")", false);
                }
            }
        }
        mine.forEach((subnet, association) -> {
            if (wanted.contains(subnet)) return;
            context.status("disassociating " + subnet + " from " + id);
            NOT_FOUND.ignoring(() -> ec2.disassociateRouteTable(r -> r.associationId(association)));
        });
    }

    /** The tables that hold an explicit association of each subnet, in one describe. */
    private Map<String, RouteTable> tablesOf(Set<String> subnets) {
        Map<String, RouteTable> out = new LinkedHashMap<>();
        for (List<String> chunk : Ec2Support.chunks(subnets)) {
            for (RouteTable t : describe(List.of(Ec2Support.filter("association.subnet-id", chunk)))) {
                for (String subnet : subnetAssociations(t).keySet()) if (subnets.contains(subnet)) out.put(subnet, t);
            }
        }
        return out;
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Ec2Support#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Ec2Support.disown(session.ec2(), stack, "route table", resource.id());
    }

    /** Subnets disassociated first (AWS refuses to delete a table in use); then the table, with its routes. */
    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        List<RouteTable> found = describe(List.of(Ec2Support.filter("route-table-id", List.of(resource.id()))));
        if (found.isEmpty()) return;
        subnetAssociations(found.get(0)).forEach((subnet, association) -> {
            context.status("disassociating " + subnet + " from " + resource.id());
            NOT_FOUND.ignoring(() -> ec2.disassociateRouteTable(r -> r.associationId(association)));
        });
        NOT_FOUND.ignoring(() -> ec2.deleteRouteTable(r -> r.routeTableId(resource.id())));
    }

    private List<RouteTable> describe(List<Filter> filters) {
        List<RouteTable> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeRouteTablesPaginator(r -> r.filters(filters)).routeTables().forEach(out::add));
        return out;
    }

    private RouteTable describeOne(String id) {
        List<RouteTable> found = describe(List.of(Ec2Support.filter("route-table-id", List.of(id))));
        if (found.isEmpty()) throw new ProviderException("InvalidRouteTableID.NotFound", "route table " + id + " does not exist", false);
        return found.get(0);
    }

    private LiveResource readOne(String id) {
        return toLive(describeOne(id));
    }

    /** Subnet id → association id, for the table's explicit subnet associations in force. */
    private static Map<String, String> subnetAssociations(RouteTable t) {
        Map<String, String> out = new LinkedHashMap<>();
        for (RouteTableAssociation a : t.associations()) {
            if (a.subnetId() == null || Boolean.TRUE.equals(a.main())) continue;
            RouteTableAssociationStateCode state = a.associationState() == null ? null : a.associationState().state();
            if (state == RouteTableAssociationStateCode.DISASSOCIATING || state == RouteTableAssociationStateCode.DISASSOCIATED) continue;
            out.put(a.subnetId(), a.routeTableAssociationId());
        }
        return out;
    }

    private static Set<String> strings(Object value) {
        Set<String> out = new LinkedHashSet<>();
        if (value instanceof List<?> list) for (Object o : list) out.add((String) o);
        return out;
    }

    private static LiveResource toLive(RouteTable t) {
        Map<String, String> tags = Ec2Support.tagMap(t.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("vpcId", t.vpcId());
        values.put("routes", Routes.toValues(Routes.managed(t.routes())));
        values.put("subnetIds", new ArrayList<>(subnetAssociations(t).keySet().stream().sorted().toList()));
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, t.routeTableId());
        return new LiveResource(t.routeTableId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.NETWORK);
    }
}
