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
import dev.converge.provider.aws.common.PolicyDocuments;
import dev.converge.provider.aws.common.Polling;
import dev.converge.provider.aws.common.Polling.Look;
import dev.converge.schema.AnyType;
import dev.converge.schema.ListType;
import dev.converge.schema.MapType;
import dev.converge.schema.NumberType;
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
import java.util.TreeMap;

/**
 * An IAM role: its trust policy, attached managed policies and inline policies, compared by meaning
 * ({@link PolicyDocuments}). IAM is global: the same role serves every region of the account.
 * The physical id is the RoleId (AROA...), not the name, so a role deleted and recreated under the
 * same name by someone else is never taken for the one the state knows.
 */
public final class RoleResource extends AwsType implements ManagedType, Updatable {

    public static final String NAME = "aws.iam.Role";

    static final String NAME_PATTERN = "^[\\w+=,.@-]{1,64}$";
    static final String NAME_RULE = "1–64 letters, digits and +=,.@_-";
    static final String PATH_PATTERN = "^(/|/[\\x21-\\x7E]{0,510}/)$";
    static final String PATH_RULE = "/ or /text/: at most 512 printable ASCII characters, starting and ending with /";

    /** A policy document as the stack writes it: a YAML (or JSON) object. */
    static final MapType POLICY = new MapType(AnyType.INSTANCE);

    private static final ResourceSchema SCHEMA = new ResourceSchema(
            "An IAM role with its trust policy, managed policies and inline policies; policies are compared by meaning, not text.",
            ObjectType.of(
                    Property.builder("name", StringType.matching(NAME_PATTERN, NAME_RULE)).required()
                            .forcesReplacement("IAM cannot rename a role")
                            .description("Role name, unique in the account (IAM is global: in every region).").build(),
                    Property.builder("path", StringType.matching(PATH_PATTERN, PATH_RULE)).defaultValue("/")
                            .forcesReplacement("IAM cannot move a role to another path")
                            .description("Path of the role (its ARN includes it), e.g. /app/.").build(),
                    Property.builder("description", StringType.matching("^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A1-\\u00FF]{0,1000}$",
                            "at most 1000 printable Latin-1 characters")).defaultValue("")
                            .description("What the role is for (changes in place).").build(),
                    Property.builder("assumeRolePolicy", POLICY).required()
                            .description("Trust policy: who may assume the role, e.g. { Version: \"2012-10-17\", Statement: [ { Effect: Allow, "
                                    + "Principal: { Service: ec2.amazonaws.com }, Action: \"sts:AssumeRole\" } ] } (changes in place).").build(),
                    Property.builder("managedPolicyArns", ListType.setOf(StringType.of(StringType.Format.ARN)).atMost(20))
                            .defaultValue(List.of())
                            .description("Managed policies attached to the role (attached and detached in place); none when unset.").build(),
                    Property.builder("inlinePolicies", new MapType(POLICY)).defaultValue(Map.of())
                            .description("Inline policies: name → policy document (written and deleted in place); none when unset.").build(),
                    Property.builder("maxSessionDuration", NumberType.range(3600, 43200)).defaultValue(3600L)
                            .description("Longest session, in seconds, that assuming the role gives (1 to 12 hours).").build(),
                    Property.builder("tags", MapType.STRINGS).description("Tags of the role.").build(),
                    Property.builder(ResourceSchema.ID, StringType.ANY).computed().description("role id (AROA...)").build(),
                    Property.builder("arn", StringType.ANY).computed().description("role ARN, as EC2 and trust policies name it").build()),
            "name");

    public RoleResource(AwsSession session) {
        super(session, NAME, SCHEMA);
    }

    /** Policies in canonical form, the form a read reports. */
    @Override
    public Map<String, Object> normalize(Map<String, Object> desired) {
        Map<String, Object> out = new LinkedHashMap<>(desired);
        if (desired.containsKey("assumeRolePolicy")) out.put("assumeRolePolicy", PolicyDocuments.normalize(desired.get("assumeRolePolicy")));
        if (desired.get("inlinePolicies") instanceof Map<?, ?> inline) {
            Map<String, Object> policies = new TreeMap<>();
            inline.forEach((k, v) -> policies.put(String.valueOf(k), PolicyDocuments.normalize(v)));
            out.put("inlinePolicies", policies);
        }
        return out;
    }

    @Override
    public List<LiveResource> read(String stack, Collection<String> knownIds, ProviderContext context) {
        IamClient iam = session.iam();
        List<RoleDetail> found = IamRoles.ownedOrKnown(IamRoles.all(iam, context), stack, knownIds);
        Map<String, Role> listed = IamRoles.listed(iam, found.stream().map(RoleDetail::roleId).toList());
        List<LiveResource> out = new ArrayList<>();
        for (RoleDetail d : found) {
            // Missing from the second listing: deleted meanwhile (then absent), or not yet listed (IAM
            // is eventually consistent), which one GetRole tells.
            Role r = listed.containsKey(d.roleId()) ? listed.get(d.roleId())
                    : getRole(iam, d.roleName()).filter(g -> g.roleId().equals(d.roleId())).orElse(null);
            if (r == null) continue;
            Map<String, Object> inline = new TreeMap<>();
            d.rolePolicyList().forEach(p -> inline.put(p.policyName(), PolicyDocuments.fromAws(p.policyDocument())));
            out.add(toLive(r, IamTags.toMap(d.tags()), RolePolicies.arns(d.attachedManagedPolicies()), inline));
        }
        return out;
    }

    @Override
    public LiveResource create(CreateRequest request, ProviderContext context) {
        Map<String, Object> p = request.properties();
        String name = (String) p.get("name");
        // Checked before the first call: a policy that cannot be written never leaves half a role.
        String trust = PolicyDocuments.toJson(p.get("assumeRolePolicy"));
        Map<String, ?> inline = mapOf(p.get("inlinePolicies"));
        inline.values().forEach(PolicyDocuments::toJson);
        IamClient iam = session.iam();
        try {
            // Tags in the create call: no role exists without its claim and proof.
            AwsErrors.run(() -> iam.createRole(r -> r.roleName(name).path((String) p.getOrDefault("path", "/"))
                    .description(emptyToNull((String) p.get("description"))).assumeRolePolicyDocument(trust)
                    .maxSessionDuration(((Number) p.getOrDefault("maxSessionDuration", 3600L)).intValue())
                    .tags(IamTags.toList(request.tags()))));
        } catch (ProviderException e) {
            if (!"EntityAlreadyExists".equals(e.code())) throw e;
            // The role this very create made before it was interrupted is adopted; anything else is a conflict.
            Role taken = getRole(iam, name).orElseThrow(() -> e);
            Adoption.requireOwnCopy("IAM role", name, taken.roleId(), IamTags.toMap(taken.tags()), request, context, e.code());
        }
        Role role = awaitVisible(iam, name, context);
        // Attaching and writing are idempotent: an adopted role gets what its interrupted create had not done yet.
        RolePolicies.syncAttached(iam, name, RolePolicies.attached(iam, name), strings(p.get("managedPolicyArns")));
        RolePolicies.syncInline(iam, name, RolePolicies.inline(iam, name), inline);
        return readOne(iam, role.roleName());
    }

    /** IAM is eventually consistent: a role just created may be missing from a read for a moment. */
    private Role awaitVisible(IamClient iam, String name, ProviderContext context) {
        return Polling.until(context, AwsWaits.IAM, "IAM role " + name + " to be visible", () -> getRole(iam, name)
                .<Look<Role>>map(Look::done).orElseGet(() -> Look.pending("waiting for IAM role " + name + " to be visible")));
    }

    @Override
    public LiveResource update(LiveResource current, Map<String, Object> desired, Set<String> changed,
                               Map<String, String> tags, ProviderContext context) {
        IamClient iam = session.iam();
        String name = (String) current.values().get("name");
        if (changed.contains("description") || changed.contains("maxSessionDuration")) {
            AwsErrors.run(() -> iam.updateRole(r -> r.roleName(name).description((String) desired.getOrDefault("description", ""))
                    .maxSessionDuration(((Number) desired.getOrDefault("maxSessionDuration", 3600L)).intValue())));
        }
        if (changed.contains("assumeRolePolicy")) {
            String trust = PolicyDocuments.toJson(desired.get("assumeRolePolicy"));
            AwsErrors.run(() -> iam.updateAssumeRolePolicy(r -> r.roleName(name).policyDocument(trust)));
        }
        if (changed.contains("managedPolicyArns")) {
            RolePolicies.syncAttached(iam, name, RolePolicies.attached(iam, name), strings(desired.get("managedPolicyArns")));
        }
        if (changed.contains("inlinePolicies")) {
            RolePolicies.syncInline(iam, name, RolePolicies.inline(iam, name), mapOf(desired.get("inlinePolicies")));
        }
        if (changed.contains("tags")) {
            Map<String, String> all = IamTags.toMap(getRole(iam, name).map(Role::tags).orElse(List.of()));
            IamTags.update(AwsTags.userTags(all), tags, t -> iam.tagRole(r -> r.roleName(name).tags(t)),
                    keys -> iam.untagRole(r -> r.roleName(name).tagKeys(keys)));
        }
        return readOne(iam, name);
    }

    @Override
    public OwnershipCarrier ownership() {
        return OwnershipCarrier.TAGS_IN_CREATE;
    }

    /** The claim is in its tags: removed by {@link IamTags#disown} (GetRole, UntagRole). */
    @Override
    public void disown(String stack, LiveResource resource, ProviderContext context) {
        IamClient iam = session.iam();
        String name = (String) resource.values().get("name");
        IamTags.disown(stack, "IAM role " + name, () -> iam.getRole(r -> r.roleName(name)).role().tags(),
                keys -> iam.untagRole(r -> r.roleName(name).tagKeys(keys)));
    }

    /**
     * Detaches its managed policies and deletes its inline policies (IAM refuses to delete a role
     * that has any), then deletes it. An instance profile holding the role also makes IAM refuse;
     * only a profile the stack owns is Converge's to change, and the plan removes such a profile
     * before its role, so a profile still holding it is somebody else's: the error names it.
     */
    @Override
    public void delete(LiveResource resource, ProviderContext context) {
        IamClient iam = session.iam();
        String name = (String) resource.values().get("name");
        RolePolicies.clear(iam, name);
        try {
            RolePolicies.NOT_FOUND.ignoring(() -> iam.deleteRole(r -> r.roleName(name)));
        } catch (ProviderException e) {
            if (!"DeleteConflict".equals(e.code())) throw e;
            List<String> profiles = RolePolicies.NOT_FOUND.orEmpty(() -> iam.listInstanceProfilesForRole(r -> r.roleName(name))
                    .instanceProfiles().stream().map(InstanceProfile::instanceProfileName).toList()).orElse(List.of());
            if (profiles.isEmpty()) throw e; // a policy attached meanwhile: AWS's own words say which
            throw new ProviderException("DeleteConflict", "IAM role " + name + " is still in instance profile"
                    + (profiles.size() > 1 ? "s " : " ") + String.join(", ", profiles) + ", which this stack does not manage; "
                    + "remove it from there (aws iam remove-role-from-instance-profile --instance-profile-name "
                    + profiles.get(0) + " --role-name " + name + ") or delete the profile, then run again", false);
        }
    }

    private Optional<Role> getRole(IamClient iam, String name) {
        return RolePolicies.NOT_FOUND.orEmpty(() -> iam.getRole(r -> r.roleName(name)).role());
    }

    /** One role after a write: GetRole, its attached policies, its inline policies. */
    private LiveResource readOne(IamClient iam, String name) {
        Role role = getRole(iam, name).orElseThrow(() -> new ProviderException("NoSuchEntity",
                "IAM role " + name + " does not exist", false));
        return toLive(role, IamTags.toMap(role.tags()), RolePolicies.attached(iam, name), RolePolicies.inline(iam, name));
    }

    private static LiveResource toLive(Role r, Map<String, String> tags, List<String> managed, Map<String, Object> inline) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", r.roleName());
        values.put("path", r.path());
        values.put("description", r.description() == null ? "" : r.description());
        values.put("assumeRolePolicy", PolicyDocuments.fromAws(r.assumeRolePolicyDocument()));
        values.put("managedPolicyArns", new ArrayList<>(managed));
        values.put("inlinePolicies", inline);
        values.put("maxSessionDuration", r.maxSessionDuration() == null ? 3600L : r.maxSessionDuration().longValue());
        values.put("tags", AwsTags.userTags(tags));
        values.put(ResourceSchema.ID, r.roleId());
        values.put("arn", r.arn());
        return new LiveResource(r.roleId(), AwsTags.address(tags), values, AwsTags.proof(tags));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    static List<String> strings(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).toList() : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> mapOf(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, ?>) m : Map.of();
    }

    @Override
    public List<Wait> waits() {
        return List.of(AwsWaits.IAM);
    }
}
