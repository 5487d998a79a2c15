package dev.converge.aws;

import java.io.PrintStream;
import java.net.URI;
import java.time.Duration;

/**
 * How to reach AWS. Null fields fall back to the SDK's own resolution: the default credential chain
 * (environment, profiles including SSO, instance roles), region from environment or profile, and
 * endpoints from {@code AWS_ENDPOINT_URL} / {@code AWS_ENDPOINT_URL_<SERVICE>}.
 *
 * @param sandbox  the local moto sandbox: fixed dummy credentials, path-style S3
 * @param debugLog where {@code --debug} logs each call, or null
 */
public record AwsSettings(String region, String profile, URI endpoint, boolean sandbox, PrintStream debugLog,
                          Duration apiCallTimeout, Duration attemptTimeout) {

    public static AwsSettings defaults(String region) {
        return new AwsSettings(region, null, null, false, null, Duration.ofMinutes(2), Duration.ofSeconds(30));
    }

    public AwsSettings withEndpoint(URI uri, boolean isSandbox) {
        return new AwsSettings(region, profile, uri, isSandbox, debugLog, apiCallTimeout, attemptTimeout);
    }

    public AwsSettings withProfile(String p) {
        return new AwsSettings(region, p, endpoint, sandbox, debugLog, apiCallTimeout, attemptTimeout);
    }

    public AwsSettings withDebugLog(PrintStream log) {
        return new AwsSettings(region, profile, endpoint, sandbox, log, apiCallTimeout, attemptTimeout);
    }
}
