package dev.converge.provider.aws.route53;

/** Hosted zone ids: Route 53 answers {@code /hostedzone/Z123}; stacks and physical ids use {@code Z123}. */
public final class HostedZoneIds {

    private static final String PREFIX = "/hostedzone/";

    private HostedZoneIds() {
    }

    public static String bare(String id) {
        if (id == null) return null;
        return id.startsWith(PREFIX) ? id.substring(PREFIX.length()) : id;
    }
}
