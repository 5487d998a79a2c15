package dev.converge.provider.aws.s3;

import dev.converge.schema.StringType;

import java.util.Locale;

/**
 * S3's rules for general purpose bucket names, checked when the stack is loaded, and the names
 * Converge makes from a {@code namePrefix}.
 *
 * <p>The rules (AWS, "General purpose bucket naming rules"): 3–63 characters; lowercase letters,
 * digits, dots and hyphens; beginning and ending with a letter or digit; no two adjacent dots; not
 * formatted as an IPv4 address; not beginning with {@code xn--}, {@code sthree-} or
 * {@code amzn-s3-demo-}; not ending with {@code -s3alias}, {@code --ol-s3}, {@code .mrap},
 * {@code --x-s3} or {@code --table-s3}.
 */
final class BucketNames {

    private static final String RESERVED_START = "(?!xn--|sthree-|amzn-s3-demo-)";
    private static final String NO_DOUBLE_DOT = "(?!.*\\.\\.)";

    static final StringType NAME = StringType.matching("^" + RESERVED_START + NO_DOUBLE_DOT
                    + "(?!.*(?:-s3alias|--ol-s3|\\.mrap|--x-s3|--table-s3)$)(?!\\d{1,3}(?:\\.\\d{1,3}){3}$)"
                    + "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$",
            "3–63 lowercase letters, digits, dots and hyphens, starting and ending with a letter or digit, no two dots "
                    + "in a row, not an IP address, not starting with xn--, sthree- or amzn-s3-demo-, not ending with "
                    + "-s3alias, --ol-s3, .mrap, --x-s3 or --table-s3");

    /** Hex characters Converge appends to a prefix: 64 bits, so that two creates never collide. */
    static final int SUFFIX_LENGTH = 16;
    static final int MAX_PREFIX = 63 - SUFFIX_LENGTH;

    static final StringType PREFIX = StringType.matching("^" + RESERVED_START + NO_DOUBLE_DOT
                    + "[a-z0-9][a-z0-9.-]{0," + (MAX_PREFIX - 1) + "}$",
            "1–" + MAX_PREFIX + " lowercase letters, digits, dots and hyphens, starting with a letter or digit, no two "
                    + "dots in a row, not starting with xn--, sthree- or amzn-s3-demo- (Converge appends " + SUFFIX_LENGTH
                    + " characters)");

    private BucketNames() {
    }

    /**
     * The name a create with {@code namePrefix} gives its bucket: the prefix and the first
     * {@value #SUFFIX_LENGTH} characters of the create's idempotency token. The token is written to
     * the state as the pending create before the call, so a rerun of an interrupted create computes
     * the very same name (and finds the bucket it made), while a replacement, with a new token, gets
     * a new name. Once created, the name is recorded in the state with the bucket and never recomputed.
     */
    static String fromPrefix(String prefix, String idempotencyToken) {
        String token = idempotencyToken.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
        if (token.length() < SUFFIX_LENGTH) throw new IllegalArgumentException("idempotency token too short for a bucket name");
        return prefix + token.substring(0, SUFFIX_LENGTH);
    }
}
