/**
 * Route 53: records, whose ownership is a companion TXT record written in the same atomic change
 * batch ({@code OwnershipRecord}), and the hosted zone lookup; {@code RecordSets} is the record
 * set API the certificate type shares.
 *
 * <p>One class per type, plus the helpers only this service needs. May depend on the provider SPI,
 * {@code schema}, {@code dev.converge.aws} and {@code provider.aws.common}; never on
 * {@code provider.aws} (the registry), another service package, or the engine.
 */
package dev.converge.provider.aws.route53;
