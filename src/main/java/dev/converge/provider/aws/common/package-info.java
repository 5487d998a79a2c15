/**
 * What every AWS type does the same way, one way per concern: {@code AwsType} (name, schema,
 * session), {@code AwsWaits} (the declared waits) and {@code Polling} (the one way to wait: backoff,
 * deadline from {@code --timeout}, progress line, one error code), {@code Adoption} (finding the
 * resource an interrupted create already made, by its ownership proof, and saying so),
 * {@code NotFound} (each type's declared "does not exist" codes: a missing one reads as absent and
 * deletes as success), {@code AwsTags} and {@code TagChanges} (tags as a map; the one rule for
 * tag updates: {@code converge:*} tags are never removed), {@code TaggedResources} (what a stack
 * owns of a kind, with its tags, from the tagging API), {@code CheckReads}.
 *
 * <p>Depends on the provider SPI and {@code dev.converge.aws}; never on a service package or on
 * {@code provider.aws}.
 */
package dev.converge.provider.aws.common;
