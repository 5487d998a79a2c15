package dev.converge.provider.aws.iam;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.ProviderContext;
import dev.converge.provider.aws.common.AwsTags;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.EntityType;
import software.amazon.awssdk.services.iam.model.Role;
import software.amazon.awssdk.services.iam.model.RoleDetail;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The account's roles as one listing, shared by the IAM types of one refresh.
 *
 * <p>Why a listing: IAM is global and has no tag filter. {@code ListRoles} and
 * {@code ListInstanceProfiles} omit tags (AWS documents it), and the Resource Groups Tagging API
 * does not cover IAM roles or instance profiles, so the only read that finds a stack's roles by their
 * ownership tags without one call per role is {@code GetAccountAuthorizationDetails} filtered to
 * roles: each role with its tags, trust policy, inline policies (documents included), attached
 * managed policies and instance profiles, up to 1000 roles a page. It lacks only the description and
 * the maximum session duration, which one {@code ListRoles} (again 1000 a page) adds for the roles
 * that matched. An account with fewer than 1000 roles is read in 2 calls whatever the stack holds,
 * where reading role by role costs 3 calls plus one per inline policy for each role.
 */
final class IamRoles {

    /** The largest page IAM's list calls return. */
    static final int PAGE = 1000;

    private IamRoles() {
    }

    /** Every role of the account with its policies and tags: read once per refresh. */
    static List<RoleDetail> all(IamClient iam, ProviderContext ctx) {
        return ctx.shared("iam roles with their policies, tags and instance profiles", () -> {
            List<RoleDetail> out = new ArrayList<>();
            AwsErrors.run(() -> iam.getAccountAuthorizationDetailsPaginator(r -> r.filter(EntityType.ROLE).maxItems(PAGE))
                    .roleDetailList().forEach(out::add));
            return out;
        });
    }

    /** The roles the stack owns by its tags, or whose id the state knows. */
    static List<RoleDetail> ownedOrKnown(List<RoleDetail> all, String stack, Collection<String> knownRoleIds) {
        Set<String> known = Set.copyOf(knownRoleIds);
        return all.stream().filter(d -> known.contains(d.roleId()) || AwsTags.ownedBy(IamTags.toMap(d.tags()), stack)).toList();
    }

    /** ListRoles' view (description, maximum session duration) of the given roles, by role id. */
    static Map<String, Role> listed(IamClient iam, Collection<String> roleIds) {
        Map<String, Role> out = new HashMap<>();
        if (roleIds.isEmpty()) return out;
        Set<String> wanted = Set.copyOf(roleIds);
        AwsErrors.run(() -> iam.listRolesPaginator(r -> r.maxItems(PAGE)).roles().forEach(role -> {
            if (wanted.contains(role.roleId())) out.put(role.roleId(), role);
        }));
        return out;
    }
}
