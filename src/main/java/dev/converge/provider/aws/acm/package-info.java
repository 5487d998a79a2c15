/**
 * ACM: certificates validated by DNS, with their validation records written into a Route 53 zone
 * through {@code route53.RecordSets}.
 *
 * <p>One class per type, plus the helpers only this service needs. May depend on the provider SPI,
 * {@code schema}, {@code dev.converge.aws}, {@code provider.aws.common} and, for the validation
 * records, {@code provider.aws.route53} (which never imports this package); never on
 * {@code provider.aws} (the registry), another service package, or the engine.
 */
package dev.converge.provider.aws.acm;
