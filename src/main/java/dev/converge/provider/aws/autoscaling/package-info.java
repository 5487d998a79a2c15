/**
 * Amazon EC2 Auto Scaling: {@code aws.autoscaling.Group} ({@code GroupResource}), its tags
 * ({@code GroupTags}: Converge's ownership tags stay on the group and never propagate to the
 * instances it launches, which are the group's, not the stack's), instance refreshes
 * ({@code InstanceRefreshes}) and the readiness wait ({@code GroupReadiness}: desired instances
 * InService, and healthy in the group's target groups when it uses ELB health checks).
 */
package dev.converge.provider.aws.autoscaling;
