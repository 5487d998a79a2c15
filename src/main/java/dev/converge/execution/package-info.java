/**
 * How the engine paces and reports its provider calls: {@code EngineSettings} (parallelism, polls,
 * timeouts, retries), {@code Progress} (where lines go) and {@code ActionContext}, the
 * {@code ProviderContext} of one call. Depends only on {@code provider}.
 */
package dev.converge.execution;
