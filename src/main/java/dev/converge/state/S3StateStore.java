package dev.converge.state;

import dev.converge.json.Json;
import dev.converge.aws.AwsErrors;
import dev.converge.aws.AwsSession;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * State in S3, for CI runners that share a stack. Concurrency is decided by S3 itself with
 * conditional writes: the lock object is created with {@code If-None-Match: *} (only one creator
 * wins), and the state is replaced with {@code If-Match: <ETag last read>} (a writer that did not see
 * the latest version is refused). The previous version is copied to {@code KEY.backup} first.
 */
public final class S3StateStore implements StateStore {

    private static final Duration POLL = Duration.ofSeconds(1);

    private final S3Client s3;
    private final String bucket;
    private final String key;
    private final String lockKey;
    private String lastEtag;

    public S3StateStore(S3Client s3, String bucket, String key) {
        this.s3 = s3;
        this.bucket = bucket;
        this.key = key;
        this.lockKey = key + ".lock";
    }

    /** From the stack's {@code backend: s3://bucket/key}: the object at {@code key} itself. */
    public static S3StateStore fromUri(String uri, AwsSession session) {
        URI u = URI.create(uri);
        String key = u.getPath().startsWith("/") ? u.getPath().substring(1) : u.getPath();
        return new S3StateStore(session.s3(), u.getHost(), key);
    }

    /**
     * The state of {@code backend: s3://bucket/key} for one target: {@code s3://bucket/TARGET/key}, so
     * that one bucket holds the stack's state for every account and region it is applied to, and an
     * IAM policy can grant a runner one target's prefix only.
     */
    public static S3StateStore forTarget(String uri, Target target, AwsSession session) {
        URI u = URI.create(uri);
        String key = u.getPath().startsWith("/") ? u.getPath().substring(1) : u.getPath();
        return new S3StateStore(session.s3(), u.getHost(), target.key() + "/" + key);
    }

    @Override
    public String describe() {
        return "s3://" + bucket + "/" + key;
    }

    @Override
    public synchronized Optional<State> read() {
        try {
            ResponseBytes<GetObjectResponse> obj = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
            State s = StateCodec.decode(obj.asString(StandardCharsets.UTF_8), describe());
            lastEtag = obj.response().eTag();
            return Optional.of(s);
        } catch (NoSuchKeyException e) {
            lastEtag = null;
            return Optional.empty();
        } catch (S3Exception e) {
            throw explained(e);
        } catch (SdkClientException e) {
            throw AwsErrors.translate(e);
        } catch (StateCorruptException e) {
            throw new StateCorruptException(e.getMessage() + ". The previous version is at s3://" + bucket + "/" + key
                    + ".backup (or in the bucket's version history). Nothing was changed.", e);
        }
    }

    @Override
    public synchronized State write(State next) {
        long serial = next.serial() + 1;
        State written = next.withSerial(serial);
        PutObjectRequest.Builder put = PutObjectRequest.builder().bucket(bucket).key(key).contentType("application/json");
        if (lastEtag == null) {
            put.ifNoneMatch("*");
        } else {
            put.ifMatch(lastEtag);
            // Conditional too: a writer that lost the race must not replace the backup (the version
            // before the winner's) with the winner's current state.
            String expected = lastEtag;
            try {
                s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).copySourceIfMatch(expected)
                        .destinationBucket(bucket).destinationKey(key + ".backup"));
            } catch (S3Exception e) {
                if (e.statusCode() == 412) throw conflict(e);
                throw new IllegalStateException("cannot back up " + describe() + ": " + e.awsErrorDetails().errorMessage(), e);
            } catch (SdkClientException e) {
                throw AwsErrors.translate(e);
            }
        }
        try {
            lastEtag = s3.putObject(put.build(), RequestBody.fromBytes(StateCodec.encode(written))).eTag();
        } catch (S3Exception e) {
            if (e.statusCode() == 412 || e.statusCode() == 409) throw conflict(e);
            throw explained(e);
        } catch (SdkClientException e) {
            throw AwsErrors.translate(e);
        }
        return written;
    }

    /**
     * A missing bucket is the first thing a new user of the S3 backend meets: say which bucket and
     * how to make it, rather than S3's bare 404.
     */
    private RuntimeException explained(S3Exception e) {
        String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
        if (!"NoSuchBucket".equals(code)) return AwsErrors.translate(e);
        return AwsErrors.explained(e, "the state bucket '" + bucket + "' of backend "
                + describe() + " does not exist. Create it once, with versioning on so every state version is kept: "
                + "aws s3api create-bucket --bucket " + bucket + " --create-bucket-configuration LocationConstraint=REGION && "
                + "aws s3api put-bucket-versioning --bucket " + bucket + " --versioning-configuration Status=Enabled "
                + "(in the sandbox: aws --endpoint-url URL s3 mb s3://" + bucket + ")");
    }

    private StateConflictException conflict(S3Exception e) {
        return new StateConflictException(describe() + " was written by someone else since this process read it; run the command again", e);
    }

    @Override
    public synchronized String moveAside(String suffix) {
        String aside = key + suffix;
        try {
            s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey(aside));
            s3.deleteObject(b -> b.bucket(bucket).key(key));
        } catch (S3Exception e) {
            throw explained(e);
        } catch (SdkClientException e) {
            throw AwsErrors.translate(e);
        }
        lastEtag = null;
        return "s3://" + bucket + "/" + aside;
    }

    @Override
    public StateLock lock(String operation, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        LockHolder me = LockHolder.current(operation);
        while (true) {
            try {
                String etag = s3.putObject(b -> b.bucket(bucket).key(lockKey).ifNoneMatch("*").contentType("application/json"),
                        RequestBody.fromString(Json.write(me), StandardCharsets.UTF_8)).eTag();
                return () -> release(etag);
            } catch (S3Exception e) {
                if (e.statusCode() != 412 && e.statusCode() != 409) throw explained(e);
            } catch (SdkClientException e) {
                throw AwsErrors.translate(e);
            }
            if (System.nanoTime() >= deadline) {
                LockHolder holder = holder();
                throw new LockedException("state " + describe() + " is locked by "
                        + (holder == null ? "another process" : holder.describe())
                        + ". If that process is gone, run `converge state unlock`.");
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LockedException("interrupted while waiting for the lock on " + describe());
            }
        }
    }

    /**
     * Deletes the lock only if it is still the object this holder wrote: if it was broken (forceUnlock)
     * while this process still ran, it may now be the next holder's lock, which is not ours to remove.
     */
    private void release(String etag) {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(lockKey).ifMatch(etag));
        } catch (NoSuchKeyException gone) {
            // broken and not retaken: nothing to release
        } catch (S3Exception e) {
            // 412: the lock is another holder's now; 409: another request replaced or deleted it meanwhile
            if (e.statusCode() != 412 && e.statusCode() != 409 && e.statusCode() != 404) throw e;
        }
    }

    private LockHolder holder() {
        try {
            return Json.mapper().readValue(s3.getObjectAsBytes(b -> b.bucket(bucket).key(lockKey)).asUtf8String(), LockHolder.class);
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void forceUnlock() {
        try {
            s3.deleteObject(b -> b.bucket(bucket).key(lockKey));
        } catch (S3Exception e) {
            throw explained(e);
        } catch (SdkClientException e) {
            throw AwsErrors.translate(e);
        }
    }
}
