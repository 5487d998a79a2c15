package dev.converge.state;

/**
 * A create that was started: written before the create call, removed once it is recorded, so a
 * rerun after a crash reuses the idempotency token and AWS returns the first resource.
 */
public record PendingCreate(String type, String idempotencyToken, String startedAt) {
}
