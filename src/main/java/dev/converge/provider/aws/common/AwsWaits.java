package dev.converge.provider.aws.common;

import dev.converge.provider.Wait;

import java.time.Duration;

/** What the AWS types wait for, and for how long by default (AWS's own timings, with room to spare). */
public final class AwsWaits {

    /** ACM issues a DNS-validated certificate within minutes once its CNAME resolves; delegation can take longer. */
    public static final Wait CERTIFICATE = new Wait("certificate", Duration.ofMinutes(45),
            "an ACM certificate to be issued after its DNS validation records are written");
    /** Route 53 propagates a change to every name server within about a minute. */
    public static final Wait DNS = new Wait("dns", Duration.ofMinutes(10),
            "a Route 53 change to reach every name server (INSYNC)");
    public static final Wait INSTANCE = new Wait("instance", Duration.ofMinutes(10),
            "an EC2 instance to be running, stopped (for a type change) or terminated");
    public static final Wait LOAD_BALANCER = new Wait("load-balancer", Duration.ofMinutes(10),
            "a load balancer to become active, or to be gone after its deletion");
    /** Health checks take healthy-threshold × interval (150 s by default), draining the deregistration delay (300 s). */
    public static final Wait TARGETS = new Wait("targets", Duration.ofMinutes(15),
            "targets to pass their health checks: at the end of every apply, the targets of each target group a load "
                    + "balancer uses; when targets are replaced, those that stay (then the removed ones to drain)");
    public static final Wait SECURITY_GROUP = new Wait("security-group", Duration.ofMinutes(2),
            "a new security group to be visible to the calls that follow (EC2 is eventually consistent)");
    /** Instances boot in a minute or two, then ELB health checks pass after their grace period (300 s is usual). */
    public static final Wait AUTO_SCALING_GROUP = new Wait("auto-scaling-group", Duration.ofMinutes(15),
            "an Auto Scaling group's desired instances to be InService (and healthy in its target groups with ELB health "
                    + "checks), or the group and its instances to be gone after its deletion");
    /** A refresh replaces instances in batches, each waiting for its warm-up and health checks. */
    public static final Wait INSTANCE_REFRESH = new Wait("instance-refresh", Duration.ofMinutes(60),
            "an Auto Scaling instance refresh to replace the instances launched from an older launch template version");

    /**
     * IAM is eventually consistent: a role or instance profile just created can be missing from
     * reads (and unknown to EC2) for some seconds.
     */
    public static final Wait IAM = new Wait("iam", Duration.ofMinutes(2),
            "a new IAM role or instance profile to be visible to the calls that follow (IAM is eventually consistent)");

    /** A new VPC or subnet is usually available within seconds. */
    public static final Wait NETWORK = new Wait("network", Duration.ofMinutes(5),
            "a new VPC or subnet to be available, a new route table to be visible to the calls that follow");
    /** AWS takes a few minutes to provision a NAT gateway and as long to delete it (it then releases its address and interface). */
    public static final Wait NAT_GATEWAY = new Wait("nat-gateway", Duration.ofMinutes(20),
            "a NAT gateway to become available, or to be deleted (which releases its Elastic IP and its subnet)");

    private AwsWaits() {
    }
}
