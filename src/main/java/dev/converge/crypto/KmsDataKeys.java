package dev.converge.crypto;

import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.DataKeySpec;
import software.amazon.awssdk.services.kms.model.GenerateDataKeyResponse;
import software.amazon.awssdk.services.kms.model.KmsException;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Data keys from AWS KMS for envelope encryption: {@code GenerateDataKey} (AES-256) for every
 * write, {@code Decrypt} of the stored encrypted data key on read. The plaintext data key lives
 * only in memory for one file.
 */
public final class KmsDataKeys {

    private final KmsClient kms;

    public KmsDataKeys(KmsClient kms) {
        this.kms = kms;
    }

    /**
     * A client from the SDK's default chain (credentials, region, and {@code AWS_ENDPOINT_URL_KMS} or
     * {@code AWS_ENDPOINT_URL} for another endpoint such as the sandbox); a key ARN's region wins.
     */
    static KmsDataKeys fromEnvironment() {
        String keyId = System.getenv(Encryption.KMS_KEY_ID);
        if (keyId == null) keyId = System.getenv(Encryption.PREVIOUS_KMS_KEY_ID);
        KmsClientBuilder b = KmsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder());
        String region = regionOf(keyId);
        if (region != null) b.region(Region.of(region));
        try {
            return new KmsDataKeys(b.build());
        } catch (SdkException e) {
            throw new EncryptionException("cannot use AWS KMS for " + Encryption.KMS_KEY_ID + ": " + e.getMessage()
                    + " (give the key as an ARN, or set AWS_REGION)", e);
        }
    }

    /** A fresh data key: its plaintext for this file, and its KMS-encrypted form for the header. */
    record DataKey(byte[] plaintext, byte[] encrypted) {
    }

    /** What the envelope header records: the KMS key, and the data key it encrypted. */
    record Info(String keyId, byte[] encryptedDataKey) {
    }

    DataKey generate(String keyId) {
        try {
            GenerateDataKeyResponse r = kms.generateDataKey(b -> b.keyId(keyId).keySpec(DataKeySpec.AES_256));
            return new DataKey(r.plaintext().asByteArray(), r.ciphertextBlob().asByteArray());
        } catch (KmsException e) {
            throw new EncryptionException("cannot encrypt with AWS KMS key " + keyId + " (" + Encryption.KMS_KEY_ID + "): "
                    + message(e), e);
        } catch (SdkException e) {
            throw new EncryptionException("cannot reach AWS KMS for key " + keyId + ": " + e.getMessage(), e);
        }
    }

    byte[] decrypt(Info info, String where) {
        try {
            return kms.decrypt(b -> b.keyId(info.keyId()).ciphertextBlob(SdkBytes.fromByteArray(info.encryptedDataKey())))
                    .plaintext().asByteArray();
        } catch (KmsException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            String why = "InvalidCiphertextException".equals(code) || "IncorrectKeyException".equals(code)
                    ? "KMS rejects its data key (a wrong key, or the header was altered)" : message(e);
            throw new EncryptionException(where + " cannot be decrypted with AWS KMS key " + info.keyId() + ": " + why, e);
        } catch (SdkException e) {
            throw new EncryptionException("cannot reach AWS KMS to decrypt " + where + ": " + e.getMessage(), e);
        }
    }

    static byte[] keyInfo(String keyId, byte[] encryptedDataKey) {
        byte[] id = keyId.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(id.length >>> 8);
        out.write(id.length & 0xff);
        out.writeBytes(id);
        out.writeBytes(encryptedDataKey);
        return out.toByteArray();
    }

    static Info parseInfo(byte[] info, String where) {
        ByteBuffer b = ByteBuffer.wrap(info);
        if (b.remaining() < 2) throw new EncryptionException(where + " is an encrypted Converge file but damaged (bad KMS key info)");
        int idLength = b.getShort() & 0xffff;
        if (b.remaining() <= idLength) throw new EncryptionException(where + " is an encrypted Converge file but damaged (bad KMS key info)");
        byte[] id = new byte[idLength];
        b.get(id);
        byte[] blob = new byte[b.remaining()];
        b.get(blob);
        return new Info(new String(id, StandardCharsets.UTF_8), blob);
    }

    private static String regionOf(String keyId) {
        if (keyId == null || !keyId.startsWith("arn:")) return null;
        String[] parts = keyId.split(":", 6);
        return parts.length > 3 && !parts[3].isEmpty() ? parts[3] : null;
    }

    private static String message(KmsException e) {
        return e.awsErrorDetails() == null ? e.getMessage()
                : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
    }
}
