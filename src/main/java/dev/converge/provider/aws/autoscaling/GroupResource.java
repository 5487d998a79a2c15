package dev.converge.provider.aws.autoscaling;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.AwaitsReadiness;
import dev.converge.provider.CheckContext;
import dev.converge.provider.LiveResource;
import dev.converge.provider.ManagedType;
import dev.converge.provider.OwnershipCarrier;
import dev.converge.provider.PlanChecked;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.ProviderException;
import dev.converge.provider.ResourceSchema;
import dev.converge.provider.Updatable;
import dev.converge.provider.Wait;
import dev.converge.provider.aws.common.Adoption;
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.autoscaling.AutoScalingClient;
import software.amazon.awssdk.services.autoscaling.model.AutoScalingGroup;
import software.amazon.awssdk.services.autoscaling.model.Filter;
import software.amazon.awssdk.services.autoscaling.model.UpdateAutoScalingGroupRequest;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An Auto Scaling group launching from a launch template into VPC subnets, registering its
 * instances with target groups. Sizes, subnets, target groups, health checks and the template
 * change in place; a change of template (or of its version) rolls the instances through an
 * instance refresh, waited for. The instances are the group's, never the stack's ({@link GroupTags}).
 *
 * <p>Reading costs one DescribeAutoScalingGroups by the ownership tag (plus one for the names the
 * state knows), 100 groups a page.
 */
public final class GroupResource extends AwsType implements ManagedType, Updatable, AwaitsReadiness, PlanChecked {

    public static final String NAME = "aws.autoscaling.Group";

    /** The sizes that must be in order: checked at load for literal values, at plan for the rest. */
    static final List<String> SIZES = List.of("minSize", "desiredCapacity", "maxSize");

    /** What UpdateAutoScalingGroup changes; the rest has calls of its own. */
    private static final Set<String> GROUP_SETTINGS = Set.of("launchTemplateId", "launchTemplateVersion", "minSize", "maxSize",
            "desiredCapacity", "subnetIds", "healthCheckType", "healthCheckGracePeriodSeconds");

    static final ObjectType REFRESH = ObjectType.of("How an instance refresh replaces the instances when the template changes.",
            Property.builder("minHealthyPercentage", NumberType.range(0, 100)).defaultValue(90L)
                    .description("Percentage of the desired capacity kept InService and healthy while instances are replaced.").build(),
            Property.builder("instanceWarmupSeconds", NumberType.range(0, 86400))
                    .description("Seconds a new instance is given before it counts as healthy; unset: the group's health check "
                            + "grace period.").build());

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An Auto Scaling group: instances from a launch template in VPC subnets, registered with target groups; "
                    + "a template change rolls them through an instance refresh.",
            ObjectType.of(
                    Property.builder("name", StringType.matching("^[^:]{1,255}$", "1–255 characters, no colon")).required()
                            .forcesReplacement("an Auto Scaling group cannot be renamed")
                            .description("Group name, unique in the region.").build(),
                    Property.builder("launchTemplateId", StringType.matching("^lt-[0-9a-f]+$")).required()
                            .description("Launch template of the instances, e.g. ${resources.template.id}.").build(),
                    Property.builder("launchTemplateVersion", StringType.matching("^(\\$Latest|\\$Default|[0-9]+)$",
                            "a version number, $Latest or $Default")).defaultValue("$Default")
                            .description("Template version, e.g. ${resources.template.latestVersion}; a change starts an "
                                    + "instance refresh.").build(),
                    Property.builder("minSize", NumberType.range(0, 10000)).required()
                            .description("Fewest instances the group keeps.").build(),
                    Property.builder("maxSize", NumberType.range(0, 10000)).required()
                            .description("Most instances the group launches.").build(),
                    Property.builder("desiredCapacity", NumberType.range(0, 10000))
                            .description("Instances the group keeps; unset: AWS starts at minSize and scaling policies "
                                    + "decide.").build(),
                    Property.builder("subnetIds", ListType.setOf(StringType.matching("^subnet-[0-9a-f]+$")).nonEmpty()).required()
                            .description("VPC subnets to launch in, ideally in several availability zones.").build(),
                    Property.builder("targetGroupArns", ListType.setOf(StringType.ANY)).defaultValue(List.of())
                            .description("Target groups the group registers its instances with (attached and detached in "
                                    + "place).").build(),
                    Property.builder("healthCheckType", StringType.oneOf("EC2", "ELB")).defaultValue("EC2")
                            .description("EC2: replace instances EC2 finds impaired; ELB: also those failing their target "
                                    + "groups' health checks.").build(),
                    Property.builder("healthCheckGracePeriodSeconds", NumberType.range(0, 86400)).defaultValue(0L)
                            .description("Seconds after launch before health checks count.").build(),
                    Property.builder("instanceRefresh", REFRESH).defaultValue(Map.of("minHealthyPercentage", 90L))
                            .description("How a template change replaces the instances (AWS keeps no such setting: compared "
                                    + "with what was applied).").build(),
                    Property.builder("tags", MapType.STRINGS)
                            .description("Tags of the group, also given to the instances it launches.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("The group's name.").build(),
                    Property.builder("arn", StringType.ANY).computed().description("The group's ARN.").build())
                    .ascending(SIZES.toArray(String[]::new)),
            "name");

    public GroupResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    private AutoScalingClient asg() {
        return session.autoscaling();
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        Map<String, AutoScalingGroup> found = new LinkedHashMap<>();
        describe(Filter.builder().name("tag:" + dev.converge.provider.Ownership.STACK_TAG).values(stack).build(), List.of())
                .forEach(g -> found.put(g.autoScalingGroupName(), g));
        List<String> missing = knownIds.stream().filter(id -> !found.containsKey(id)).toList();
        // DescribeAutoScalingGroups takes at most 100 names a call (a page).
        for (int i = 0; i < missing.size(); i += 100) {
            describe(null, missing.subList(i, Math.min(missing.size(), i + 100))).forEach(g -> found.put(g.autoScalingGroupName(), g));
        }
        return found.values().stream().filter(g -> !deleting(g)).map(GroupResource::toLive).toList();
    }

    private List<AutoScalingGroup> describe(Filter filter, List<String> names) {
        List<AutoScalingGroup> out = new ArrayList<>();
        AwsErrors.run(() -> asg().describeAutoScalingGroupsPaginator(r -> {
            if (filter != null) r.filters(filter);
            if (!names.isEmpty()) r.autoScalingGroupNames(names);
            r.maxRecords(100);
        }).autoScalingGroups().forEach(out::add));
        return out;
    }

    static Optional<AutoScalingGroup> describeOne(AutoScalingClient asg, String name) {
        return AwsErrors.call(() -> asg.describeAutoScalingGroups(r -> r.autoScalingGroupNames(name))).autoScalingGroups().stream()
                .findFirst();
    }

    /** A group being deleted ("Delete in progress") is gone for a reconciler: nothing can be changed on it. */
    private static boolean deleting(AutoScalingGroup g) {
        return g.status() != null && g.status().startsWith("Delete");
    }

    @Override
    public List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned, CheckContext context) {
        List<PlanChecked.Problem> out = new ArrayList<>();
        for (PlanChecked.Planned p : planned) {
            ObjectType.outOfOrder(SIZES, p.desired()).ifPresent(wrong -> out.add(new PlanChecked.Problem(p.address(), wrong.get(1),
                    wrong.get(1) + " (" + p.desired().get(wrong.get(1)) + ") is less than " + wrong.get(0) + " ("
                            + p.desired().get(wrong.get(0)) + ")", String.join(" ≤ ", SIZES) + " must hold")));
        }
        return out;
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource create(CreateRequest req, ProviderContext ctx) {
        Map<String, Object> p = req.properties();
        String name = (String) p.get("name");
        try {
            AwsErrors.run(() -> asg().createAutoScalingGroup(r -> {
                r.autoScalingGroupName(name)
                        .launchTemplate(t -> t.launchTemplateId((String) p.get("launchTemplateId"))
                                .version((String) p.get("launchTemplateVersion")))
                        .minSize(((Number) p.get("minSize")).intValue()).maxSize(((Number) p.get("maxSize")).intValue())
                        .vpcZoneIdentifier(String.join(",", (List<String>) p.get("subnetIds")))
                        .targetGroupARNs((List<String>) p.get("targetGroupArns"))
                        .healthCheckType((String) p.get("healthCheckType"))
                        .healthCheckGracePeriod(((Number) p.get("healthCheckGracePeriodSeconds")).intValue())
                        .tags(GroupTags.sdk(name, req.tags()));
                if (p.get("desiredCapacity") instanceof Number d) r.desiredCapacity(d.intValue());
            }));
        } catch (ProviderException e) {
            // No idempotency token: the group an interrupted attempt of this create made carries its proof.
            if (!Adoption.CONFLICT.equals(e.code())) throw e;
            AutoScalingGroup existing = describeOne(asg(), name).orElseThrow(() -> e);
            Adoption.requireOwnCopy("Auto Scaling group", name, name, GroupTags.toMap(existing.tags()), req, ctx);
            LiveResource current = toLive(existing);
            Set<String> all = new LinkedHashSet<>(GROUP_SETTINGS);
            all.add("targetGroupArns");
            converge(current, p, all, ctx);
        }
        ctx.status("created Auto Scaling group " + name);
        return readOne(name);
    }

    @Override
    @SuppressWarnings("unchecked")
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext ctx) {
        converge(current, desired, changed, ctx);
        if (changed.contains("tags")) {
            GroupTags.update(asg(), current.id(), (Map<String, Object>) current.values().get("tags"), tags);
        }
        if (changed.contains("launchTemplateId") || changed.contains("launchTemplateVersion")) {
            new InstanceRefreshes(asg(), ctx).roll(current.id(), (Map<String, Object>) desired.get("instanceRefresh"));
        }
        return readOne(current.id());
    }

    /** UpdateAutoScalingGroup with what changed, then target groups: new ones attached before old ones are detached. */
    @SuppressWarnings("unchecked")
    private void converge(LiveResource current, Map<String, Object> p, Set<String> changed, ProviderContext ctx) {
        String name = current.id();
        if (changed.stream().anyMatch(GROUP_SETTINGS::contains)) {
            UpdateAutoScalingGroupRequest.Builder b = UpdateAutoScalingGroupRequest.builder().autoScalingGroupName(name);
            if (changed.contains("launchTemplateId") || changed.contains("launchTemplateVersion")) {
                b.launchTemplate(t -> t.launchTemplateId((String) p.get("launchTemplateId")).version((String) p.get("launchTemplateVersion")));
            }
            // The three sizes together: AWS checks min ≤ desired ≤ max on the result, whichever order they change in.
            if (changed.contains("minSize") || changed.contains("maxSize") || changed.contains("desiredCapacity")) {
                b.minSize(((Number) p.get("minSize")).intValue()).maxSize(((Number) p.get("maxSize")).intValue());
                if (p.get("desiredCapacity") instanceof Number d) b.desiredCapacity(d.intValue());
            }
            if (changed.contains("subnetIds")) b.vpcZoneIdentifier(String.join(",", (List<String>) p.get("subnetIds")));
            if (changed.contains("healthCheckType")) b.healthCheckType((String) p.get("healthCheckType"));
            if (changed.contains("healthCheckGracePeriodSeconds")) {
                b.healthCheckGracePeriod(((Number) p.get("healthCheckGracePeriodSeconds")).intValue());
            }
            AwsErrors.run(() -> asg().updateAutoScalingGroup(b.build()));
        }
        if (changed.contains("targetGroupArns")) {
            List<String> before = (List<String>) current.values().getOrDefault("targetGroupArns", List.of());
            List<String> after = (List<String>) p.get("targetGroupArns");
            List<String> attach = after.stream().filter(a -> !before.contains(a)).toList();
            List<String> detach = before.stream().filter(a -> !after.contains(a)).toList();
            if (!attach.isEmpty()) AwsErrors.run(() -> asg().attachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(name).targetGroupARNs(attach)));
            if (!detach.isEmpty()) AwsErrors.run(() -> asg().detachLoadBalancerTargetGroups(r -> r.autoScalingGroupName(name).targetGroupARNs(detach)));
            ctx.status("group " + name + ": attached " + attach.size() + ", detached " + detach.size() + " target groups");
        }
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        List<String> out = new ArrayList<>();
        if (changed.contains("launchTemplateId") || changed.contains("launchTemplateVersion")) {
            out.add("an instance refresh replaces every instance, keeping instanceRefresh.minHealthyPercentage of them in "
                    + "service; the apply waits for it");
        }
        if (changed.contains("subnetIds")) out.add("instances in subnets no longer listed are replaced by AWS, gradually");
        return out;
    }

    @Override
    public void awaitReady(LiveResource resource, ProviderContext ctx) {
        new GroupReadiness(session, ctx).await(resource.id());
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in the group's tags: removed by {@link GroupTags#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext ctx) {
        GroupTags.disown(asg(), stack, resource.id());
    }

    /**
     * ForceDelete terminates the instances with the group (a plain delete is refused while it has
     * any); the wait lasts until the group is gone and its instances are terminated, because the
     * subnets and security groups they use cannot be deleted before.
     */
    @Override
    public void delete(LiveResource resource, ProviderContext ctx) {
        String name = resource.id();
        Optional<AutoScalingGroup> found = describeOne(asg(), name);
        if (found.isEmpty()) return;
        List<String> instances = found.get().instances().stream().map(i -> i.instanceId()).toList();
        if (!deleting(found.get())) {
            try {
                AwsErrors.run(() -> asg().deleteAutoScalingGroup(r -> r.autoScalingGroupName(name).forceDelete(true)));
            } catch (ProviderException e) {
                if (describeOne(asg(), name).isPresent()) throw e; // "not found" between the read and the call is success
            }
        }
        Polling.until(ctx, AwsWaits.AUTO_SCALING_GROUP, "group " + name + " and its instances to be gone", () -> {
            if (describeOne(asg(), name).isPresent()) return Look.pending("waiting for group " + name + " to be deleted");
            List<String> left = running(instances);
            return left.isEmpty() ? Look.done(name)
                    : Look.pending("waiting for the instances of group " + name + " to terminate: " + String.join(", ", left));
        });
    }

    /** Those of {@code ids} not terminated yet, in one DescribeInstances. */
    private List<String> running(List<String> ids) {
        if (ids.isEmpty()) return List.of();
        List<String> out = new ArrayList<>();
        AwsErrors.call(() -> session.ec2().describeInstances(r -> r.filters(f -> f.name("instance-id").values(ids),
                f -> f.name("instance-state-name").values("pending", "running", "shutting-down", "stopping", "stopped"))))
                .reservations().forEach(res -> res.instances().forEach(i -> out.add(i.instanceId() + " " + i.state().nameAsString())));
        return out;
    }

    private LiveResource readOne(String name) {
        return describeOne(asg(), name).map(GroupResource::toLive).orElseThrow(() -> new ProviderException("ValidationError",
                "Auto Scaling group " + name + " disappeared while being changed", true));
    }

    private static LiveResource toLive(AutoScalingGroup g) {
        Map<String, String> tags = GroupTags.toMap(g.tags());
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("name", g.autoScalingGroupName());
        if (g.launchTemplate() != null) {
            v.put("launchTemplateId", g.launchTemplate().launchTemplateId());
            v.put("launchTemplateVersion", g.launchTemplate().version());
        }
        v.put("minSize", g.minSize().longValue());
        v.put("maxSize", g.maxSize().longValue());
        v.put("desiredCapacity", g.desiredCapacity().longValue());
        List<String> subnets = g.vpcZoneIdentifier() == null || g.vpcZoneIdentifier().isBlank() ? List.of()
                : new ArrayList<>(Arrays.stream(g.vpcZoneIdentifier().split(",")).map(String::trim).sorted().toList());
        v.put("subnetIds", subnets);
        List<String> targets = new ArrayList<>(g.targetGroupARNs());
        targets.sort(null);
        v.put("targetGroupArns", targets);
        v.put("healthCheckType", g.healthCheckType());
        v.put("healthCheckGracePeriodSeconds", g.healthCheckGracePeriod() == null ? 0L : g.healthCheckGracePeriod().longValue());
        v.put("tags", AwsTags.userTags(tags));
        v.put(ResourceSchema.ID, g.autoScalingGroupName());
        v.put("arn", g.autoScalingGroupARN());
        return new LiveResource(g.autoScalingGroupName(), AwsTags.address(tags), v, AwsTags.proof(tags));
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.AUTO_SCALING_GROUP, AwsWaits.INSTANCE_REFRESH);
    }
}
