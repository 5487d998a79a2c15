/**
 * The provider SPI: the roles a resource type implements ({@code ResourceType}, {@code ManagedType},
 * {@code Updatable}, {@code DataType}, {@code PlanChecked}, {@code AwaitsReadiness}), how a type
 * carries ownership ({@code OwnershipCarrier}), ownership itself ({@code Ownership},
 * {@code OwnershipProof}, {@code OwnershipKeys}), declared waits ({@code Wait}), the context an
 * operation runs in, and {@code ProviderException}.
 *
 * <p>The engine ({@code refresh}, {@code plan}, {@code apply}, {@code cli}) depends on this package
 * and never on an implementation. It depends only on {@code schema} and {@code secrets}.
 */
package dev.converge.provider;
