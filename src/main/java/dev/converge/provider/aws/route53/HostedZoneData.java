package dev.converge.provider.aws.route53;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.DataType;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.UsedAttributes;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.schema.BoolType;
import dev.converge.schema.ListType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ListHostedZonesByNameResponse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code aws.route53.HostedZone}: finds a hosted zone by name. Converge never creates zones on AWS
 * (a zone is delegated from a registrar and outlives any stack); the one exception is the sandbox,
 * which starts empty: there the zone is created so that the example stacks run as they are.
 */
public final class HostedZoneData extends AwsType implements DataType {

    public static final String NAME = "aws.route53.HostedZone";

    public static final ResourceSchema SCHEMA = new ResourceSchema(
            "Looks up an existing Route 53 hosted zone by name",
            ObjectType.of(
                    Property.builder("name", StringType.of(StringType.Format.DNS_NAME)).required()
                            .description("The zone's DNS name, such as example.com (a trailing dot is optional)").build(),
                    Property.builder("privateZone", BoolType.INSTANCE).defaultValue(false)
                            .description("Look for a private zone (attached to VPCs) instead of a public one").build(),
                    Property.builder("id", StringType.ANY).computed()
                            .description("The zone id, such as Z0123456789ABCDEFGHIJ (without /hostedzone/)").build(),
                    Property.builder("nameServers", ListType.of(StringType.ANY)).computed()
                            .description("The name servers Route 53 assigned to a public zone; empty for a private zone").build()),
            null);

    public HostedZoneData(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public Map<String, Object> read(Map<String, Object> inputs, ProviderContext context) {
        return read(inputs, UsedAttributes.ALL, context);
    }

    /**
     * The name servers cost a call of their own (only GetHostedZone returns the delegation set), made
     * only when the stack uses them: without it, a plan's lookup of the zone is one Route 53 round
     * trip instead of two, and from Seoul each one crosses the Pacific (the API is in us-east-1).
     */
    @Override
    public Map<String, Object> read(Map<String, Object> inputs, UsedAttributes used, ProviderContext context) {
        String name = DnsNames.normalize(String.valueOf(inputs.get("name")));
        boolean privateZone = Boolean.TRUE.equals(inputs.get("privateZone"));
        List<HostedZone> matches = find(name, privateZone);
        String kind = privateZone ? "private" : "public";
        if (matches.isEmpty()) {
            if (context.sandbox() && !privateZone) return describe(createInSandbox(name, context), used);
            throw new ProviderException("HostedZoneNotFound", "no " + kind + " Route 53 hosted zone named " + name
                    + " in this AWS account; create it (and delegate the domain to it) before using it in a stack", false);
        }
        if (matches.size() > 1) {
            List<String> ids = matches.stream().map(z -> HostedZoneIds.bare(z.id())).toList();
            throw new ProviderException("AmbiguousHostedZone", matches.size() + " " + kind + " hosted zones are named " + name
                    + " (" + String.join(", ", ids) + "); delete the unused ones, Converge cannot tell which one the domain uses", false);
        }
        return describe(matches.get(0), used);
    }

    /** Zones with exactly this name: ListHostedZonesByName starts at the name, in DNS order. */
    private List<HostedZone> find(String name, boolean privateZone) {
        List<HostedZone> out = new ArrayList<>();
        String qualified = DnsNames.qualified(name);
        String startName = qualified;
        String startId = null;
        while (true) {
            String fromName = startName;
            String fromId = startId;
            ListHostedZonesByNameResponse page = AwsErrors.call(() -> session.route53().listHostedZonesByName(r -> r
                    .dnsName(fromName).hostedZoneId(fromId).maxItems("100")));
            boolean pastName = false;
            for (HostedZone z : page.hostedZones()) {
                if (!DnsNames.same(z.name(), name)) {
                    pastName = true;
                    break;
                }
                boolean isPrivate = z.config() != null && Boolean.TRUE.equals(z.config().privateZone());
                if (isPrivate == privateZone) out.add(z);
            }
            if (pastName || !Boolean.TRUE.equals(page.isTruncated()) || !DnsNames.same(page.nextDNSName(), name)) return out;
            startName = page.nextDNSName();
            startId = page.nextHostedZoneId();
        }
    }

    private Map<String, Object> describe(HostedZone zone, UsedAttributes used) {
        boolean isPrivate = zone.config() != null && Boolean.TRUE.equals(zone.config().privateZone());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("name", DnsNames.normalize(zone.name()));
        out.put("privateZone", isPrivate);
        out.put("id", HostedZoneIds.bare(zone.id()));
        if (used.contains("nameServers")) {
            List<Object> nameServers = new ArrayList<>();
            if (!isPrivate) {
                // Only GetHostedZone returns the delegation set; private zones have none.
                var full = AwsErrors.call(() -> session.route53().getHostedZone(r -> r.id(HostedZoneIds.bare(zone.id()))));
                if (full.delegationSet() != null) nameServers.addAll(full.delegationSet().nameServers());
            }
            out.put("nameServers", nameServers);
        }
        return out;
    }

    /** The sandbox starts empty; a public zone is what the example stacks expect to find. */
    private HostedZone createInSandbox(String name, ProviderContext context) {
        HostedZone zone = AwsErrors.call(() -> session.route53().createHostedZone(r -> r
                .name(DnsNames.qualified(name))
                .callerReference("converge-sandbox-" + UUID.randomUUID())
                .hostedZoneConfig(c -> c.privateZone(false).comment("created by Converge in the sandbox")))).hostedZone();
        context.notice("created hosted zone " + name + " in the sandbox");
        return zone;
    }
}
