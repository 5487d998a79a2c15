/**
 * The AWS provider's registry: {@code AwsProvider} lists every AWS type against one session and
 * the SSM ownership keys. Adding a type means one line here.
 *
 * <p>Only the command line imports it (to build the registry); it imports the service packages.
 * No service package imports it: what they share is in {@code provider.aws.common}.
 */
package dev.converge.provider.aws;
