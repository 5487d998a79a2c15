package dev.converge.provider.aws.iam;

import dev.converge.aws.AwsErrors;
import dev.converge.provider.aws.common.NotFound;
import dev.converge.provider.aws.common.PolicyDocuments;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AttachedPolicy;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** A role's attached managed policies and inline policies: read one role's, and bring them to what is desired. */
final class RolePolicies {

    /** A role, or a policy attachment, that is already gone. */
    static final NotFound NOT_FOUND = NotFound.codes("NoSuchEntity");

    private RolePolicies() {
    }

    /** The ARNs of the managed policies attached to {@code role}, sorted. */
    static List<String> attached(IamClient iam, String role) {
        List<String> out = new ArrayList<>();
        AwsErrors.run(() -> iam.listAttachedRolePoliciesPaginator(r -> r.roleName(role).maxItems(IamRoles.PAGE))
                .attachedPolicies().forEach(p -> out.add(p.policyArn())));
        out.sort(null);
        return out;
    }

    /** The names of {@code role}'s inline policies. */
    static List<String> inlineNames(IamClient iam, String role) {
        List<String> out = new ArrayList<>();
        AwsErrors.run(() -> iam.listRolePoliciesPaginator(r -> r.roleName(role).maxItems(IamRoles.PAGE))
                .policyNames().forEach(out::add));
        return out;
    }

    /** {@code role}'s inline policies, name → canonical document (one GetRolePolicy each: IAM has no batch for one role). */
    static Map<String, Object> inline(IamClient iam, String role) {
        Map<String, Object> out = new TreeMap<>();
        for (String name : inlineNames(iam, role)) {
            String doc = AwsErrors.call(() -> iam.getRolePolicy(r -> r.roleName(role).policyName(name))).policyDocument();
            out.put(name, PolicyDocuments.fromAws(doc));
        }
        return out;
    }

    /**
     * Attaches what is desired and not attached, then detaches what is no longer desired: a policy
     * moving between the two never leaves the role without the permissions both grant.
     */
    static void syncAttached(IamClient iam, String role, List<String> current, List<String> desired) {
        Set<String> want = new LinkedHashSet<>(desired);
        for (String arn : want) {
            if (!current.contains(arn)) AwsErrors.run(() -> iam.attachRolePolicy(r -> r.roleName(role).policyArn(arn)));
        }
        for (String arn : current) {
            if (!want.contains(arn)) NOT_FOUND.ignoring(() -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
        }
    }

    /** Writes the inline policies that are new or changed, then deletes those no longer desired. */
    static void syncInline(IamClient iam, String role, Map<String, Object> current, Map<String, ?> desired) {
        desired.forEach((name, doc) -> {
            Object canonical = PolicyDocuments.normalize(doc);
            if (!canonical.equals(current.get(name))) {
                String json = PolicyDocuments.toJson(doc);
                AwsErrors.run(() -> iam.putRolePolicy(r -> r.roleName(role).policyName(name).policyDocument(json)));
            }
        });
        for (String name : current.keySet()) {
            if (!desired.containsKey(name)) NOT_FOUND.ignoring(() -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(name)));
        }
    }

    /** Before a role can be deleted: every managed policy detached and every inline policy deleted. */
    static void clear(IamClient iam, String role) {
        for (String arn : NOT_FOUND.orEmpty(() -> attached(iam, role)).orElse(List.of())) {
            NOT_FOUND.ignoring(() -> iam.detachRolePolicy(r -> r.roleName(role).policyArn(arn)));
        }
        for (String name : NOT_FOUND.orEmpty(() -> inlineNames(iam, role)).orElse(List.of())) {
            NOT_FOUND.ignoring(() -> iam.deleteRolePolicy(r -> r.roleName(role).policyName(name)));
        }
    }

    static List<String> arns(List<AttachedPolicy> policies) {
        return policies.stream().map(AttachedPolicy::policyArn).sorted().toList();
    }
}
