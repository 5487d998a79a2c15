package dev.converge.provider.aws.ssm;

import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import dev.converge.provider.OwnershipKeys;
import dev.converge.provider.ProviderException;
import dev.converge.provider.aws.common.NotFound;
import software.amazon.awssdk.services.ssm.model.ParameterType;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/**
 * Ownership keys as SSM SecureString parameters {@code /converge/<stack>/ownership-key} in the
 * target account and region (encrypted with the account's default {@code aws/ssm} KMS key). Reading
 * one needs {@code ssm:GetParameter} and {@code kms:Decrypt}: rights an account grants far more
 * narrowly than tagging.
 */
public final class SsmOwnershipKeys implements OwnershipKeys {

    /** A stack that has no ownership key yet. */
    private static final NotFound NOT_FOUND = NotFound.codes("ParameterNotFound");

    private static final int KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final AwsSession session;

    public SsmOwnershipKeys(AwsSession session) {
        this.session = session;
    }

    public static String parameterName(String stack) {
        return "/converge/" + stack + "/ownership-key";
    }

    @Override
    public Optional<byte[]> read(String stack) {
        try {
            String value = AwsErrors.call(() -> session.ssm().getParameter(r -> r.name(parameterName(stack)).withDecryption(true)))
                    .parameter().value();
            return Optional.of(decode(stack, value));
        } catch (ProviderException e) {
            if (NOT_FOUND.is(e)) return Optional.empty();
            throw new ProviderException(e.code(), "cannot read the ownership key in " + describe(stack) + ": " + e.getMessage(),
                    e.retryable(), e);
        }
    }

    @Override
    public byte[] create(String stack) {
        byte[] key = new byte[KEY_BYTES];
        RANDOM.nextBytes(key);
        try {
            AwsErrors.run(() -> session.ssm().putParameter(r -> r.name(parameterName(stack)).type(ParameterType.SECURE_STRING)
                    .value(Base64.getEncoder().encodeToString(key)).overwrite(false)
                    .description("Converge: signs the ownership proofs of stack " + stack + "; deleted by converge destroy")));
            return key;
        } catch (ProviderException e) {
            // Another run created it between our read and our write: theirs is the key in force.
            if ("ParameterAlreadyExists".equals(e.code())) {
                return read(stack).orElseThrow(() -> new ProviderException("ParameterNotFound", "the ownership key "
                        + describe(stack) + " was reported as existing but cannot be read", true));
            }
            throw new ProviderException(e.code(), "cannot create the ownership key in " + describe(stack) + ": " + e.getMessage(),
                    e.retryable(), e);
        }
    }

    @Override
    public void delete(String stack) {
        NOT_FOUND.ignoring(() -> session.ssm().deleteParameter(r -> r.name(parameterName(stack))));
    }

    @Override
    public String describe(String stack) {
        return "SSM parameter " + parameterName(stack);
    }

    private byte[] decode(String stack, String value) {
        try {
            byte[] key = Base64.getDecoder().decode(value.trim());
            if (key.length >= 16) return key;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ProviderException("InvalidOwnershipKey", "the ownership key in " + describe(stack)
                + " is not the base64 of at least 16 bytes: it was not written by Converge; delete it and run apply", false);
    }
}
