package dev.converge.state;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Where a stack's resources live: an AWS account and region, reached through AWS itself, the local
 * sandbox, or another endpoint (LocalStack, a moto server). States and saved plans record their
 * target, each target keeps its own state and lock, and nothing made for one target is read or
 * applied against another: the same stack file can then serve staging, production and the sandbox
 * side by side, and a plan reviewed for the sandbox can never run against an account.
 *
 * @param kind     {@code aws}, {@code sandbox} or {@code endpoint}
 * @param account  the account id (STS GetCallerIdentity)
 * @param region   the region
 * @param endpoint the endpoint override, null on AWS; shown in messages, and part of the identity
 *                 of an {@code endpoint} target only (the sandbox may move to another port)
 */
public record Target(String kind, String account, String region, String endpoint) {

    public static final String AWS = "aws";
    public static final String SANDBOX = "sandbox";
    public static final String ENDPOINT = "endpoint";

    public Target {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(region, "region");
        if (!kind.equals(AWS) && !kind.equals(SANDBOX) && !kind.equals(ENDPOINT)) {
            throw new IllegalArgumentException("unknown target kind " + kind);
        }
    }

    public static Target of(String account, String region, URI endpoint, boolean sandbox) {
        if (sandbox) return new Target(SANDBOX, account, region, endpoint == null ? null : endpoint.toString());
        if (endpoint != null) return new Target(ENDPOINT, account, region, endpoint.toString());
        return new Target(AWS, account, region, null);
    }

    public boolean sandbox() {
        return kind.equals(SANDBOX);
    }

    /** True if both name the same place: same kind, account and region (and endpoint, for an endpoint target). */
    public boolean sameAs(Target other) {
        return other != null && kind.equals(other.kind) && account.equals(other.account) && region.equals(other.region)
                && (!kind.equals(ENDPOINT) || Objects.equals(endpoint, other.endpoint));
    }

    /**
     * A name safe in file names and S3 keys that tells targets apart: {@code aws-123456789012-ap-northeast-2},
     * {@code sandbox-123456789012-ap-northeast-2}, {@code endpoint-localhost-4566-000000000000-us-east-1}.
     */
    public String key() {
        String base = kind + "-";
        if (kind.equals(ENDPOINT)) {
            URI u = URI.create(endpoint);
            String host = u.getHost() == null ? endpoint : u.getHost() + (u.getPort() > 0 ? "-" + u.getPort() : "");
            base += host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]+", "-") + "-";
        }
        return base + account + "-" + region;
    }

    /** For the first line of every command: "AWS account 123456789012, region ap-northeast-2". */
    public String describe() {
        return switch (kind) {
            case SANDBOX -> "the local sandbox (moto" + (endpoint == null ? "" : " at " + endpoint) + ", not AWS), account "
                    + account + ", region " + region;
            case ENDPOINT -> "endpoint " + endpoint + " (not AWS), account " + account + ", region " + region;
            default -> "AWS account " + account + ", region " + region;
        };
    }

    /** The command-line options that select this target, for hints such as "apply it with ...". */
    public String options() {
        return switch (kind) {
            case SANDBOX -> "--sandbox";
            case ENDPOINT -> "--endpoint " + endpoint;
            default -> "";
        };
    }

    @Override
    public String toString() {
        return describe();
    }
}
