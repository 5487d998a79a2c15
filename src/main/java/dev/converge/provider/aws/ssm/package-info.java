/**
 * The stacks' ownership keys in SSM Parameter Store (SecureString), which sign the ownership proofs.
 *
 * <p>One class per type, plus the helpers only this service needs. May depend on the provider SPI,
 * {@code schema}, {@code dev.converge.aws} and {@code provider.aws.common}; never on
 * {@code provider.aws} (the registry), another service package, or the engine.
 */
package dev.converge.provider.aws.ssm;
