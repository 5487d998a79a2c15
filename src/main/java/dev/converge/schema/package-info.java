/**
 * Property types ({@link dev.converge.schema.Type} and its kinds), the object types resource schemas
 * are made of, and the runtime values they check ({@link dev.converge.schema.Values},
 * {@link dev.converge.schema.Unknown} for what is only known after apply).
 *
 * <p>A leaf package: it depends on nothing of Converge's. The provider SPI, the expression language
 * and the loader build on it; what is generated from schemas lives in {@code docs}.
 */
package dev.converge.schema;
