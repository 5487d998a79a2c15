package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.DataType;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.model.Vpc;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The region's default VPC: the network a new account's instances and load balancers land in. */
public final class DefaultVpcData extends AwsType implements DataType {

    public static final String NAME = "aws.ec2.DefaultVpc";

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "The default VPC of the stack's region.",
            ObjectType.of(
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("VPC id").build(),
                    Property.builder("cidrBlock", StringType.ANY).computed().description("primary IPv4 CIDR block").build()),
            null);

    public DefaultVpcData(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public Map<String, Object> read(Map<String, Object> inputs, ProviderContext context) {
        List<Vpc> vpcs = AwsErrors.call(() -> session.ec2().describeVpcs(r -> r.filters(
                Ec2Support.filter("is-default", List.of("true"))))).vpcs();
        if (vpcs.isEmpty()) {
            String region = Ec2Support.region(session.ec2());
            throw new ProviderException("NoDefaultVpc", "region " + region
                    + " has no default VPC (it was deleted, or the account never had one): create one with "
                    + "`aws ec2 create-default-vpc --region " + region + "`", false);
        }
        Vpc vpc = vpcs.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ResourceSchema.ID, vpc.vpcId());
        out.put("cidrBlock", vpc.cidrBlock());
        return out;
    }
}
