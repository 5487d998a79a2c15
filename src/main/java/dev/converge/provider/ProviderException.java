package dev.converge.provider;

import dev.converge.secrets.SensitiveStrings;

/**
 * A failed provider operation with the cloud's error code and message, and whether waiting and
 * trying again may succeed (a dependency still draining, a resource not yet visible). AWS's messages
 * echo the inputs they reject ("no image named SECRET-*"), so sensitive strings are masked here,
 * before the message can reach a printout, a state file or a log.
 */
public final class ProviderException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ProviderException(String code, String message, boolean retryable) {
        super(SensitiveStrings.scrub(message));
        this.code = code;
        this.retryable = retryable;
    }

    public ProviderException(String code, String message, boolean retryable, Throwable cause) {
        super(SensitiveStrings.scrub(message), cause);
        this.code = code;
        this.retryable = retryable;
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }
}
