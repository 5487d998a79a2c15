/**
 * The connection to AWS, shared by the provider and the S3 state store: {@code AwsSession} (one
 * lazily built SDK client per service over one HTTP client, standard retries, call timeouts, call
 * counting and {@code --debug}), {@code AwsSettings}, {@code ApiCallCounter}, and {@code AwsErrors},
 * the one translation of SDK failures into {@code ProviderException}s (code, message, retryable).
 *
 * <p>A leaf: it depends on the SDK, {@code secrets} and the provider SPI's exception only; it knows
 * no resource type, and nothing in it may import {@code provider.aws} or {@code state}.
 */
package dev.converge.aws;
