package dev.converge.provider.aws.iam;

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
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.schema.MapType;
import dev.converge.schema.ObjectType;
import dev.converge.schema.Property;
import dev.converge.schema.StringType;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.InstanceProfile;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An IAM instance profile: the container through which an EC2 instance or launch template gets a
 * role. It holds at most one role; changing it removes the old and adds the new in place.
 *
 * <p>Read: {@code ListInstanceProfiles} omits tags and IAM has no tag filter, so the candidates are
 * the profiles whose id the state knows and those holding one of the stack's roles (from the role
 * listing the refresh shares, {@link IamRoles}); one {@code GetInstanceProfile} each reads their tags.
 * A stack's profile that holds no role and that a lost state no longer knows is not found; its
 * create then reports the name as taken by a profile of this stack without this create's proof.
 */
public final class InstanceProfileResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.iam.InstanceProfile";

    private static final NotFound NOT_FOUND = NotFound.codes("NoSuchEntity");

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An IAM instance profile: how an EC2 instance or launch template gets a role.",
            ObjectType.of(
                    Property.builder("name", StringType.matching("^[\\w+=,.@-]{1,128}$", "1–128 letters, digits and +=,.@_-")).required()
                            .forcesReplacement("IAM cannot rename an instance profile")
                            .description("Profile name, unique in the account.").build(),
                    Property.builder("path", StringType.matching(RoleResource.PATH_PATTERN, RoleResource.PATH_RULE)).defaultValue("/")
                            .forcesReplacement("IAM cannot move an instance profile to another path")
                            .description("Path of the profile (its ARN includes it).").build(),
                    Property.builder("role", StringType.matching(RoleResource.NAME_PATTERN, RoleResource.NAME_RULE)).unsetMeansNone()
                            .description("Name of the role the profile gives, e.g. ${resources.role.name}; changed in place "
                                    + "(the old role is removed, then the new one added); unset: none.").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the profile.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("instance profile id (AIPA...)").build(),
                    Property.builder("arn", StringType.ANY).computed()
                            .description("instance profile ARN, as EC2 instances and launch templates name it").build()),
            "name");

    public InstanceProfileResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        IamClient iam = session.iam();
        List<String> stackRoles = IamRoles.all(iam, context).stream()
                .filter(d -> AwsTags.ownedBy(IamTags.toMap(d.tags()), stack)).map(RoleDetail::roleName).toList();
        Set<String> known = Set.copyOf(knownIds);
        List<InstanceProfile> candidates = new ArrayList<>();
        AwsErrors.run(() -> iam.listInstanceProfilesPaginator(r -> r.maxItems(IamRoles.PAGE)).instanceProfiles().forEach(p -> {
            if (known.contains(p.instanceProfileId()) || p.roles().stream().anyMatch(r -> stackRoles.contains(r.roleName()))) {
                candidates.add(p);
            }
        }));
        List<LiveResource> out = new ArrayList<>();
        for (InstanceProfile listed : candidates) {
            get(iam, listed.instanceProfileName()).filter(p -> p.instanceProfileId().equals(listed.instanceProfileId()))
                    .filter(p -> known.contains(p.instanceProfileId()) || AwsTags.ownedBy(IamTags.toMap(p.tags()), stack))
                    .ifPresent(p -> out.add(toLive(p)));
        }
        return out;
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        String name = (String) p.get("name");
        IamClient iam = session.iam();
        try {
            AwsErrors.run(() -> iam.createInstanceProfile(r -> r.instanceProfileName(name)
                    .path((String) p.getOrDefault("path", "/")).tags(IamTags.toList(request.tags()))));
        } catch (ProviderException e) {
            if (!"EntityAlreadyExists".equals(e.code())) throw e;
            InstanceProfile taken = get(iam, name).orElseThrow(() -> e);
            Adoption.requireOwnCopy("IAM instance profile", name, taken.instanceProfileId(), IamTags.toMap(taken.tags()),
                    request, context, e.code());
        }
        InstanceProfile profile = Polling.until(context, AwsWaits.IAM, "IAM instance profile " + name + " to be visible",
                () -> get(iam, name).<Look<InstanceProfile>>map(Look::done)
                        .orElseGet(() -> Look.pending("waiting for IAM instance profile " + name + " to be visible")));
        setRole(iam, profile, (String) p.get("role"));
        return readOne(iam, name);
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        IamClient iam = session.iam();
        String name = (String) current.values().get("name");
        InstanceProfile profile = get(iam, name).orElseThrow(() -> missing(name));
        if (changed.contains("role")) setRole(iam, profile, (String) desired.get("role"));
        if (changed.contains("tags")) {
            IamTags.update(AwsTags.userTags(IamTags.toMap(profile.tags())), tags,
                    t -> iam.tagInstanceProfile(r -> r.instanceProfileName(name).tags(t)),
                    keys -> iam.untagInstanceProfile(r -> r.instanceProfileName(name).tagKeys(keys)));
        }
        return readOne(iam, name);
    }

    /**
     * Gives the profile {@code role} (or none): a profile holds one role, so a different one is
     * removed first. Instances using the profile get the new role's credentials within minutes
     * (when their current ones are refreshed), without a restart.
     */
    private static void setRole(IamClient iam, InstanceProfile profile, String role) {
        String name = profile.instanceProfileName();
        boolean has = false;
        for (Role r : profile.roles()) {
            if (r.roleName().equals(role)) {
                has = true;
            } else {
                NOT_FOUND.ignoring(() -> iam.removeRoleFromInstanceProfile(x -> x.instanceProfileName(name).roleName(r.roleName())));
            }
        }
        if (role != null && !has) {
            AwsErrors.run(() -> iam.addRoleToInstanceProfile(x -> x.instanceProfileName(name).roleName(role)));
        }
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link IamTags#disown} (GetInstanceProfile, UntagInstanceProfile). */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        IamClient iam = session.iam();
        String name = (String) resource.values().get("name");
        IamTags.disown(stack, "IAM instance profile " + name,
                () -> iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile().tags(),
                keys -> iam.untagInstanceProfile(r -> r.instanceProfileName(name).tagKeys(keys)));
    }

    /** Removes its role (IAM refuses to delete a profile that holds one), then deletes it. */
    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        IamClient iam = session.iam();
        String name = (String) resource.values().get("name");
        Optional<InstanceProfile> profile = get(iam, name);
        if (profile.isEmpty()) return;
        setRole(iam, profile.get(), null);
        NOT_FOUND.ignoring(() -> iam.deleteInstanceProfile(r -> r.instanceProfileName(name)));
    }

    private static Optional<InstanceProfile> get(IamClient iam, String name) {
        return NOT_FOUND.orEmpty(() -> iam.getInstanceProfile(r -> r.instanceProfileName(name)).instanceProfile());
    }

    private static ProviderException missing(String name) {
        return new ProviderException("NoSuchEntity", "IAM instance profile " + name + " does not exist", false);
    }

    private static LiveResource readOne(IamClient iam, String name) {
        return toLive(get(iam, name).orElseThrow(() -> missing(name)));
    }

    private static LiveResource toLive(InstanceProfile p) {
        Map<String, String> tags = IamTags.toMap(p.tags());
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", p.instanceProfileName());
        values.put("path", p.path());
        if (!p.roles().isEmpty()) values.put("role", p.roles().get(0).roleName());
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, p.instanceProfileId());
        values.put("arn", p.arn());
        return new LiveResource(p.instanceProfileId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.IAM);
    }
}
