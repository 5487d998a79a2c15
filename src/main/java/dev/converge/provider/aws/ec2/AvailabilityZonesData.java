package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.DataType;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.schema.ListType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.AvailabilityZoneOptInStatus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The region's availability zones that every account can use now: state available, and not a
 * Local Zone or Wavelength Zone one must opt in to. Sorted by name, so that {@code names[0]} is the
 * same zone from one plan to the next. Zone names map to different physical zones in different
 * accounts; {@code ids} are the same everywhere (to line up with another account's zones).
 */
public final class AvailabilityZonesData extends AwsType implements DataType {

    public static final String NAME = "aws.ec2.AvailabilityZones";

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "The region's available availability zones (no opt-in needed), sorted by name.",
            ObjectType.of(
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("the region").build(),
                    Property.builder("names", ListType.of(StringType.ANY)).computed()
                            .description("zone names, e.g. ap-northeast-2a, sorted").build(),
                    Property.builder("ids", ListType.of(StringType.ANY)).computed()
                            .description("zone ids (e.g. apne2-az1), in the order of names").build()),
            null);

    public AvailabilityZonesData(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public Map<String, Object> read(Map<String, Object> inputs, ProviderContext context) {
        // One call: the region's zones (AllAvailabilityZones off: opt-in zones not enabled are not listed at all).
        List<AvailabilityZone> zones = new ArrayList<>(AwsErrors.call(() -> session.ec2().describeAvailabilityZones(r -> r.filters(
                Ec2Support.filter("state", List.of("available")),
                Ec2Support.filter("zone-type", List.of("availability-zone"))))).availabilityZones());
        // Opt-in zones the account has enabled are listed too; a stack must not depend on an account's opt-ins.
        zones.removeIf(z -> z.optInStatus() != null && z.optInStatus() != AvailabilityZoneOptInStatus.OPT_IN_NOT_REQUIRED);
        zones.sort(Comparator.comparing(AvailabilityZone::zoneName));
        String region = session.region().id();
        if (zones.isEmpty()) {
            throw new ProviderException("NoAvailabilityZones", "region " + region + " has no availability zone available now", false);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(ResourceSchema.ID, region);
        out.put("names", new ArrayList<>(zones.stream().map(AvailabilityZone::zoneName).toList()));
        out.put("ids", new ArrayList<>(zones.stream().map(AvailabilityZone::zoneId).toList()));
        return out;
    }
}
