package dev.converge.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.route53.Route53Client;
import software.amazon.awssdk.services.route53.model.HostedZone;
import software.amazon.awssdk.services.route53.model.ResourceRecordSet;

import java.net.URI;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/**
 * What public DNS would answer, approximated from the account itself: a name resolves if a record
 * exists in the hosted zone it falls in (the longest zone name that is a suffix of it). Reads moto
 * directly, not through the proxy, so it neither counts as Converge's calls nor meets its faults.
 */
public final class Route53Lookup implements AwsBehaviour.DnsLookup {

    private final Route53Client route53;

    public Route53Lookup(URI moto) {
        route53 = Route53Client.builder().endpointOverride(moto).region(Region.AWS_GLOBAL)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing"))).build();
    }

    @Override
    public boolean exists(String name, String type) {
        String fqdn = qualified(name);
        Optional<HostedZone> zone = route53.listHostedZones().hostedZones().stream()
                .filter(z -> !z.config().privateZone())
                .filter(z -> fqdn.equals(qualified(z.name())) || fqdn.endsWith("." + qualified(z.name())))
                .max(Comparator.comparingInt(z -> z.name().length()));
        if (zone.isEmpty()) return false;
        for (ResourceRecordSet r : route53.listResourceRecordSets(b -> b.hostedZoneId(zone.get().id())
                .startRecordName(fqdn).startRecordType(type)).resourceRecordSets()) {
            if (qualified(r.name()).equals(fqdn) && r.typeAsString().equals(type)) return true;
        }
        return false;
    }

    private static String qualified(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }
}
