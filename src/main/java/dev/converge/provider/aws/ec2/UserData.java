package dev.converge.provider.aws.ec2;

import dev.converge.provider.ProviderException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * User data as EC2 takes it, for an instance and a launch template alike: the stack writes plain
 * text, EC2 wants base64 of at most 16 KiB of raw bytes. Refused before any call, with the fix.
 */
public final class UserData {

    /** EC2's limit on user data, before base64 encoding. */
    static final int MAX_BYTES = 16 * 1024;

    private UserData() {
    }

    /** The base64 form EC2 takes; throws {@code InvalidUserData} past EC2's limit. */
    static String encode(String userData) {
        byte[] bytes = userData.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > MAX_BYTES) {
            throw new ProviderException("InvalidUserData", "userData is " + bytes.length + " bytes; EC2 accepts at most "
                    + MAX_BYTES + " (compress it with gzip, or have it download the rest)", false);
        }
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** The plain text of user data read back (a launch template version returns it in base64). */
    static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
    }
}
