/**
 * ELBv2: load balancers, target groups (with target rotation and the readiness wait on target
 * health) and listeners; {@code Elbv2Tags} reads ownership with DescribeTags (ELBv2 describes
 * return no tags) and updates tags. In a refresh, the three types share one listing of load balancers and target groups with their tags
 * ({@code Elbv2Listing}).
 *
 * <p>One class per type, plus the helpers only this service needs. May depend on the provider SPI,
 * {@code schema}, {@code dev.converge.aws} and {@code provider.aws.common}; never on
 * {@code provider.aws} (the registry), another service package, or the engine.
 */
package dev.converge.provider.aws.elbv2;
