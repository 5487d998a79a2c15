package dev.converge.provider;

/**
 * A failed provider operation with the cloud's error code and message, and whether waiting and
 * trying again may succeed (a dependency still draining, a resource not yet visible).
 */
public final class ProviderException extends RuntimeException {

    private final String code;
    private final boolean retryable;

    public ProviderException(String code, String message, boolean retryable) {
        super(message);
        this.code = code;
        this.retryable = retryable;
    }

    public ProviderException(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
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
