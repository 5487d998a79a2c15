package dev.converge.provider.aws.acm;

import dev.converge.schema.Fingerprint;

import java.util.regex.Pattern;

/** RequestCertificate's IdempotencyToken must match {@code \w{1,32}}; the engine's tokens may not. */
public final class IdempotencyTokens {

    private static final Pattern ACCEPTED = Pattern.compile("\\w{1,32}");

    private IdempotencyTokens() {
    }

    /**
     * The engine's token as ACM accepts it: unchanged if it already fits, otherwise the first 32
     * hex digits of its SHA-256, so the same engine token always maps to the same ACM token.
     */
    public static String forAcm(String token) {
        if (ACCEPTED.matcher(token).matches()) return token;
        return Fingerprint.sha256(token).substring(0, 32);
    }
}
