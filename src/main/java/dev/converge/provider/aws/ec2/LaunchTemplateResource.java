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
import dev.converge.provider.aws.common.AwsTags;
import dev.converge.provider.aws.common.AwsType;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import dev.converge.schema.Values;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.LaunchTemplate;
import software.amazon.awssdk.services.ec2.model.LaunchTemplateVersion;
import software.amazon.awssdk.services.ec2.model.RequestLaunchTemplateData;
import software.amazon.awssdk.services.ec2.model.ResourceType;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An EC2 launch template: what an Auto Scaling group launches. A change of its content is a new
 * version, made the default, in place: the template's id stays, and a group that follows
 * {@code latestVersion} rolls its instances to it (an instance refresh). Tags change in place
 * without a new version. IMDSv2 is always required, with a hop limit of 1 ({@link LaunchTemplateData}).
 *
 * <p>Reading costs one DescribeLaunchTemplates for the stack's templates (by ownership tag, plus the
 * ids the state knows), then one DescribeLaunchTemplateVersions of every template's default version
 * in the account ({@code $Default} without an id: the API's batched form), paged.
 */
public final class LaunchTemplateResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.ec2.LaunchTemplate";

    /** A template deleted meanwhile, or already. */
    private static final NotFound NOT_FOUND = NotFound.codes("InvalidLaunchTemplateId.NotFound",
            "InvalidLaunchTemplateId.Malformed", "InvalidLaunchTemplateName.NotFoundException");

    /** What a new version carries: every input but the name and the tags, which are the template's own. */
    static final Set<String> CONTENT = Set.of("imageId", "instanceType", "userData", "instanceProfileArn", "securityGroupIds",
            "rootVolumeSize", "rootVolumeType");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An EC2 launch template (IMDSv2 required); a change of its content makes a new default version, in place.",
            ObjectType.of(
                    Property.builder("name", StringType.matching("^[a-zA-Z0-9().\\-/_]{3,128}$",
                            "3–128 letters, digits and ().-/_")).required()
                            .forcesReplacement("EC2 cannot rename a launch template")
                            .description("Template name, unique in the region.").build(),
                    Property.builder("imageId", StringType.matching("^ami-[0-9a-f]+$")).required()
                            .description("Image the instances boot from, e.g. ${data.ubuntu.id}.").build(),
                    Property.builder("instanceType", StringType.matching("^[a-z0-9-]+\\.[a-z0-9-]+$")).required()
                            .description("Instance type, e.g. t3.micro.").build(),
                    Property.builder("userData", StringType.ANY)
                            .unsetMeansNone().description("Script or cloud-init config run at each instance's first boot, as plain text "
                                    + "(at most 16 KiB; Converge base64-encodes it).").build(),
                    Property.builder("instanceProfileArn", StringType.matching("^arn:aws[a-z-]*:iam::[0-9]{12}:instance-profile/.+$",
                            "an instance profile ARN")).unsetMeansNone().description("IAM instance profile of the instances, e.g. "
                            + "${resources.profile.arn}; unset: none.").build(),
                    Property.builder("securityGroupIds", ListType.setOf(StringType.ANY).nonEmpty())
                            .unsetMeansNone().description("Security groups of the instances; unset: the VPC's default group.").build(),
                    Property.builder("rootVolumeSize", NumberType.range(1, 16384))
                            .unsetMeansNone().description("Root volume size in GiB; unset: the image's size.").build(),
                    Property.builder("rootVolumeType", StringType.oneOf("gp3", "gp2", "io1", "io2", "st1", "sc1", "standard"))
                            .unsetMeansNone().description("Root volume type; unset: the image's (gp2 or gp3 for current images).").build(),
                    Property.builder("tags", MapType.STRINGS)
                            .description("Tags of the template itself (not of the instances); change in place, no new version.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("launch template id (lt-...)").build(),
                    Property.builder("latestVersion", StringType.ANY).computed()
                            .description("Number of the newest version, e.g. \"3\"; a content change makes a new one.").build(),
                    Property.builder("defaultVersion", StringType.ANY).computed()
                            .description("Number of the default version (Converge makes each new version the default).").build()),
            "name");

    public LaunchTemplateResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        List<LaunchTemplate> templates = Ec2Support.ownedOrKnown(stack, knownIds, "launch-template-id",
                filters -> describe(ec2, filters), LaunchTemplate::launchTemplateId);
        if (templates.isEmpty()) return List.of();
        Map<String, LaunchTemplateVersion> defaults = new LinkedHashMap<>();
        AwsErrors.run(() -> ec2.describeLaunchTemplateVersionsPaginator(r -> r.versions("$Default").maxResults(200))
                .launchTemplateVersions().forEach(v -> defaults.put(v.launchTemplateId(), v)));
        List<LiveResource> out = new ArrayList<>();
        for (LaunchTemplate t : templates) {
            LaunchTemplateVersion v = defaults.get(t.launchTemplateId());
            if (v != null) out.add(toLive(t, v));
        }
        return out;
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        RequestLaunchTemplateData data = LaunchTemplateData.of(p, rootDevice(p));
        Ec2Client ec2 = session.ec2();
        // The ClientToken makes a rerun after a crash get this very template back instead of a name conflict.
        String id = AwsErrors.call(() -> ec2.createLaunchTemplate(r -> {
            r.launchTemplateName((String) p.get("name")).launchTemplateData(data)
                    .versionDescription("created by Converge for " + request.address())
                    .tagSpecifications(Ec2Support.tagSpecification(ResourceType.LAUNCH_TEMPLATE, request.tags()));
            if (request.idempotencyToken() != null) r.clientToken(request.idempotencyToken());
        })).launchTemplate().launchTemplateId();
        context.status("created launch template " + id);
        return readOne(id);
    }

    /** The root device name, asked of the image only when the root volume is overridden. */
    private String rootDevice(Map<String, Object> p) {
        boolean overridden = p.get("rootVolumeSize") != null || p.get("rootVolumeType") != null;
        return overridden ? Ec2Support.rootDeviceName(session.ec2(), (String) p.get("imageId")) : null;
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        Ec2Client ec2 = session.ec2();
        String id = current.id();
        if (changed.stream().anyMatch(CONTENT::contains)) {
            RequestLaunchTemplateData data = LaunchTemplateData.of(desired, rootDevice(desired));
            // The same update retried (the same content on top of the same latest version) gets the
            // same version back rather than another copy of it.
            String token = token(id, String.valueOf(current.values().get("latestVersion")), content(desired));
            long version = AwsErrors.call(() -> ec2.createLaunchTemplateVersion(r -> r.launchTemplateId(id)
                    .launchTemplateData(data).clientToken(token).versionDescription("updated by Converge")))
                    .launchTemplateVersion().versionNumber();
            AwsErrors.run(() -> ec2.modifyLaunchTemplate(r -> r.launchTemplateId(id).defaultVersion(String.valueOf(version))));
            context.status("launch template " + id + ": version " + version + " is the default now");
        }
        if (changed.contains("tags")) {
            Ec2Support.updateTags(ec2, List.of(id), Ec2Support.userTagsOf(current.values()), tags);
        }
        return readOne(id);
    }

    @Override
    public Set<String> recomputedBy(Set<String> changed) {
        return changed.stream().anyMatch(CONTENT::contains) ? Set.of("latestVersion", "defaultVersion") : Set.of();
    }

    @Override
    public List<String> updateNotes(Set<String> changed) {
        return changed.stream().anyMatch(CONTENT::contains)
                ? List.of("a new template version is made the default; running instances keep theirs until they are replaced "
                        + "(an Auto Scaling group following latestVersion starts an instance refresh)")
                : List.of();
    }

    /** The content of a version as one canonical string (the SDK's own toString redacts the user data). */
    private static String content(Map<String, Object> desired) {
        Map<String, Object> content = new java.util.TreeMap<>();
        desired.forEach((k, v) -> {
            if (CONTENT.contains(k)) content.put(k, v);
        });
        return Values.canonicalString(content);
    }

    /** At most 64 ASCII characters, stable for one content on one version. */
    private static String token(String id, String latest, String content) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest((id + "\n" + latest + "\n" + content).getBytes(StandardCharsets.UTF_8));
            return "cv-" + HexFormat.of().formatHex(hash, 0, 24);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link Ec2Support#disown}. */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        Ec2Support.disown(session.ec2(), stack, "launch template", resource.id());
    }

    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        // Deleting a template a group still uses is allowed by EC2; the group goes first anyway (it depends on it).
        NOT_FOUND.ignoring(() -> session.ec2().deleteLaunchTemplate(r -> r.launchTemplateId(resource.id())));
    }

    private static List<LaunchTemplate> describe(Ec2Client ec2, List<software.amazon.awssdk.services.ec2.model.Filter> filters) {
        List<LaunchTemplate> out = new ArrayList<>();
        AwsErrors.run(() -> ec2.describeLaunchTemplatesPaginator(r -> r.filters(filters)).launchTemplates().forEach(out::add));
        return out;
    }

    private LiveResource readOne(String id) {
        Ec2Client ec2 = session.ec2();
        Optional<LaunchTemplate> t = NOT_FOUND.first(() -> ec2.describeLaunchTemplates(r -> r.launchTemplateIds(id)).launchTemplates());
        Optional<LaunchTemplateVersion> v = NOT_FOUND.first(() -> ec2.describeLaunchTemplateVersions(r -> r.launchTemplateId(id)
                .versions("$Default")).launchTemplateVersions());
        if (t.isEmpty() || v.isEmpty()) {
            throw new ProviderException("InvalidLaunchTemplateId.NotFound", "launch template " + id + " disappeared while being changed", true);
        }
        return toLive(t.get(), v.get());
    }

    private static LiveResource toLive(LaunchTemplate t, LaunchTemplateVersion v) {
        Map<String, String> tags = Ec2Support.tagMap(t.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", t.launchTemplateName());
        values.putAll(LaunchTemplateData.values(v.launchTemplateData()));
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, t.launchTemplateId());
        values.put("latestVersion", String.valueOf(t.latestVersionNumber()));
        values.put("defaultVersion", String.valueOf(t.defaultVersionNumber()));
        return new LiveResource(t.launchTemplateId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }
}
