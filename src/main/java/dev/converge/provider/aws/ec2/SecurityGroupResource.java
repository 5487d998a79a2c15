package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
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
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.provider.aws.common.Polling;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Values;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A VPC security group with its ingress and egress rules managed as sets: updates authorize and
 * revoke only the difference, and change a rule's description in place.
 */
public final class SecurityGroupResource extends AwsType implements ManagedType, Updatable {

    /** A group deleted meanwhile, or already. */
    private static final NotFound NOT_FOUND = NotFound.codes("InvalidGroup.NotFound");

    public static final String NAME = "aws.ec2.SecurityGroup";

    /** Characters EC2 accepts in VPC security group names, descriptions and rule descriptions. */
    private static final String TEXT = "a-zA-Z0-9. _\\-:/()#,@\\[\\]+=&;{}!$*";

    /** The rule AWS adds to every new VPC security group; leaving egress unset means keeping it. */
    static final Map<String, Object> DEFAULT_EGRESS_RULE = Map.of("protocol", "all", "cidr", "0.0.0.0/0");

    static final ObjectType RULE = ObjectType.of("A security group rule: one protocol, one port or port range, one source.",
            Property.builder("protocol", StringType.oneOfIgnoringCase("tcp", "udp", "icmp", "icmpv6", "all")).required()
                    .description("IP protocol; all means every protocol and port.").build(),
            Property.builder("port", NumberType.range(0, 65535)).description("A single port (tcp, udp).").build(),
            Property.builder("fromPort", NumberType.range(-1, 65535))
                    .description("First port of a range (tcp, udp), or the ICMP type (icmp, icmpv6; -1 for all).").build(),
            Property.builder("toPort", NumberType.range(-1, 65535))
                    .description("Last port of a range (tcp, udp), or the ICMP code (icmp, icmpv6; -1 for all).").build(),
            Property.builder("cidr", StringType.of(StringType.Format.CIDR_V4)).description("IPv4 addresses the rule applies to.").build(),
            Property.builder("cidrs", ListType.setOf(StringType.of(StringType.Format.CIDR_V4)))
                    .description("Several IPv4 ranges: one rule each; an empty list means no rule (e.g. \"${var.sshCidrs}\" "
                            + "for access that is off unless a variable names who may connect).").build(),
            Property.builder("ipv6Cidr", StringType.of(StringType.Format.CIDR_V6)).description("IPv6 addresses the rule applies to.").build(),
            Property.builder("sourceSecurityGroupId", StringType.ANY)
                    .description("Another security group whose members the rule applies to.").build(),
            Property.builder("description", StringType.matching("^[" + TEXT + "]{0,255}$",
                    "at most 255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*"))
                    .description("What the rule is for (changes in place).").build())
            .exactlyOneOf("cidr", "cidrs", "ipv6Cidr", "sourceSecurityGroupId");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "A VPC security group; its rules are sets, changed by authorizing and revoking only the difference.",
            ObjectType.of(
                    Property.builder("name", StringType.matching("^(?!sg-)[" + TEXT + "]{1,255}$",
                            "1–255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*, not starting with sg-")).required()
                            .forcesReplacement("EC2 cannot rename a security group")
                            .description("Group name, unique in the VPC.").build(),
                    Property.builder("description", StringType.matching("^[" + TEXT + "]{1,255}$",
                            "1–255 letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*")).required()
                            .forcesReplacement("EC2 cannot change a security group's description")
                            .description("What the group is for.").build(),
                    Property.builder("vpcId", StringType.ANY)
                            .forcesReplacement("a security group belongs to one VPC for life")
                            .description("The VPC of the group; unset: the region's default VPC.").build(),
                    Property.builder("ingress", ListType.setOf(RULE)).defaultValue(List.of())
                            .description("Inbound rules; none when unset.").build(),
                    Property.builder("egress", ListType.setOf(RULE)).defaultValue(List.of(DEFAULT_EGRESS_RULE))
                            .description("Outbound rules; unset keeps AWS's default rule allowing all outbound IPv4 traffic.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the group.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("security group id (sg-...)").build(),
                    Property.builder("arn", StringType.ANY).computed().description("security group ARN").build()),
            "name");

    public SecurityGroupResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    /** Rules in the shape a read returns (one port where a range is one port), checked on the way. */
    @Override
    public Map<String, Object> normalize(Map<String, Object> desired) {
        Map<String, Object> out = new LinkedHashMap<>(desired);
        for (String direction : new String[]{"ingress", "egress"}) {
            Object rules = desired.get(direction);
            if (rules instanceof List<?> && !Values.containsUnknown(rules)) {
                out.put(direction, SecurityGroupRules.toValues(SecurityGroupRules.parse(rules, direction)));
            }
        }
        return out;
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        return Ec2Support.ownedOrKnown(stack, knownIds, "group-id", this::describe, SecurityGroup::groupId)
                .stream().map(this::toLive).toList();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        // Checked before the first call, so a bad rule never leaves half a group behind.
        List<SecurityGroupRule> ingress = SecurityGroupRules.parse(p.get("ingress"), "ingress");
        List<SecurityGroupRule> egress = SecurityGroupRules.parse(p.get("egress"), "egress");
        String name = (String) p.get("name");
        String vpcId = (String) p.get("vpcId");
        Ec2Client ec2 = session.ec2();
        String groupId;
        try {
            groupId = AwsErrors.call(() -> ec2.createSecurityGroup(r -> r.groupName(name)
                    .description((String) p.get("description")).vpcId(vpcId)
                    .tagSpecifications(Ec2Support.tagSpecification(ResourceType.SECURITY_GROUP, request.tags())))).groupId();
        } catch (ProviderException e) {
            if (!"InvalidGroup.Duplicate".equals(e.code())) throw e;
            groupId = adoptOwnDuplicate(request, name, vpcId, e, context);
        }
        String id = groupId;
        // EC2 is eventually consistent: a group can be briefly invisible to the calls that follow its creation.
        SecurityGroup group = Polling.until(context, AwsWaits.SECURITY_GROUP, "security group " + id + " to exist", () -> {
            List<SecurityGroup> seen = describe(List.of(Ec2Support.filter("group-id", List.of(id))));
            return seen.isEmpty() ? Look.pending("waiting for security group " + id + " to be visible") : Look.done(seen.get(0));
        });
        applyRules(ec2, group, ingress, egress);
        return readOne(id);
    }

    /**
     * A group with this name already exists: the one this very create made on an interrupted or
     * retried attempt is adopted ({@link Adoption}); anything else (a copy of our tags included) is
     * a real conflict, reported with EC2's own code.
     */
    private String adoptOwnDuplicate(CreateRequest request, String name, String vpcId, ProviderException duplicate,
                                     ProviderContext context) {
        List<Filter> filters = new ArrayList<>();
        filters.add(Ec2Support.filter("group-name", List.of(name)));
        if (vpcId != null) filters.add(Ec2Support.filter("vpc-id", List.of(vpcId)));
        List<SecurityGroup> found = describe(filters);
        Optional<SecurityGroup> own = Adoption.ownCopy("security group " + name, found, SecurityGroup::groupId,
                g -> Ec2Support.tagMap(g.tags()), request, context);
        if (own.isPresent()) return own.get().groupId();
        if (found.isEmpty()) throw duplicate;
        SecurityGroup taken = found.get(0);
        Adoption.requireOwnCopy("security group", name + (vpcId == null ? "" : " in " + vpcId), taken.groupId(),
                Ec2Support.tagMap(taken.tags()), request, context, duplicate.code());
        throw duplicate;
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        List<SecurityGroupRule> ingress = SecurityGroupRules.parse(desired.get("ingress"), "ingress");
        List<SecurityGroupRule> egress = SecurityGroupRules.parse(desired.get("egress"), "egress");
        SecurityGroup group = describeOne(current.id());
        if (changed.contains("ingress") || changed.contains("egress")) applyRules(ec2, group, ingress, egress);
        if (changed.contains("tags")) {
            Map<String, Object> userTags = AwsTags.userTags(Ec2Support.tagMap(group.tags()));
            Ec2Support.updateTags(ec2, List.of(group.groupId()), userTags, tags);
        }
        return readOne(current.id());
    }

    /**
     * Brings both rule sets of {@code group} (as just read) to what is desired. New rules are
     * authorized before old ones are revoked, so traffic allowed before and after is never cut.
     */
    private static void applyRules(Ec2Client ec2, SecurityGroup group, List<SecurityGroupRule> ingress,
                                   List<SecurityGroupRule> egress) {
        String id = group.groupId();
        SecurityGroupRules.Changes in = SecurityGroupRules.diff(SecurityGroupRules.expand(group.ipPermissions()), ingress);
        SecurityGroupRules.Changes out = SecurityGroupRules.diff(SecurityGroupRules.expand(group.ipPermissionsEgress()), egress);
        if (!in.authorize().isEmpty()) {
            AwsErrors.run(() -> ec2.authorizeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(SecurityGroupRules.permissions(in.authorize()))));
        }
        if (!out.authorize().isEmpty()) {
            AwsErrors.run(() -> ec2.authorizeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(SecurityGroupRules.permissions(out.authorize()))));
        }
        if (!in.redescribe().isEmpty()) {
            AwsErrors.run(() -> ec2.updateSecurityGroupRuleDescriptionsIngress(r -> r.groupId(id)
                    .ipPermissions(SecurityGroupRules.permissions(in.redescribe()))));
        }
        if (!out.redescribe().isEmpty()) {
            AwsErrors.run(() -> ec2.updateSecurityGroupRuleDescriptionsEgress(r -> r.groupId(id)
                    .ipPermissions(SecurityGroupRules.permissions(out.redescribe()))));
        }
        if (!in.revoke().isEmpty()) {
            AwsErrors.run(() -> ec2.revokeSecurityGroupIngress(r -> r.groupId(id).ipPermissions(SecurityGroupRules.permissions(in.revoke()))));
        }
        if (!out.revoke().isEmpty()) {
            AwsErrors.run(() -> ec2.revokeSecurityGroupEgress(r -> r.groupId(id).ipPermissions(SecurityGroupRules.permissions(out.revoke()))));
        }
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Ec2Support#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Ec2Support.disown(session.ec2(), stack, "security group", resource.id());
    }

    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        // DependencyViolation (network interfaces of a load balancer or instance still using the
        // group, which AWS releases minutes after they are deleted) is retryable: the engine waits it out.
        NOT_FOUND.ignoring(() -> session.ec2().deleteSecurityGroup(r -> r.groupId(resource.id())));
    }

    private List<SecurityGroup> describe(List<Filter> filters) {
        List<SecurityGroup> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeSecurityGroupsPaginator(r -> r.filters(filters)).securityGroups().forEach(out::add));
        return out;
    }

    private SecurityGroup describeOne(String id) {
        List<SecurityGroup> groups = describe(List.of(Ec2Support.filter("group-id", List.of(id))));
        if (groups.isEmpty()) throw new ProviderException("InvalidGroup.NotFound", "security group " + id + " does not exist", false);
        return groups.get(0);
    }

    private LiveResource readOne(String id) {
        return toLive(describeOne(id));
    }

    private LiveResource toLive(SecurityGroup g) {
        Map<String, String> tags = Ec2Support.tagMap(g.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", g.groupName());
        values.put("description", g.description());
        if (g.vpcId() != null) values.put("vpcId", g.vpcId());
        values.put("ingress", SecurityGroupRules.toValues(SecurityGroupRules.expand(g.ipPermissions())));
        values.put("egress", SecurityGroupRules.toValues(SecurityGroupRules.expand(g.ipPermissionsEgress())));
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, g.groupId());
        values.put("arn", g.securityGroupArn() != null ? g.securityGroupArn() : arn(g));
        return new LiveResource(g.groupId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }

    /** Older EC2 endpoints do not return the ARN; its form is documented and fixed. */
    private String arn(SecurityGroup g) {
        String region = Ec2Support.region(session.ec2());
        return "arn:" + Ec2Support.partition(region) + ":ec2:" + region + ":" + g.ownerId() + ":security-group/" + g.groupId();
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.SECURITY_GROUP);
    }
}
