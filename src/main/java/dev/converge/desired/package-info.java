/**
 * What each resource is asked to be: the {@code Resolver} of references against what is known so
 * far, AWS's {@code Defaults}, and {@code DesiredProperties} (the properties and tags a provider
 * receives). Refresh (lookups), plan, apply, checks and costs all resolve through here, so they agree.
 * Depends only on {@code addr}, {@code stack}, {@code expr}, {@code schema} and {@code provider}.
 */
package dev.converge.desired;
