package dev.converge.provider.aws.ec2;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
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
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.AwsWaits;
import dev.converge.provider.aws.common.CheckReads;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.GroupIdentifier;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceMetadataEndpointState;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.Volume;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * An EC2 instance. Launched idempotently (the apply's idempotency token is the ClientToken, so a
 * rerun after a crash gets the same instance back), with IMDSv2 required, tags on the instance and
 * its volumes from the first moment, and user data that runs at first boot.
 */
public final class InstanceResource extends AwsType implements ManagedType, Updatable, PlanChecked {

    /** An instance EC2 no longer knows. */
    private static final NotFound NOT_FOUND = NotFound.codes("InvalidInstanceID.NotFound");

    public static final String NAME = "aws.ec2.Instance";

    /** States of an instance that still exists for a reconciler; terminated ones linger for an hour. */
    private static final List<String> LIVE_STATES = List.of("pending", "running", "stopping", "stopped");

    /** An instance profile's ARN, or its name (IAM's name rule). */
    static final String PROFILE_PATTERN = "^(arn:aws[a-zA-Z-]*:iam::\\d{12}:instance-profile/[\\w+=,.@/-]{1,128}|[\\w+=,.@-]{1,128})$";
    static final String PROFILE_RULE = "an instance profile ARN (arn:aws:iam::ACCOUNT:instance-profile/NAME) or name";

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An EC2 instance with IMDSv2 required; changing its type stops and restarts it.",
            ObjectType.of(
                    Property.builder("ami", StringType.matching("^ami-[0-9a-f]+$")).required()
                            .forcesReplacement("an instance boots from its image once, at launch")
                            .description("Image to launch, e.g. ${data.ubuntu.id}.").build(),
                    Property.builder("instanceType", StringType.matching("^[a-z0-9-]+\\.[a-z0-9-]+$")).required()
                            .description("Instance type, e.g. t3.micro; changing it stops and restarts the instance.").build(),
                    Property.builder("subnetId", StringType.ANY)
                            .forcesReplacement("an instance cannot move to another subnet")
                            .description("Subnet to launch in; unset: a default subnet AWS picks.").build(),
                    Property.builder("securityGroupIds", ListType.setOf(StringType.ANY).nonEmpty())
                            .description("Security groups of the instance; unset: the VPC's default group.").build(),
                    Property.builder("keyName", StringType.ANY)
                            .forcesReplacement("the key pair is installed on the instance at first boot")
                            .description("EC2 key pair for SSH; unset: none.").build(),
                    Property.builder("userData", StringType.ANY)
                            .forcesReplacement("user data runs at first boot only: a new instance runs the new script")
                            .description("Script or cloud-init config run at first boot (at most 16 KiB).").build(),
                    Property.builder("iamInstanceProfile", StringType.matching(PROFILE_PATTERN, PROFILE_RULE)).unsetMeansNone()
                            .description("Instance profile giving the instance its role, by ARN (e.g. ${resources.profile.arn}) or name; "
                                    + "read back as its name; changed in place (associated, replaced or removed); unset: none.").build(),
                    Property.builder("rootVolumeSize", NumberType.range(1, 16384))
                            .forcesReplacement("the root volume is sized at launch; growing it in place would also need the "
                                    + "file system grown on the instance, and it can never shrink")
                            .description("Root volume size in GiB; unset: the image's size.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the instance and its root volume.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("instance id (i-...)").build(),
                    Property.builder("privateIp", StringType.ANY).computed().description("private IPv4 address").build(),
                    Property.builder("publicIp", StringType.ANY).computed()
                            .description("public IPv4 address, if any (changes on stop and start unless an Elastic IP is attached)").build(),
                    Property.builder("availabilityZone", StringType.ANY).computed().description("availability zone").build(),
                    Property.builder("state", StringType.ANY).computed().description("pending, running, stopping or stopped").build()),
            null);

    public InstanceResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    /** The type offered in the region, the image existing and of an architecture the type runs (three reads). */
    @Override
    public List<PlanChecked.Problem> check(List<PlanChecked.Planned> planned, CheckContext context) {
        return CheckReads.guarded("instance type and image", planned, context, () -> new InstanceChecks(session).check(planned));
    }

    /** A profile written by name reads back as its ARN: both sides compare as the name. */
    @Override
    public Map<String, Object> normalize(Map<String, Object> desired) {
        if (!(desired.get("iamInstanceProfile") instanceof String profile)) return desired;
        Map<String, Object> out = new LinkedHashMap<>(desired);
        out.put("iamInstanceProfile", InstanceProfiles.name(profile));
        return out;
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        return changed.contains("instanceType")
                ? List.of("the instance will be stopped and restarted to change its type; its public IP changes unless it has an Elastic IP")
                : List.of();
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        List<Instance> found = Ec2Support.ownedOrKnown(stack, knownIds, "instance-id",
                filters -> describe(Stream.concat(filters.stream(), Stream.of(liveStates())).toList()), Instance::instanceId);
        Map<String, Long> sizes = rootVolumeSizes(found);
        return found.stream().map(i -> toLive(i, sizes)).toList();
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        RunInstancesRequest run = runRequest(request);
        Ec2Client ec2 = session.ec2();
        String id = InstanceProfiles.launching(() -> AwsErrors.call(() -> ec2.runInstances(run))).instances().get(0).instanceId();
        context.status("launched " + id);
        awaitRunning(ec2, context, id);
        return readOne(id);
    }

    /** The launch, checked and complete before anything reaches AWS. */
    private RunInstancesRequest runRequest(CreateRequest request) {
        Map<String, Object> p = request.properties();
        RunInstancesRequest.Builder b = RunInstancesRequest.builder()
                .imageId((String) p.get("ami"))
                .instanceType((String) p.get("instanceType"))
                .minCount(1).maxCount(1)
                // IMDSv2 only: session tokens defeat the SSRF-style theft of instance credentials that IMDSv1 allows.
                .metadataOptions(m -> m.httpTokens(HttpTokensState.REQUIRED).httpEndpoint(InstanceMetadataEndpointState.ENABLED))
                .tagSpecifications(Ec2Support.tagSpecification(ResourceType.INSTANCE, request.tags()),
                        Ec2Support.tagSpecification(ResourceType.VOLUME, request.tags()));
        if (request.idempotencyToken() != null) b.clientToken(request.idempotencyToken());
        if (p.get("subnetId") instanceof String subnet) b.subnetId(subnet);
        if (p.get("securityGroupIds") instanceof List<?> groups) b.securityGroupIds(groups.stream().map(String::valueOf).toList());
        if (p.get("keyName") instanceof String key) b.keyName(key);
        if (p.get("iamInstanceProfile") instanceof String profile) b.iamInstanceProfile(InstanceProfiles.specification(profile));
        if (p.get("userData") instanceof String userData) b.userData(UserData.encode(userData));
        if (p.get("rootVolumeSize") instanceof Number size) {
            String device = Ec2Support.rootDeviceName(session.ec2(), (String) p.get("ami"));
            // Only the size is overridden: snapshot and volume type come from the image.
            b.blockDeviceMappings(BlockDeviceMapping.builder().deviceName(device)
                    .ebs(e -> e.volumeSize(size.intValue()).deleteOnTermination(true)).build());
        }
        return b.build();
    }

    private static void awaitRunning(Ec2Client ec2, ProviderContext ctx, String id) {
        InstanceWaits.await(ec2, ctx, id, InstanceStateName.RUNNING);
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        Instance instance = describeOne(current.id());
        String id = instance.instanceId();
        if (changed.contains("instanceType")) changeType(ec2, context, instance, (String) desired.get("instanceType"));
        if (changed.contains("securityGroupIds") && desired.get("securityGroupIds") instanceof List<?> groups) {
            AwsErrors.run(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id)
                    .groups(groups.stream().map(String::valueOf).toList())));
        }
        if (changed.contains("iamInstanceProfile")) {
            new InstanceProfiles(ec2).set(id, (String) desired.get("iamInstanceProfile"));
        }
        if (changed.contains("tags")) {
            List<String> resources = new ArrayList<>();
            resources.add(id);
            String root = rootVolumeId(instance);
            if (root != null) resources.add(root);
            Ec2Support.updateTags(ec2, resources, AwsTags.userTags(Ec2Support.tagMap(instance.tags())), tags);
        }
        return readOne(id);
    }

    /**
     * EC2 changes the type of a stopped instance only: stop, change, start again. An instance that
     * was already stopped is left stopped.
     */
    private static void changeType(Ec2Client ec2, ProviderContext ctx, Instance instance, String type) {
        String id = instance.instanceId();
        InstanceStateName state = instance.state().name();
        boolean restart = state != InstanceStateName.STOPPED;
        if (restart) {
            ctx.status("stopping " + id + " to change its type to " + type);
            AwsErrors.run(() -> ec2.stopInstances(r -> r.instanceIds(id)));
            InstanceWaits.await(ec2, ctx, id, InstanceStateName.STOPPED);
        }
        AwsErrors.run(() -> ec2.modifyInstanceAttribute(r -> r.instanceId(id).instanceType(t -> t.value(type))));
        if (restart) {
            ctx.status("starting " + id);
            AwsErrors.run(() -> ec2.startInstances(r -> r.instanceIds(id)));
            awaitRunning(ec2, ctx, id);
        }
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /**
     * The claim is in the tags of the instance and of its root volume (RunInstances tags both): each is
     * removed by {@link Ec2Support#disown}, the volume first. A volume left with the claim would read as
     * the stack's stray volume once detached, which {@code sweep --delete} deletes; interrupted after the
     * volume, the instance still carries its claim and the next plan forgets both again.
     */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Optional<Instance> found = NOT_FOUND.first(() -> session.ec2().describeInstances(r -> r.instanceIds(resource.id()))
                .reservations().stream().flatMap(rv -> rv.instances().stream()).toList());
        if (found.isEmpty()) return;
        String volume = rootVolumeId(found.get());
        if (volume != null) Ec2Support.disown(session.ec2(), stack, "root volume of " + resource.id() + ",", volume);
        Ec2Support.disown(session.ec2(), stack, "instance", resource.id());
    }

    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        if (!NOT_FOUND.ignoring(() -> ec2.terminateInstances(r -> r.instanceIds(resource.id())))) return;
        InstanceWaits.await(ec2, context, resource.id(), InstanceStateName.TERMINATED);
    }

    private static Filter liveStates() {
        return Ec2Support.filter("instance-state-name", LIVE_STATES);
    }

    private List<Instance> describe(List<Filter> filters) {
        List<Instance> out = new ArrayList<>();
        AwsErrors.run(() -> session.ec2().describeInstancesPaginator(r -> r.filters(filters)).reservations()
                .forEach(res -> out.addAll(res.instances())));
        return out;
    }

    private Instance describeOne(String id) {
        List<Instance> found = describe(List.of(Ec2Support.filter("instance-id", List.of(id)), liveStates()));
        if (found.isEmpty()) throw new ProviderException("InvalidInstanceID.NotFound", "instance " + id + " does not exist", false);
        return found.get(0);
    }

    private LiveResource readOne(String id) {
        Instance instance = describeOne(id);
        return toLive(instance, rootVolumeSizes(List.of(instance)));
    }

    /** Root volume sizes by volume id, in one call per 200 instances (DescribeInstances does not carry sizes). */
    private Map<String, Long> rootVolumeSizes(Collection<Instance> instances) {
        List<String> volumeIds = new ArrayList<>();
        for (Instance i : instances) {
            String v = rootVolumeId(i);
            if (v != null) volumeIds.add(v);
        }
        Map<String, Long> sizes = new HashMap<>();
        for (List<String> chunk : Ec2Support.chunks(volumeIds)) {
            List<Volume> volumes = new ArrayList<>();
            AwsErrors.run(() -> session.ec2().describeVolumesPaginator(r -> r.filters(Ec2Support.filter("volume-id", chunk)))
                    .volumes().forEach(volumes::add));
            for (Volume v : volumes) sizes.put(v.volumeId(), (long) v.size());
        }
        return sizes;
    }

    private static String rootVolumeId(Instance i) {
        for (var m : i.blockDeviceMappings()) {
            if (m.deviceName() != null && m.deviceName().equals(i.rootDeviceName()) && m.ebs() != null) return m.ebs().volumeId();
        }
        return null;
    }

    private static LiveResource toLive(Instance i, Map<String, Long> rootSizes) {
        Map<String, String> tags = Ec2Support.tagMap(i.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("ami", i.imageId());
        values.put("instanceType", i.instanceTypeAsString());
        if (i.subnetId() != null) values.put("subnetId", i.subnetId());
        values.put("securityGroupIds", new ArrayList<>(i.securityGroups().stream().map(GroupIdentifier::groupId).sorted().toList()));
        if (i.keyName() != null) values.put("keyName", i.keyName());
        if (i.iamInstanceProfile() != null) values.put("iamInstanceProfile", InstanceProfiles.name(i.iamInstanceProfile().arn()));
        // userData is deliberately absent: DescribeInstances does not return it, and one
        // DescribeInstanceAttribute per instance would break batched reads. The engine compares it
        // with the value it last applied.
        Long size = rootSizes.get(rootVolumeId(i));
        if (size != null) values.put("rootVolumeSize", size);
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, i.instanceId());
        if (i.privateIpAddress() != null) values.put("privateIp", i.privateIpAddress());
        if (i.publicIpAddress() != null) values.put("publicIp", i.publicIpAddress());
        if (i.placement() != null && i.placement().availabilityZone() != null) {
            values.put("availabilityZone", i.placement().availabilityZone());
        }
        values.put("state", i.state().nameAsString());
        return new LiveResource(i.instanceId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.INSTANCE);
    }
}
