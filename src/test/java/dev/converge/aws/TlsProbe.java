package dev.converge.aws;

import java.net.URI;

/**
 * Asks an HTTPS endpoint who we are through an {@link AwsSession}, in a JVM of its own: the trust
 * store a JVM uses is fixed at its first handshake, so {@link DefaultTrustTest} starts one with the
 * store it wants. Prints the account, or exits 1 with the failure.
 */
public final class TlsProbe {

    private TlsProbe() {
    }

    public static void main(String[] args) {
        try (AwsSession session = new AwsSession(AwsSettings.defaults("us-east-1").withEndpoint(URI.create(args[0]), true))) {
            System.out.println(session.accountId());
        } catch (RuntimeException e) {
            for (Throwable c = e; c != null; c = c.getCause()) System.out.println(c);
            System.exit(1);
        }
    }
}
