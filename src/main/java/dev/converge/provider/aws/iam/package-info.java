/**
 * IAM, which is global (one client for every region): {@code RoleResource} (trust policy, managed and
 * inline policies compared by meaning through {@code PolicyDocuments}) and
 * {@code InstanceProfileResource} (how EC2 gets a role). {@code IamRoles} is the one role listing a
 * refresh shares ({@code GetAccountAuthorizationDetails}: IAM's only read that carries tags without
 * one call per role); {@code RolePolicies} reads and syncs one role's policies; {@code IamTags} the
 * tag calls.
 */
package dev.converge.provider.aws.iam;
