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

    private AwsWaits() {
    }
}
