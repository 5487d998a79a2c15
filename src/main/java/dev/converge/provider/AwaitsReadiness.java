package dev.converge.provider;

/**
 * A managed type whose resources can exist and still not serve: a target group whose targets have
 * not passed their health checks yet. After a successful apply, and once everything is recorded in
 * the state, apply waits for each such resource of the stack ({@link #awaitReady}), so that it ends
 * when the site can answer rather than when the last call returned.
 */
public interface AwaitsReadiness {

    /**
     * Waits until {@code resource} serves, reporting what it waits for through {@code ctx.status};
     * returns at once when there is nothing to wait for. Throws a {@link ProviderException} saying
     * why (AWS's reasons) when it does not serve within the type's declared wait.
     */
    void awaitReady(LiveResource resource, ProviderContext ctx);
}
