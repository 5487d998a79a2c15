package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.DataType;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Subnet;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The subnets of a VPC, ordered by availability zone then id, so that a list such as a load
 * balancer's subnets is stable from one plan to the next.
 */
public final class SubnetsData extends AwsType implements DataType {

    public static final String NAME = "aws.ec2.Subnets";

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "The subnets of a VPC, ordered by availability zone then subnet id.",
            ObjectType.of(
                    Property.builder("vpcId", StringType.ANY).required().description("The VPC whose subnets to list.").build(),
                    Property.builder("defaultForAz", BoolType.INSTANCE)
                            .description("Only the default subnet of each availability zone (true) or only the others (false); unset: all.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("the VPC id").build(),
                    Property.builder("ids", ListType.of(StringType.ANY)).computed().description("subnet ids").build(),
                    Property.builder("availabilityZones", ListType.of(StringType.ANY)).computed()
                            .description("availability zone of each subnet, in the order of ids").build()),
            null);

    public SubnetsData(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public Map<String, Object> read(Map<String, Object> inputs, ProviderContext context) {
        String vpcId = (String) inputs.get("vpcId");
        List<Filter> filters = new ArrayList<>();
        filters.add(Ec2Support.filter("vpc-id", List.of(vpcId)));
        Object defaultForAz = inputs.get("defaultForAz");
        if (defaultForAz instanceof Boolean b) filters.add(Ec2Support.filter("default-for-az", List.of(b.toString())));
        List<Subnet> subnets = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeSubnetsPaginator(r -> r.filters(filters)).subnets().forEach(subnets::add));
        if (subnets.isEmpty()) {
            throw new ProviderException("NoSubnets", "VPC " + vpcId + " has no subnets"
                    + (defaultForAz instanceof Boolean b ? " with defaultForAz = " + b : ""), false);
        }
        subnets.sort(Comparator.comparing(Subnet::availabilityZone).thenComparing(Subnet::subnetId));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ResourceSchema.ID, vpcId);
        out.put("ids", new ArrayList<>(subnets.stream().map(Subnet::subnetId).toList()));
        out.put("availabilityZones", new ArrayList<>(subnets.stream().map(Subnet::availabilityZone).toList()));
        return out;
    }
}
